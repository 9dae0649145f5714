-- The object store: every committed version of every node, the transactions that wrote them, and the type ids.
-- Created and upgraded only by these migrations (Flyway); see docs/architecture.md for the read and commit rules.

CREATE TABLE ns_tx (
    tid          bigint      PRIMARY KEY,
    committed_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    user_name    text        NOT NULL,
    job_name     text,
    run_id       text,
    host         text,
    note         text
);

-- Tids are taken under the commit lock, so they become visible in increasing order.
CREATE SEQUENCE ns_tid_seq START WITH 1;

-- Each nextval is a block of 1000 oids that a client hands out locally. Oid 0 is the root.
CREATE SEQUENCE ns_oid_seq START WITH 1000 INCREMENT BY 1000;

CREATE TABLE ns_type (
    type_id       integer     PRIMARY KEY,
    class_name    text        NOT NULL UNIQUE,
    registered_at timestamptz NOT NULL DEFAULT clock_timestamp()
);

-- Ids below 100 are JDK classes fixed in code; the content kit is fixed here; applications get 1000 and up.
CREATE SEQUENCE ns_type_id_seq START WITH 1000;
INSERT INTO ns_type (type_id, class_name) VALUES
    (100, 'nightshift.store.content.Folder'),
    (101, 'nightshift.store.content.Document'),
    (102, 'nightshift.store.content.NewsItem'),
    (103, 'nightshift.store.content.Link');

-- One row per version of a node. A version is visible at snapshot S when tid <= S and (end_tid is null or
-- end_tid > S). Writing a node ends its current version (end_tid = the new tid) and inserts the new one;
-- deleting only ends it. The current version is the one with end_tid null.
CREATE TABLE ns_object (
    oid        bigint  NOT NULL,
    tid        bigint  NOT NULL,
    end_tid    bigint,
    parent_oid bigint,
    name       text    COLLATE "C" NOT NULL,
    type_id    integer NOT NULL,
    owner      text    NOT NULL,
    state      bytea   NOT NULL,
    PRIMARY KEY (oid, tid)
);

-- A name is unique among the current children of a folder: enforced here, so a race can never overwrite.
CREATE UNIQUE INDEX ns_object_current_name ON ns_object (parent_oid, name) WHERE end_tid IS NULL;
CREATE UNIQUE INDEX ns_object_current_oid ON ns_object (oid) WHERE end_tid IS NULL;
-- Older versions, for reading old snapshots by name and for cache invalidation (what ended after tid X).
CREATE INDEX ns_object_history_name ON ns_object (parent_oid, name) WHERE end_tid IS NOT NULL;
CREATE INDEX ns_object_history_end ON ns_object (end_tid) WHERE end_tid IS NOT NULL;
