package nightshift.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A password file must be private to its owner, as PostgreSQL asks of {@code .pgpass}. */
class PasswordFileModeTest {
    @TempDir
    Path dir;

    private StoreConfig configWith(String mode) throws Exception {
        Path file = dir.resolve("password-" + mode);
        Files.writeString(file, "secret\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
        return StoreConfig.builder("jdbc:postgresql://localhost/none").user("u").passwordFile(file).build();
    }

    @ParameterizedTest
    @ValueSource(strings = {"rw-r-----", "rw----r--", "rw--w----", "rw-----w-", "rw---x---", "rw-rw-rw-"})
    void a_password_file_any_group_or_other_may_touch_is_refused(String mode) throws Exception {
        StoreConfig config = configWith(mode);
        StoreConfigException e = assertThrows(StoreConfigException.class, config::password);
        assertTrue(e.getMessage().contains("chmod 600"), e.getMessage());
        assertTrue(!e.getMessage().contains("secret"), "the message never shows the password");
    }

    @ParameterizedTest
    @ValueSource(strings = {"rw-------", "r--------"})
    void a_password_file_only_its_owner_may_read_is_read(String mode) throws Exception {
        assertEquals("secret", configWith(mode).password());
    }

    @Test
    void only_the_first_line_is_the_password() throws Exception {
        Path file = dir.resolve("two-lines");
        Files.writeString(file, "first\nsecond\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        assertEquals("first", StoreConfig.builder("jdbc:postgresql://localhost/none").passwordFile(file).build().password());
    }
}
