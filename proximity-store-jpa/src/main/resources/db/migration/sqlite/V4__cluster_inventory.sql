-- The cluster inventory: the latest state of every node, guest, storage and task a sync saw, and
-- a snapshot per change. Each row keeps the whole resource as a JSON document; the columns beside
-- it are what listings filter and sort on. Tags are stored ';a;b;' so one is matched whole.
CREATE TABLE inventory_resource (
    id            TEXT    NOT NULL,
    type          TEXT    NOT NULL,
    node          TEXT    NOT NULL,
    status        TEXT,
    tags          TEXT    NOT NULL,
    changed_at_ms INTEGER NOT NULL,
    document      TEXT    NOT NULL,
    CONSTRAINT pk_inventory_resource PRIMARY KEY (id)
);
CREATE INDEX ix_inventory_resource_type_node ON inventory_resource (type, node, id);

-- Snapshot ids are the time in zero-padded milliseconds then the resource id, so id order is time order.
CREATE TABLE inventory_change (
    id          TEXT    NOT NULL,
    resource_id TEXT    NOT NULL,
    change_type TEXT    NOT NULL,
    at_ms       INTEGER NOT NULL,
    document    TEXT    NOT NULL,
    CONSTRAINT pk_inventory_change PRIMARY KEY (id)
);
CREATE INDEX ix_inventory_change_resource ON inventory_change (resource_id, id);
CREATE INDEX ix_inventory_change_at ON inventory_change (at_ms);
