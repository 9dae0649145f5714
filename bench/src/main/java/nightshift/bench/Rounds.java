package nightshift.bench;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * A workload's rounds: warm-up rounds until the JIT has settled, then the measured ones.
 *
 * <p>A round is a warm-up while the JIT compiles for more than {@link #SETTLED} of its wall time, up to
 * {@link #MAX_WARMUPS} rounds. One fixed warm-up round was not enough for the workloads that run a lot of distinct
 * code many times: create-many-jobs' first measured rounds still spent a good share of their time compiling (on
 * two cores, taken from the client and the server alike), and ran far slower than once the JIT had settled. The
 * baseline's few methods compile within its first round, so the ratio was
 * measuring nightshift's JIT warm-up, which a long-running scheduler pays once. A cron run's fresh JVM is what
 * cold-start measures.
 */
final class Rounds {
    static final double SETTLED = 0.10;
    static final int MAX_WARMUPS = 5;

    private final CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    private final int measured;
    private int warmups;
    private int done;
    private boolean measuring;
    private boolean started;
    private long wallStart;
    private long jitStart;

    Rounds(int measured) {
        this.measured = measured;
    }

    /** Ends the round under way, if any, and starts the next one; false once the measured rounds are done. */
    boolean next() {
        if (started) {
            if (measuring) {
                done++;
            } else {
                warmups++;
                double share = jitShare();
                measuring = share <= SETTLED || warmups >= MAX_WARMUPS;
                if (measuring) {
                    System.out.printf(Locale.ROOT, "    (warm-up over after %d round%s: the JIT compiled for %.0f%% of the last)%n",
                            warmups, warmups == 1 ? "" : "s", share * 100);
                }
            }
        }
        started = true;
        wallStart = System.nanoTime();
        jitStart = jit.getTotalCompilationTime();
        return done < measured;
    }

    /** Whether this round counts (it is not a warm-up). */
    boolean measuring() {
        return measuring;
    }

    /** A number unique to this round among the workload's rounds, for names and tids. */
    int index() {
        return warmups + done;
    }

    /** "warm-up 2" or "round 1", and how much of the round so far the JIT spent compiling. */
    String label() {
        String name = measuring ? "round " + (done + 1) : "warm-up " + (warmups + 1);
        return String.format(Locale.ROOT, "%-9s jit %2.0f%%", name, jitShare() * 100);
    }

    private double jitShare() {
        double wallMs = (System.nanoTime() - wallStart) / 1e6;
        return wallMs <= 0 ? 0 : (jit.getTotalCompilationTime() - jitStart) / wallMs;
    }
}
