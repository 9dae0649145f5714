-- Two partial indexes whose predicate alone let the planner answer a statement that runs with every job by reading
-- the whole index, and the heap behind it.

-- The object cache's change poll (what ended after a tid: `end_tid > ?`, sent with every session's snapshot
-- registration) implies `end_tid IS NOT NULL`, so ns_object_history_name could answer it. A prepared plan made on
-- statistics older than the history did so: it fetched every ended version and sorted them, 4,000 buffers per
-- registration on the benchmark's store, and it grows with the history. The index's readers look old versions up by
-- parent (`parent_oid = ?`), which implies `parent_oid IS NOT NULL`; the poll does not, so only ns_object_history_end
-- can serve it now. The root, the one object without a parent, is never listed as anyone's child.
CREATE INDEX ns_object_history_by_parent ON ns_object (parent_oid, name)
    WHERE end_tid IS NOT NULL AND parent_oid IS NOT NULL;
DROP INDEX ns_object_history_name;
ALTER INDEX ns_object_history_by_parent RENAME TO ns_object_history_name;

-- Ending a run (`WHERE run_id = ? AND status = 'RUNNING'`) was planned on ns_run_running (status), an index every run
-- passes through: it visited every entry, those of runs ended since the last vacuum included (0.58 ms per run in a
-- burst of 4,000 runs while a long ANALYZE held the vacuum back, against 0.06 ms). Keyed by run_id, it finds the one
-- entry; the abandoned-run sweep's `status = 'RUNNING'` still reads it whole.
DROP INDEX ns_run_running;
CREATE INDEX ns_run_running ON ns_run (run_id) WHERE status = 'RUNNING';
