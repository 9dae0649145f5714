package nightshift.cron;

import java.util.Locale;

/** What an entry does about firings missed while no node could run them (the cluster was down). */
public enum Misfire {
    /** Run once as soon as a node can, however many firings were missed (the default). */
    RUN_ONCE,
    /** Run nothing for the missed firings; wait for the next one. */
    SKIP;

    /** As written in a schedule file: {@code run-once}, {@code skip}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Misfire of(String label) {
        for (Misfire m : values()) {
            if (m.label().equals(label)) {
                return m;
            }
        }
        throw new IllegalArgumentException("misfire must be run-once or skip; was '" + label + "'");
    }
}
