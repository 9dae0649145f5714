package nightshift.store;

/**
 * Which slice of a folder's children to list: up to {@code size} children whose names sort after {@code after}
 * (keyset paging, so page 10,000 of a million-child folder costs the same as page one).
 */
public record Page(String after, int size) {
    public static final int DEFAULT_SIZE = 500;
    public static final int MAX_SIZE = 10_000;

    public Page {
        if (size < 1 || size > MAX_SIZE) {
            throw new IllegalArgumentException("page size must be 1.." + MAX_SIZE + ", was " + size);
        }
    }

    public static Page first(int size) {
        return new Page(null, size);
    }

    public static Page first() {
        return first(DEFAULT_SIZE);
    }
}
