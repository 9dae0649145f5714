package nightshift.store.catalog;

import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import nightshift.store.Node;
import nightshift.store.catalog.internal.CatalogUpsert;
import nightshift.store.catalog.internal.Sql;
import nightshift.store.catalog.internal.StageRows;
import nightshift.store.catalog.internal.StageTable;
import nightshift.store.catalog.internal.TsvectorText;
import nightshift.store.internal.Pacer;
import nightshift.store.internal.StoreAccess;
import nightshift.store.spi.CommitHook;
import org.postgresql.PGConnection;

/**
 * Catalog changes prepared now and applied later, inside a store commit: pass {@link #commitHook()} to
 * {@code Session.commit(info, hook)} and the catalog changes commit or roll back with the session's writes, in the
 * same database transaction. Rows are prepared in bounded memory: every few thousand they go by COPY into a staging
 * table from the batch's own connection, and the hook applies them with a few set-based statements. Close the
 * batch (committed or not) to drop what it staged. Not thread-safe.
 *
 * <pre>{@code
 * try (CatalogBatch batch = catalog.openBatch()) {
 *     Node doc = session.create(folder, "foo", Document.of("Foo", "..."));
 *     batch.index(doc);
 *     session.commit(TxInfo.of("editor"), batch.commitHook());
 * }
 * }</pre>
 */
public final class CatalogBatch implements AutoCloseable {
    /** Rows held on the heap before they are copied to the server. */
    static final int BUFFER_ROWS = 2_000;
    private static final int BUFFER_CHARS = 4 << 20;

    private record Replace(String path, Set<String> types) { }

    /** A subtree marked current to {@code tid}, or dropped from the catalog state when {@code tid} is null. */
    private record Mark(String path, Long tid) { }

    private final Catalog catalog;
    private final Pacer pacer;
    private final boolean clientText;
    private final StageRows rows = new StageRows();
    private final List<Replace> replaced = new ArrayList<>();
    private final List<Mark> marks = new ArrayList<>();
    private Connection connection;
    private String runId;
    private long id;
    private long seq;
    private int buffered;
    private boolean serverTextPending;
    private long indexed;
    private long removed;
    private long removes;
    private long prunes;
    private boolean analyzed;
    private boolean closed;

    CatalogBatch(Catalog catalog) {
        this.catalog = catalog;
        this.pacer = StoreAccess.runtime(catalog.store()).pacer();
        this.clientText = catalog.textConfig().equals(Catalog.DEFAULT_TEXT_CONFIG);
    }

    /** Indexes the node as it is (decoding its object: {@code UnreadableStateException} if that fails, nothing staged). */
    public void index(Node node) {
        index(node, catalog.entryFor(node));
    }

    /** Indexes the node with the given entry. */
    public void index(Node node, IndexEntry entry) {
        open();
        String text = clientText ? TsvectorText.build(entry) : null;
        if (text == null) {
            serverTextPending = true;
        }
        rows.index(id(), ++seq, node, entry, text);
        indexed++;
        buffered();
    }

    /** Removes the node's row, if any. */
    public void remove(long oid) {
        open();
        rows.remove(id(), ++seq, oid);
        removes++;
        removed++;
        buffered();
    }

    /** Removes every row below {@code path} (not the path's own row): a folder moved away. */
    public void removeBelow(String path) {
        open();
        rows.prune(id(), ++seq, path);
        prunes++;
        buffered();
    }

    /** Leaves the node's current row as it is, also under {@link #replaceSubtree} (a node that could not be read). */
    public void keep(long oid) {
        open();
        rows.keep(id(), ++seq, oid);
        buffered();
    }

    /**
     * Makes this batch the whole truth about the subtree: at apply, rows in it (of the given types, or all when
     * empty) that this batch neither indexed nor kept are removed.
     */
    public void replaceSubtree(String path, Set<String> types) {
        open();
        replaced.add(new Replace(path, Set.copyOf(types)));
    }

    /** Records, at apply, that the subtree's catalog is current to {@code tid}. */
    public void markIndexed(String path, long tid) {
        open();
        marks.add(new Mark(path, tid));
    }

    /** Records, at apply, that the subtree is no longer indexed (its rows are removed with {@link #replaceSubtree}). */
    public void unmarkIndexed(String path) {
        open();
        marks.add(new Mark(path, null));
    }

    /** Names the job run this batch belongs to, in the catalog log written with {@link #markIndexed} (for undo). */
    public void forRun(String run) {
        this.runId = run;
    }

    /** Rows indexed so far. */
    public long indexed() {
        return indexed;
    }

    /** Removals staged so far, plus the rows {@link #replaceSubtree} will remove as things stand now. */
    public long removals() {
        open();
        if (replaced.isEmpty()) {
            return removed;
        }
        return Sql.run("counting catalog rows to remove", () -> {
            flush();
            analyze();
            long n = removed;
            Connection c = connection();
            for (Replace r : replaced) {
                try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM ns_catalog c WHERE " + orphans(r))) {
                    bindOrphans(ps, 1, r, c);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        n += rs.getLong(1);
                    }
                }
            }
            return n;
        });
    }

    /** A hook that applies this batch inside a session's commit. */
    public CommitHook commitHook() {
        return this::apply;
    }

    /** Applies every staged change on {@code c}, inside the caller's transaction. */
    private void apply(Connection c, long tid) throws SQLException {
        open();
        flush();
        if (id == 0 && replaced.isEmpty() && marks.isEmpty()) {
            return;
        }
        analyze();
        for (Replace r : replaced) {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM ns_catalog c WHERE " + orphans(r))) {
                bindOrphans(ps, 1, r, c);
                ps.executeUpdate();
            }
        }
        if (prunes > 0) {
            try (Statement st = c.createStatement()) {
                st.executeUpdate("DELETE FROM ns_catalog c USING " + table() + " s"
                        + " WHERE s.kind = 'p' AND c.path > s.path || '/' AND c.path < s.path || '0'");
            }
        }
        CatalogUpsert upsert = new CatalogUpsert(table(), tid);
        if (removes > 0) {
            try (Statement st = c.createStatement()) {
                st.executeUpdate(upsert.latest("") + "DELETE FROM ns_catalog c USING latest s WHERE s.kind = 'r' AND c.oid = s.oid");
            }
        }
        upsert.run(c, indexed, pacer::pause);
        for (Mark m : marks) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO ns_catalog_log (run_id, path, previous_tid, tid)"
                    + " SELECT ?, ?, (SELECT tid FROM ns_catalog_state WHERE path = ?), ?")) {
                ps.setString(1, runId);
                ps.setString(2, m.path());
                ps.setString(3, m.path());
                ps.setObject(4, m.tid(), java.sql.Types.BIGINT);
                ps.executeUpdate();
            }
            String sql = m.tid() == null ? "DELETE FROM ns_catalog_state WHERE path = ?"
                    : "INSERT INTO ns_catalog_state (path, tid) VALUES (?, ?)"
                    + " ON CONFLICT (path) DO UPDATE SET tid = EXCLUDED.tid, indexed_at = clock_timestamp()";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, m.path());
                if (m.tid() != null) {
                    ps.setLong(2, m.tid());
                }
                ps.executeUpdate();
            }
        }
    }

    private String orphans(Replace r) {
        return Sql.subtree("c.path", r.path()) + (r.types().isEmpty() ? "" : " AND c.type_name = ANY(?)")
                + " AND NOT EXISTS (SELECT 1 FROM " + table() + " s WHERE s.oid = c.oid"
                + " AND s.kind IN ('i', 'k'))";
    }

    private void bindOrphans(PreparedStatement ps, int from, Replace r, Connection c) throws SQLException {
        int i = Sql.bindSubtree(ps, from, r.path());
        if (!r.types().isEmpty()) {
            ps.setArray(i, c.createArrayOf("text", r.types().toArray()));
        }
    }

    /** Gives the planner the staging table's statistics once it is loaded (an unanalyzed table misleads it badly). */
    private void analyze() throws SQLException {
        if (!analyzed) {
            try (Statement st = connection().createStatement()) {
                st.execute("ANALYZE " + table());
            }
            analyzed = true;
        }
    }

    private void buffered() {
        analyzed = false;
        buffered++;
        if (buffered >= BUFFER_ROWS || rows.length() >= BUFFER_CHARS) {
            pacer.pause(); // staging runs before the commit, so nothing is held that another commit needs
            Sql.run("staging catalog rows", () -> {
                flush();
                return null;
            });
        }
    }

    private void flush() throws SQLException {
        if (buffered == 0) {
            return;
        }
        Connection c = connection();
        try {
            c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + table() + " (" + StageRows.COLUMNS
                    + ") FROM STDIN", new StringReader(rows.take()));
        } catch (java.io.IOException e) {
            throw new SQLException("copying catalog rows: " + e.getMessage(), "08006", e);
        }
        buffered = 0;
        if (serverTextPending) {
            String expr = String.format(TsvectorText.SERVER_EXPRESSION, "cfg.c", "coalesce(title, '')",
                    "coalesce(tags, '')", "coalesce(description, '')", "coalesce(body, '')");
            try (PreparedStatement ps = c.prepareStatement("UPDATE " + table() + " SET text = " + expr
                    + ", description = null, body = null, tags = null FROM (SELECT ?::regconfig AS c) cfg"
                    + " WHERE kind = 'i' AND text IS NULL")) {
                ps.setString(1, catalog.textConfig());
                ps.executeUpdate();
            }
            serverTextPending = false;
        }
    }

    private long id() {
        if (id == 0) {
            id = Sql.run("starting a catalog batch", () -> {
                return StageTable.create(connection());
            });
        }
        return id;
    }

    private String table() {
        return StageTable.name(id());
    }

    private Connection connection() throws SQLException {
        if (connection == null) {
            connection = catalog.store().dataSource().getConnection();
            connection.setAutoCommit(true);
        }
        return connection;
    }

    private void open() {
        if (closed) {
            throw new IllegalStateException("this catalog batch is closed; open another with Catalog.openBatch()");
        }
    }

    /** Drops what this batch staged and gives back its connection. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (connection == null) {
            return;
        }
        try (Connection c = connection) {
            if (id != 0) {
                StageTable.drop(c, id);
            }
        } catch (SQLException e) {
            throw Sql.wrap(e, "dropping the staged catalog rows of batch " + id);
        } finally {
            connection = null;
        }
    }

    @Override
    public String toString() {
        return "CatalogBatch[" + id + ", indexed " + indexed + ", removed " + removed + "]";
    }
}
