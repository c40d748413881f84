-- Proximity schema, SQLite flavour. Instants are epoch milliseconds (UTC by definition, exact to the
-- millisecond, compared as integers). JSON documents are TEXT. Unique constraints carry stable names
-- so the store can tell callers which field collided.

CREATE TABLE app (
    id                  TEXT    NOT NULL,
    catalog_id          TEXT    NOT NULL,
    name                TEXT    NOT NULL,
    hostname            TEXT    NOT NULL,
    status              TEXT    NOT NULL,
    url                 TEXT,
    vmid                INTEGER,
    node                TEXT,
    public_port         INTEGER,
    internal_port       INTEGER,
    config_json         TEXT    NOT NULL,
    ports_json          TEXT    NOT NULL,
    volumes_json        TEXT    NOT NULL,
    environment_json    TEXT    NOT NULL,
    owner_id            TEXT,
    created_at_ms       BIGINT,
    updated_at_ms       BIGINT,
    state_changed_at_ms BIGINT,
    -- name, hostname and id lower-cased in Java (Locale.ROOT): SQLite's lower() only knows ASCII
    search_text         TEXT    NOT NULL,
    version             BIGINT  NOT NULL,
    CONSTRAINT pk_app PRIMARY KEY (id),
    CONSTRAINT uk_app_hostname UNIQUE (hostname),
    CONSTRAINT uk_app_vmid UNIQUE (vmid),
    CONSTRAINT uk_app_public_port UNIQUE (public_port),
    CONSTRAINT uk_app_internal_port UNIQUE (internal_port)
);
CREATE INDEX ix_app_status ON app (status, id);
CREATE INDEX ix_app_node ON app (node, id);
CREATE INDEX ix_app_catalog_id ON app (catalog_id, id);
CREATE INDEX ix_app_owner_id ON app (owner_id, id);
CREATE INDEX ix_app_name ON app (name, id);
CREATE INDEX ix_app_created_at ON app (created_at_ms, id);
CREATE INDEX ix_app_updated_at ON app (updated_at_ms, id);

-- seq keeps append order; AUTOINCREMENT so a deleted tail never hands its numbers out again
CREATE TABLE deployment_log_entry (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    app_id     TEXT    NOT NULL,
    logged_at_ms BIGINT NOT NULL,
    level      TEXT    NOT NULL,
    step       TEXT    NOT NULL,
    message    TEXT    NOT NULL
);
CREATE INDEX ix_deployment_log_entry_app ON deployment_log_entry (app_id, seq);

CREATE TABLE migration_run (
    id            TEXT   NOT NULL,
    status        TEXT   NOT NULL,
    started_at_ms BIGINT NOT NULL,
    updated_at_ms BIGINT NOT NULL,
    document      TEXT   NOT NULL,
    CONSTRAINT pk_migration_run PRIMARY KEY (id)
);
CREATE INDEX ix_migration_run_started ON migration_run (started_at_ms, id);

-- One row per port of every range ever allocated from (seeded lazily), so "lowest free port" is an
-- index seek on the partial index of free slots, whatever the occupancy. A slot is free when it has
-- no owner; a reservation carries an expiry, a bound lease does not.
CREATE TABLE port_slot (
    port          INTEGER NOT NULL,
    owner_id      TEXT,
    state         TEXT,
    leased_at_ms  BIGINT,
    expires_at_ms BIGINT,
    CONSTRAINT pk_port_slot PRIMARY KEY (port),
    CONSTRAINT ck_port_slot_port CHECK (port BETWEEN 1 AND 65535),
    CONSTRAINT ck_port_slot_lease CHECK (
        (owner_id IS NULL AND state IS NULL AND leased_at_ms IS NULL AND expires_at_ms IS NULL)
        OR (owner_id IS NOT NULL AND state = 'BOUND' AND leased_at_ms IS NOT NULL AND expires_at_ms IS NULL)
        OR (owner_id IS NOT NULL AND state = 'RESERVED' AND leased_at_ms IS NOT NULL AND expires_at_ms IS NOT NULL))
);
CREATE INDEX ix_port_slot_free ON port_slot (port) WHERE owner_id IS NULL;
CREATE INDEX ix_port_slot_owner ON port_slot (owner_id, port) WHERE owner_id IS NOT NULL;
CREATE INDEX ix_port_slot_expiry ON port_slot (expires_at_ms, port) WHERE state = 'RESERVED';

-- The ranges whose slots exist, so seeding happens once per range and not on every allocation.
CREATE TABLE port_slot_range (
    first_port INTEGER NOT NULL,
    last_port  INTEGER NOT NULL,
    CONSTRAINT pk_port_slot_range PRIMARY KEY (first_port, last_port)
);
