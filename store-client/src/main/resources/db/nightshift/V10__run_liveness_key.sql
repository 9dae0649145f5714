-- A RUNNING run holds a session-level advisory lock on its run_key (the single-bigint form) on its own connection,
-- from the statement that inserts its record until its end is written. pg_locks shows every role's locks to every
-- role, so any client tells a live run from one whose process died; a backend's start time, which told them apart
-- before, is hidden from other roles unless they may read all statistics. The key is new for every run, so neither a
-- reused pid nor a later run on the same pooled backend makes a dead run look alive. Records written before this
-- column existed have none and are still judged by backend_pid and backend_start.
ALTER TABLE ns_run ADD COLUMN run_key bigint;
