package nightshift.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * One workload's figure: the median of its rounds, absolute and against its plain-JDBC baseline. For a rate
 * (higher is better) the ratio is nightshift / baseline; for a time (lower is better) it is also nightshift /
 * baseline, and the target reads the other way. {@code target} is NaN for a workload measured without one.
 */
record Measurement(String workload, String unit, double value, double baseline, double ratio, boolean higherIsBetter,
        double target, String note) {

    /** A single figure against a fixed limit (memory). */
    static Measurement single(String workload, String unit, double value, double baseline, boolean higherIsBetter,
            double target, String note) {
        return new Measurement(workload, unit, value, baseline, value / baseline, higherIsBetter, target, note);
    }

    /**
     * Rounds in which each figure of {@code ours} was measured right before the same index of {@code baseline}. The
     * ratio is the median of the rounds' own ratios, not the ratio of the two medians: this machine's speed drifts
     * within minutes, and the two medians can then come from rounds run at different speeds, pairing a fast round
     * of one side with a slow round of the other.
     */
    static Measurement paired(String workload, String unit, List<Double> ours, List<Double> baseline,
            boolean higherIsBetter, double target, String note) {
        if (ours.size() != baseline.size() || ours.isEmpty()) {
            throw new IllegalArgumentException(workload + ": " + ours.size() + " rounds against " + baseline.size());
        }
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < ours.size(); i++) {
            ratios.add(ours.get(i) / baseline.get(i));
        }
        return new Measurement(workload, unit, Bench.median(ours), Bench.median(baseline), Bench.median(ratios),
                higherIsBetter, target, note);
    }

    boolean hasTarget() {
        return !Double.isNaN(target);
    }

    boolean reached() {
        return higherIsBetter ? ratio >= target : ratio <= target;
    }
}
