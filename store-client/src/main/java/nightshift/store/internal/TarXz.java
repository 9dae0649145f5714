package nightshift.store.internal;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.tukaani.xz.XZInputStream;

/** Unpacks a tar.xz archive, keeping permission bits, symbolic links and hard links. */
final class TarXz {

    private static final PosixFilePermission[] BY_BIT = {
            PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
            PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ,
    };

    private TarXz() {
    }

    /** Unpacks {@code archive} into the existing directory {@code target}; refuses entries that leave it. */
    static void extract(InputStream archive, Path target) throws IOException {
        Path root = target.toAbsolutePath().normalize();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(
                new XZInputStream(new BufferedInputStream(archive, 1 << 16)))) {
            for (TarArchiveEntry entry; (entry = tar.getNextEntry()) != null; ) {
                Path path = inside(root, root.resolve(entry.getName()), entry.getName());
                if (entry.isDirectory()) {
                    Files.createDirectories(path);
                    continue;
                }
                Files.createDirectories(path.getParent());
                if (entry.isSymbolicLink()) {
                    Path link = Path.of(entry.getLinkName());
                    inside(root, path.getParent().resolve(link), entry.getLinkName());
                    Files.createSymbolicLink(path, link);
                } else if (entry.isLink()) {
                    Files.createLink(path, inside(root, root.resolve(entry.getLinkName()), entry.getLinkName()));
                } else if (entry.isFile()) {
                    Files.copy(tar, path, StandardCopyOption.REPLACE_EXISTING);
                    Files.setPosixFilePermissions(path, permissions(entry.getMode()));
                }
            }
        }
    }

    private static Path inside(Path root, Path path, String name) throws IOException {
        Path normalized = path.normalize();
        if (!normalized.startsWith(root)) {
            throw new IOException("archive entry " + name + " points outside " + root);
        }
        return normalized;
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
        for (int bit = 0; bit < BY_BIT.length; bit++) {
            if ((mode & (1 << bit)) != 0) {
                permissions.add(BY_BIT[bit]);
            }
        }
        return permissions;
    }
}
