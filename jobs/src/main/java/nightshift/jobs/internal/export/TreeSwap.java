package nightshift.jobs.internal.export;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * A directory written beside its target ({@code DIR.new-ID}) and swapped in by renames when complete: the old
 * {@code DIR} becomes {@code DIR.previous} (replacing an older one) and the new tree becomes {@code DIR}. Both
 * renames are atomic on one file system, so a reader sees the whole old tree or the whole new one (or, between the
 * two renames, no {@code DIR} at all), never a half-written one. {@link #discard()} removes the new tree and leaves
 * {@code DIR} as it was.
 */
public final class TreeSwap {
    private final Path target;
    private final Path staging;

    private TreeSwap(Path target, Path staging) {
        this.target = target;
        this.staging = staging;
    }

    /** Creates {@code DIR.new-ID} beside {@code target} (and the parent directories). */
    public static TreeSwap beside(Path target, String id) throws IOException {
        Path t = target.toAbsolutePath().normalize();
        Path parent = t.getParent();
        Files.createDirectories(parent);
        Path staging = parent.resolve(t.getFileName() + ".new-" + id);
        deleteTree(staging);
        Files.createDirectory(staging);
        return new TreeSwap(t, staging);
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
