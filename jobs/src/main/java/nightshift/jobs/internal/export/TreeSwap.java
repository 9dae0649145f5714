package nightshift.jobs.internal.export;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * A directory written beside its target ({@code DIR.new-ID}, see {@link #stagingName}) and swapped in by renames
 * when complete: the old {@code DIR} becomes {@code DIR.previous} (replacing an older one) and the new tree becomes
 * {@code DIR}. Both renames are atomic on one file system, so a reader sees the whole old tree or the whole new one
 * (or, between the two renames, no {@code DIR} at all), never a half-written one. {@link #discard()} removes the
 * new tree and leaves {@code DIR} as it was.
 */
public final class TreeSwap {
    /** The longest id used as it is. */
    static final int PLAIN_ID = 64;
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_-]{1," + PLAIN_ID + "}");
    /** Characters of an id that is not plain kept in front of its digest. */
    private static final int READABLE_PREFIX = 40;
    private final Path target;
    private final Path staging;

    private TreeSwap(Path target, Path staging) {
        this.target = target;
        this.staging = staging;
    }

    /** Creates {@code DIR.new-ID} beside {@code target} (and the parent directories); any string is a safe id. */
    public static TreeSwap beside(Path target, String id) throws IOException {
        Path t = target.toAbsolutePath().normalize();
        Path parent = t.getParent();
        Files.createDirectories(parent);
        Path staging = parent.resolve(t.getFileName() + ".new-" + stagingName(id));
        deleteTree(staging);
        Files.createDirectory(staging);
        return new TreeSwap(t, staging);
    }

    /**
     * The id as it goes into the staging directory's name: as it is when it is up to {@value #PLAIN_ID} letters,
     * digits, {@code -} and {@code _} (as the runner's own run ids are); otherwise (a scheduler's
     * {@code entry@TIME/2}, a slash, a dot, any length) its first characters with every other one made {@code _},
     * then {@code ~} and a digest of the whole id. The {@code ~} is never in a plain id, and the digest keeps ids
     * that read alike apart, so each run gets a directory of its own, always one name beside {@code DIR}.
     */
    static String stagingName(String id) {
        if (PLAIN.matcher(id).matches()) {
            return id;
        }
        String readable = id.substring(0, Math.min(id.length(), READABLE_PREFIX)).replaceAll("[^A-Za-z0-9_-]", "_");
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
            return readable + "~" + HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java has no SHA-256, which every Java must have", e);
        }
    }

    /** The directory to write the new tree into. */
    public Path staging() {
        return staging;
    }

    public Path previous() {
        return target.resolveSibling(target.getFileName() + ".previous");
    }

    /** Keeps the current tree as {@code DIR.previous} and moves the new one to {@code DIR}. */
    public void swap() throws IOException {
        Path previous = previous();
        if (Files.exists(target)) {
            deleteTree(previous);
            Files.move(target, previous, StandardCopyOption.ATOMIC_MOVE);
        }
        Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Deletes the new tree; {@code DIR} is untouched. */
    public void discard() throws IOException {
        deleteTree(staging);
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
