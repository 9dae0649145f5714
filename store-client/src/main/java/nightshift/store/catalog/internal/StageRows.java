package nightshift.store.catalog.internal;

import nightshift.store.Node;
import nightshift.store.catalog.IndexEntry;

/** Rows of {@code ns_catalog_stage} in COPY text form, buffered until the batch copies them. */
public final class StageRows {
    public static final String COLUMNS = "batch, seq, kind, oid, path, parent_path, type_name, title, owner, created,"
            + " modified, tid, text, extra, description, body, tags";
    private final CopyText out = new CopyText();

    /** A row to index; {@code text} is the client-built tsvector, or null for the server to build from the fields. */
    public void index(long batch, long seq, Node node, IndexEntry e, String text) {
        out.field(batch).field(seq).field("i").field(node.oid()).field(node.path()).field(Sql.parentOf(node.path()))
                .field(node.typeName()).field(e.title()).field(node.owner()).field(e.created()).field(e.modified())
                .field(node.tid()).field(text).json(e.extra());
        if (text == null) {
            out.field(e.description()).field(e.body()).field(String.join(" ", e.tags()));
        } else {
            out.field((String) null).field((String) null).field((String) null);
        }
        out.endRow();
    }

    public void remove(long batch, long seq, long oid) {
        bare(batch, seq, "r", oid, null);
    }

    public void keep(long batch, long seq, long oid) {
        bare(batch, seq, "k", oid, null);
    }

    public void prune(long batch, long seq, String path) {
        bare(batch, seq, "p", -1, path);
    }

    private void bare(long batch, long seq, String kind, long oid, String path) {
        out.field(batch).field(seq).field(kind).field(oid).field(path);
        for (int i = 0; i < 12; i++) {
            out.field((String) null);
        }
        out.endRow();
    }

    public int length() {
        return out.length();
    }

    public String take() {
        return out.take();
    }
}
