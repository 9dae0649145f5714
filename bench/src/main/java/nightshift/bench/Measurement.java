package nightshift.bench;

/**
 * One workload's figure: the median of its rounds, absolute and against its plain-JDBC baseline. For a rate
 * (higher is better) the ratio is nightshift / baseline; for a time (lower is better) it is also nightshift /
 * baseline, and the target reads the other way. {@code target} is NaN when the issue sets none.
 */
record Measurement(String workload, String unit, double value, double baseline, boolean higherIsBetter, double target,
        String note) {
    double ratio() {
        return value / baseline;
    }

    boolean hasTarget() {
        return !Double.isNaN(target);
    }

    boolean reached() {
        return higherIsBetter ? ratio() >= target : ratio() <= target;
    }
}
