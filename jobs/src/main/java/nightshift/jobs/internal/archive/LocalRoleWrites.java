package nightshift.jobs.internal.archive;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import nightshift.store.spi.CommitHook;

/**
 * The local roles an import gives its new nodes, written into {@code ns_local_role} by a {@link CommitHook} inside
 * the run's commit, so they exist exactly when the nodes do. Kept on the heap up to {@value #HEAP} entries, then
 * appended to a temporary file (deleted after the commit, or when the process exits), so an archive with a local
 * role on every node still imports in bounded memory.
 */
public final class LocalRoleWrites implements CommitHook, AutoCloseable {
    private static final int HEAP = 10_000;
    private static final int BATCH = 500;

    private record Grant(long oid, String principal, String role) {
    }

    private final List<Grant> heap = new ArrayList<>();
    private Path spill;
    private BufferedWriter spillWriter;
    private long count;

    void add(long oid, String principal, String role) {
        count++;
        if (heap.size() < HEAP) {
            heap.add(new Grant(oid, principal, role));
            return;
        }
        try {
            if (spillWriter == null) {
                spill = Files.createTempFile("nightshift-import-roles", ".tsv");
                spill.toFile().deleteOnExit(); // a run that fails or is a dry run never reaches the hook
                spillWriter = Files.newBufferedWriter(spill, StandardCharsets.UTF_8);
            }
            // principal ids and role labels hold no tabs or line breaks (checked before they get here)
            spillWriter.write(oid + "\t" + principal + "\t" + role + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot spill local roles to a temporary file: " + e, e);
        }
    }

    long count() {
        return count;
    }

    @Override
    public void inCommit(Connection connection, long tid) throws SQLException {
        if (count == 0) {
            return;
        }
        try (PreparedStatement ps = connection.prepareStatement(
                "INSERT INTO ns_local_role (node_oid, principal, role) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
            int pending = 0;
            for (Grant g : heap) {
                pending = add(ps, g.oid(), g.principal(), g.role(), pending);
            }
            if (spillWriter != null) {
                spillWriter.flush();
                try (BufferedReader r = Files.newBufferedReader(spill, StandardCharsets.UTF_8)) {
                    for (String line; (line = r.readLine()) != null; ) {
                        String[] parts = line.split("\t", 3);
                        pending = add(ps, Long.parseLong(parts[0]), parts[1], parts[2], pending);
                    }
                }
            }
            if (pending > 0) {
                ps.executeBatch();
            }
        } catch (IOException e) {
            throw new SQLException("cannot read the spilled local roles back: " + e, e);
        } finally {
            close();
        }
    }

    private static int add(PreparedStatement ps, long oid, String principal, String role, int pending) throws SQLException {
        ps.setLong(1, oid);
        ps.setString(2, principal);
        ps.setString(3, role);
        ps.addBatch();
        if (pending + 1 >= BATCH) {
            ps.executeBatch();
            return 0;
        }
        return pending + 1;
    }

    @Override
    public void close() {
        try {
            if (spillWriter != null) {
                spillWriter.close();
            }
            if (spill != null) {
                Files.deleteIfExists(spill);
            }
        } catch (IOException e) {
            // a temporary file left behind; nothing else to do
        }
    }
}
