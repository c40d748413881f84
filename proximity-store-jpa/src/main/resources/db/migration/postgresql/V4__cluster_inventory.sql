-- The cluster inventory: the latest state of every node, guest, storage and task a sync saw, and
-- a snapshot per change. Each row keeps the whole resource as a JSON document; the columns beside
-- it are what listings filter and sort on. Tags are stored ';a;b;' so one is matched whole.
CREATE TABLE inventory_resource (
    id            VARCHAR(512) COLLATE "C" NOT NULL,
    type          VARCHAR(16)  NOT NULL,
    node          VARCHAR(255) COLLATE "C" NOT NULL,
    status        VARCHAR(255) COLLATE "C",
    tags          TEXT         COLLATE "C" NOT NULL,
    changed_at_ms BIGINT       NOT NULL,
    document      JSONB        NOT NULL,
    CONSTRAINT pk_inventory_resource PRIMARY KEY (id)
);
CREATE INDEX ix_inventory_resource_type_node ON inventory_resource (type, node, id);

-- Snapshot ids are the time in zero-padded milliseconds then the resource id, so id order is time order.
CREATE TABLE inventory_change (
    id          VARCHAR(600) COLLATE "C" NOT NULL,
    resource_id VARCHAR(512) COLLATE "C" NOT NULL,
    change_type VARCHAR(16)  NOT NULL,
    at_ms       BIGINT       NOT NULL,
    document    JSONB        NOT NULL,
    CONSTRAINT pk_inventory_change PRIMARY KEY (id)
);
CREATE INDEX ix_inventory_change_resource ON inventory_change (resource_id, id);
CREATE INDEX ix_inventory_change_at ON inventory_change (at_ms);
