-- Run records of the job runner (module jobs). The SUCCEEDED update of a run is written in the same database
-- transaction as the job's own commit, so the record and the store can never disagree.
CREATE TABLE ns_run (
    run_id         text        PRIMARY KEY,
    job_name       text        NOT NULL,
    lock_key       text        NOT NULL,
    parameters     text        NOT NULL DEFAULT '',
    store_user     text        NOT NULL,
    os_user        text,
    host           text,
    pid            bigint,
    started_by     text        NOT NULL,
    dry_run        boolean     NOT NULL DEFAULT false,
    status         text        NOT NULL,
    started_at     timestamptz NOT NULL,
    finished_at    timestamptz,
    attempts       integer     NOT NULL DEFAULT 0,
    tid            bigint,
    created        bigint,
    modified       bigint,
    deleted        bigint,
    progress_done  bigint,
    progress_total bigint,
    progress_at    timestamptz,
    error          text,
    stack          text,
    -- the database backend that holds the run's lock: a RUNNING run whose backend is gone was abandoned
    backend_pid    integer,
    backend_start  timestamptz
);

CREATE INDEX ns_run_job_started ON ns_run (job_name, started_at DESC);
CREATE INDEX ns_run_started ON ns_run (started_at);
CREATE INDEX ns_run_running ON ns_run (status) WHERE status = 'RUNNING';
