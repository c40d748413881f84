-- The common listing "apps with status S on node N, sorted by name" and its count, covered by one
-- index (the SQLite migration of the same version explains the measurement).
CREATE INDEX ix_app_status_node_name ON app (status, node, name, id);
