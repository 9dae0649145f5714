package nightshift.store.internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The JDK classes every client may store inside objects, with ids fixed in code (below
 * {@link #FIRST_STORE_ID}); application and content types get their ids from the store. Never renumber an entry:
 * stored states refer to these ids.
 */
final class CoreTypes {
    /** Ids from here on are assigned by the store's {@code ns_type} table. */
    static final int FIRST_STORE_ID = 100;

    private static final Map<Integer, Class<?>> BY_ID = new LinkedHashMap<>();

    static {
        put(20, ArrayList.class);
        put(21, LinkedList.class);
        put(22, HashMap.class);
        put(23, LinkedHashMap.class);
        put(24, TreeMap.class);
        put(25, HashSet.class);
        put(26, LinkedHashSet.class);
        put(27, TreeSet.class);
        put(28, Instant.class);
        put(29, LocalDate.class);
        put(30, LocalDateTime.class);
        put(31, LocalTime.class);
        put(32, OffsetDateTime.class);
        put(33, ZonedDateTime.class);
        put(34, Duration.class);
        put(35, UUID.class);
        put(36, BigDecimal.class);
        put(37, BigInteger.class);
        put(38, byte[].class);
        put(39, int[].class);
        put(40, long[].class);
        put(41, double[].class);
        put(42, String[].class);
        put(43, boolean[].class);
        put(44, List.of().getClass());
        put(45, List.of(1).getClass());
        put(46, Set.of().getClass());
        put(47, Set.of(1).getClass());
        put(48, Map.of().getClass());
        put(49, Map.of(1, 1).getClass());
        put(50, Arrays.asList().getClass());
        put(51, Collections.emptyList().getClass());
        put(52, Collections.emptyMap().getClass());
        put(53, Collections.emptySet().getClass());
        put(54, Collections.singletonList(1).getClass());
        put(55, URI.class);
        put(56, ZoneOffset.class);
        put(57, ZoneId.of("Europe/Paris").getClass());
        put(58, Locale.class);
        put(59, Period.class);
        put(60, YearMonth.class);
        put(61, Collections.singleton(1).getClass());
        put(62, Collections.singletonMap(1, 1).getClass());
    }

    private CoreTypes() {
    }

    private static void put(int id, Class<?> type) {
        if (BY_ID.put(id, type) != null || id >= FIRST_STORE_ID) {
            throw new IllegalStateException("bad core type id " + id);
        }
    }

    static Map<Integer, Class<?>> all() {
        return Collections.unmodifiableMap(BY_ID);
    }
}
