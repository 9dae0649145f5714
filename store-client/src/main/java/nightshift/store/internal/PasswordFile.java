package nightshift.store.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

import nightshift.store.EmbeddedServerException;

/** The superuser password of an embedded cluster, in a file only its owner can read (mode 0600). */
public final class PasswordFile {

    private static final SecureRandom RANDOM = new SecureRandom();

    private PasswordFile() {
    }

    /** Writes a new random password to {@code file}, which must not exist; it is never readable by others. */
    static void create(Path file) throws IOException {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, password + "\n", StandardCharsets.US_ASCII);
    }

    /** The password in {@code file}. */
    public static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII).strip();
        } catch (NoSuchFileException e) {
            throw new EmbeddedServerException("the password file " + file + " is missing, so the server on "
                    + file.resolveSibling("pgdata") + " cannot be used; restore the file, or move the store directory "
                    + file.getParent() + " aside to start a new, empty store", e);
        } catch (IOException e) {
            throw new EmbeddedServerException("cannot read the password file " + file + " (" + e + ")", e);
        }
    }
}
