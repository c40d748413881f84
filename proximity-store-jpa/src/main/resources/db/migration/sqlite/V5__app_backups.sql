-- Backups of apps' containers (vzdump archives). A row is written before vzdump runs (status
-- creating) so a crash leaves a record reconcile can finish or undo. No foreign key to app: the
-- record outlives a failed or removed app until its archive is deleted.
CREATE TABLE app_backup (
    id             TEXT    NOT NULL,
    app_id         TEXT    NOT NULL,
    node           TEXT    NOT NULL,
    vmid           INTEGER NOT NULL,
    storage        TEXT    NOT NULL,
    volume         TEXT,
    size_bytes     INTEGER NOT NULL,
    mode           TEXT    NOT NULL,
    compression    TEXT    NOT NULL,
    status         TEXT    NOT NULL,
    created_at_ms  INTEGER NOT NULL,
    updated_at_ms  INTEGER NOT NULL,
    CONSTRAINT pk_app_backup PRIMARY KEY (id)
);
CREATE INDEX ix_app_backup_app ON app_backup (app_id, created_at_ms, id);
