package nightshift.jobs.internal.archive;

/**
 * The archive's layout: a header line, then one line per node in depth-first order by name (a node before its
 * children). The header is {@code {"format":"nightshift-archive","version":1,"root":"/site","types":[...]}}; a
 * node line is {@code {"path":"news/a","type":"...","owner":"editor","localRoles":{"bob":["Editor"]},
 * "created":"...","modified":"...","fields":{...}}}, {@code path} relative to the export root (the root itself is
 * {@code ""}), {@code localRoles} and the two dates only when there are some.
 */
public final class ArchiveFormat {
    public static final String FORMAT = "nightshift-archive";
    public static final int VERSION = 1;

    static final String K_FORMAT = "format";
    static final String K_VERSION = "version";
    static final String K_ROOT = "root";
    static final String K_TYPES = "types";
    static final String K_CLASS = "class";
    static final String K_FIELDS = "fields";
    static final String K_PATH = "path";
    static final String K_TYPE = "type";
    static final String K_OWNER = "owner";
    static final String K_LOCAL_ROLES = "localRoles";
    static final String K_CREATED = "created";
    static final String K_MODIFIED = "modified";

    private ArchiveFormat() {
    }
}
