package nightshift.store.internal;

/**
 * A fixed-size Bloom filter over 64-bit keys: "certainly not" or "maybe". Tells a session, without a round trip,
 * that an oid or a name is not among the writes it has spilled to the server, which is nearly always the case.
 */
final class BloomFilter {
    private static final int HASHES = 4;

    private final long[] bits;
    private final int mask;

    /** {@code log2Bits} bits in all (2^23 bits is one megabyte, good for about a million keys at a few percent false positives). */
    BloomFilter(int log2Bits) {
        this.bits = new long[1 << (log2Bits - 6)];
        this.mask = (1 << log2Bits) - 1;
    }

    void add(long key) {
        long h = mix(key);
        int h1 = (int) h;
        int h2 = (int) (h >>> 32) | 1;
        for (int i = 0; i < HASHES; i++) {
            int bit = (h1 + i * h2) & mask;
            bits[bit >>> 6] |= 1L << bit;
        }
    }

    boolean mightContain(long key) {
        long h = mix(key);
        int h1 = (int) h;
        int h2 = (int) (h >>> 32) | 1;
        for (int i = 0; i < HASHES; i++) {
            int bit = (h1 + i * h2) & mask;
            if ((bits[bit >>> 6] & (1L << bit)) == 0) {
                return false;
            }
        }
        return true;
    }

    /** A 64-bit key for a name in a folder. */
    static long key(long parentOid, String name) {
        long h = parentOid * 0x9E3779B97F4A7C15L;
        for (int i = 0; i < name.length(); i++) {
            h = (h ^ name.charAt(i)) * 0x100000001B3L;
        }
        return h;
    }

    /** SplitMix64's finalizer: spreads nearby keys (consecutive oids) over the whole filter. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
