-- Housekeeping (pack, undo): what pack has removed, and which reindex moved a catalog subtree from which tid.

-- One row per pack. A pack records its horizon here, committed, before it removes anything: versions that ended at
-- or before the horizon may be gone. Caches and incremental reindexes that last looked before the horizon start
-- over instead of trusting history that is no longer there; undo refuses transactions at or before it.
CREATE TABLE ns_pack (
    pack_id      bigserial   PRIMARY KEY,
    horizon      bigint      NOT NULL,
    user_name    text        NOT NULL,
    started_at   timestamptz NOT NULL DEFAULT clock_timestamp(),
    finished_at  timestamptz,
    states       bigint      NOT NULL DEFAULT 0,
    state_bytes  bigint      NOT NULL DEFAULT 0,
    transactions bigint      NOT NULL DEFAULT 0
);

-- One row each time a catalog subtree was marked current to a tid, in the same commit: undo of a reindex run puts
-- the subtree back to the tid it was at before.
CREATE TABLE ns_catalog_log (
    log_id       bigserial   PRIMARY KEY,
    run_id       text,
    path         text        COLLATE "C" NOT NULL,
    previous_tid bigint,
    -- null: the subtree's catalog was dropped (an undo of its first reindex)
    tid          bigint,
    logged_at    timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX ns_catalog_log_run ON ns_catalog_log (run_id);
