-- The catalog (nightshift.store.catalog): one row per indexed node, filled by indexers from the objects, never by
-- ordinary writes. Searches read it; reindexing (and jobs indexing their own writes) change it only inside a
-- store commit, so a search sees it from before or from after a reindex, never half of it.

CREATE TABLE ns_catalog (
    oid         bigint      PRIMARY KEY,
    path        text        COLLATE "C" NOT NULL,
    parent_path text        COLLATE "C",
    type_name   text        NOT NULL,
    title       text        NOT NULL,
    owner       text        NOT NULL,
    created     timestamptz,
    modified    timestamptz,
    -- the version of the node this row was built from
    tid         bigint      NOT NULL,
    -- title and tags (weight A), description (B), body (D)
    text        tsvector    NOT NULL,
    extra       jsonb       NOT NULL DEFAULT '{}'
);

-- Subtree queries are a range over the "C"-collated path: path = P or P/ < path < P0 ('0' follows '/').
CREATE INDEX ns_catalog_path ON ns_catalog (path);
CREATE INDEX ns_catalog_parent ON ns_catalog (parent_path);
CREATE INDEX ns_catalog_type ON ns_catalog (type_name, modified);
CREATE INDEX ns_catalog_modified ON ns_catalog (modified);
CREATE INDEX ns_catalog_created ON ns_catalog (created);
CREATE INDEX ns_catalog_owner ON ns_catalog (owner);
CREATE INDEX ns_catalog_text ON ns_catalog USING gin (text);
CREATE INDEX ns_catalog_extra ON ns_catalog USING gin (extra jsonb_path_ops);

-- Per indexed subtree: the snapshot tid its catalog rows are current to (the incremental reindex starts there).
CREATE TABLE ns_catalog_state (
    path       text        COLLATE "C" PRIMARY KEY,
    tid        bigint      NOT NULL,
    indexed_at timestamptz NOT NULL DEFAULT clock_timestamp()
);

-- The shape of a catalog batch's staging table: each batch creates ns_catalog_stage_<batch> LIKE this one (unlogged,
-- no index), fills it by COPY from its own connection outside any lock, has its commit hook apply it set-based
-- inside the store commit, and drops it. This template stays empty.
-- kind: 'i' index the row, 'r' remove the oid, 'k' keep the oid's row as it is, 'p' remove everything below path.
CREATE UNLOGGED TABLE ns_catalog_stage (
    batch       bigint      NOT NULL,
    seq         bigint      NOT NULL,
    kind        char(1)     NOT NULL,
    oid         bigint      NOT NULL,
    path        text        COLLATE "C",
    parent_path text        COLLATE "C",
    type_name   text,
    title       text,
    owner       text,
    created     timestamptz,
    modified    timestamptz,
    tid         bigint,
    text        tsvector,
    extra       jsonb,
    -- set only for rows whose tsvector the server must build (see TsvectorText)
    description text,
    body        text,
    tags        text,
    staged_at   timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE SEQUENCE ns_catalog_batch_seq;

-- The incremental reindex asks for versions written after a tid. Tids grow with insertion order, so a BRIN index
-- answers that for almost nothing per write (a btree here would tax every write of the live site).
CREATE INDEX ns_object_tid_brin ON ns_object USING brin (tid);
