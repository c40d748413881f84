-- Backups of apps' containers (vzdump archives). A row is written before vzdump runs (status
-- creating) so a crash leaves a record reconcile can finish or undo. No foreign key to app: the
-- record outlives a failed or removed app until its archive is deleted.
CREATE TABLE app_backup (
    id             VARCHAR(255) COLLATE "C" NOT NULL,
    app_id         VARCHAR(255) COLLATE "C" NOT NULL,
    node           VARCHAR(255) COLLATE "C" NOT NULL,
    vmid           INTEGER      NOT NULL,
    storage        VARCHAR(255) COLLATE "C" NOT NULL,
    volume         VARCHAR(1024) COLLATE "C",
    size_bytes     BIGINT       NOT NULL,
    mode           VARCHAR(16)  NOT NULL,
    compression    VARCHAR(16)  NOT NULL,
    status         VARCHAR(16)  NOT NULL,
    created_at_ms  BIGINT       NOT NULL,
    updated_at_ms  BIGINT       NOT NULL,
    CONSTRAINT pk_app_backup PRIMARY KEY (id)
);
CREATE INDEX ix_app_backup_app ON app_backup (app_id, created_at_ms, id);
