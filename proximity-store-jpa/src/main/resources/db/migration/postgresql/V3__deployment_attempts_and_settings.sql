-- Deployment logs belong to a deployment attempt (a failed attempt keeps its log after its undo
-- removed the app; a redeploy starts a new one) and record how long each step took. Entries
-- written before attempts existed keep a null attempt id.
ALTER TABLE deployment_log_entry ADD COLUMN deployment_id VARCHAR(255) COLLATE "C";
ALTER TABLE deployment_log_entry ADD COLUMN duration_ms BIGINT;

-- Small named values every process sharing the store agrees on (installation id, migration phase).
CREATE TABLE setting (
    setting_key   VARCHAR(255) COLLATE "C" NOT NULL,
    setting_value TEXT         NOT NULL,
    CONSTRAINT pk_setting PRIMARY KEY (setting_key)
);
