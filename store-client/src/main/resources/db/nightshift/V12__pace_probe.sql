-- What a paced job's probe writes, one row per probing connection: a real write, so that the probe's commit waits for
-- the log to reach the disk (and any synchronous standby), as a small commit of the live site does. A transaction
-- that writes nothing commits without waiting for either, and so could not tell.
CREATE TABLE ns_pace_probe (
    backend integer PRIMARY KEY,
    probed_at timestamptz NOT NULL
);
