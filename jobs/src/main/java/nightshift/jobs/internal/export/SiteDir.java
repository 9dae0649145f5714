package nightshift.jobs.internal.export;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * The directory a folder's pages are written to, relative to the export root: its parent's directory plus the
 * folder's {@link SitePaths#fileName}, except where that would take the relative path past
 * {@value #MAX_PATH_BYTES} bytes. Such a folder starts again at the export root, in a directory named like a
 * {@link SitePaths#shortened} long name, but from a digest of its whole path (which starts with a {@code /}, as
 * no name does, so it cannot be a root child's name), so a page's path (with the output directory's) stays within
 * what the file system accepts and its URL stays short, however deep the tree. A pure function of the names, so
 * the same folder gets the same directory at every export. Each level holds its parent, not a copy of the path: a
 * walk as deep as the tree costs its depth in small objects.
 */
final class SiteDir {
    /**
     * The longest relative directory path before a folder starts again at the root, in bytes: with a page's file
     * name and the link encoding, a URL stays near the 2,048 characters the sitemap protocol allows.
     */
    static final int MAX_PATH_BYTES = 1024;
    /** The export root. */
    static final SiteDir ROOT = new SiteDir(null, null, null, 0, 0, false);

    private final SiteDir parent;
    private final String name;
    private final String file;
    private final int depth;
    private final int bytes;
    private final boolean restarted;

    private SiteDir(SiteDir parent, String name, String file, int depth, int bytes, boolean restarted) {
        this.parent = parent;
        this.name = name;
        this.file = file;
        this.depth = depth;
        this.bytes = bytes;
        this.restarted = restarted;
    }

    /** The directory of this folder's child folder {@code childName}. */
    SiteDir child(String childName) {
        String f = SitePaths.fileName(childName);
        if (bytes + f.length() + 1 <= MAX_PATH_BYTES) {
            return new SiteDir(this, childName, f, depth + 1, bytes + f.length() + 1, false);
        }
        String r = SitePaths.shortened(f, path() + "/" + childName);
        return new SiteDir(this, childName, r, 1, r.length() + 1, true);
    }

    /** How many directories down from the export root its pages are. */
    int depth() {
        return depth;
    }

    /** Whether this directory started again at the export root instead of inside its parent's. */
    boolean restarted() {
        return restarted;
    }

    SiteDir parent() {
        return parent;
    }

    /** The directory names from the export root down to this one. */
    List<String> files() {
        Deque<String> out = new ArrayDeque<>(depth);
        for (SiteDir d = this; d.depth > 0; d = d.parent) {
            out.addFirst(d.file);
            if (d.restarted) {
                break;
            }
        }
        return List.copyOf(out);
    }

    /** The way from the export root to this directory as a link: each name link-encoded and followed by a slash. */
    String link() {
        StringBuilder out = new StringBuilder();
        for (String d : files()) {
            out.append(SitePaths.href(d)).append('/');
        }
        return out.toString();
    }

    /** This directory's own name, link-encoded. */
    String ownLink() {
        return SitePaths.href(file);
    }

    /** This folder's path relative to the export root, as {@code /a/b} (the empty string for the root). */
    private String path() {
        Deque<String> names = new ArrayDeque<>();
        for (SiteDir d = this; d.parent != null; d = d.parent) {
            names.addFirst(d.name);
        }
        return names.isEmpty() ? "" : "/" + String.join("/", names);
    }
}
