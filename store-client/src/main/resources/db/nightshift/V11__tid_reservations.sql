-- A long commit (a session that spilled) writes its rows before it takes the commit lock, with a tid it reserved here:
-- far enough above the tids short commits draw meanwhile that they stay below it, so that tids still become visible in
-- increasing order. A short commit whose tid reached a live reservation waits for it to be published. The reserving
-- connection holds a session advisory lock on the reservation while it runs, so a row left by a process that died is
-- told from a live one and removed by the next commit that meets it.
CREATE TABLE ns_tid_reservation (
    tid bigint PRIMARY KEY,
    reserved_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
