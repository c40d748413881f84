-- Query indexes of the app table set aside while a bulk copy fills the empty table, each with the
-- statement that recreates it. Dropping them and writing these rows is one transaction, and so is
-- recreating them and deleting the rows: a store opened after a crash mid-copy finds the rows here
-- and rebuilds what is missing before anything else runs.
CREATE TABLE deferred_index (
    name       TEXT NOT NULL,
    definition TEXT NOT NULL,
    CONSTRAINT pk_deferred_index PRIMARY KEY (name)
);
