package nightshift.cron;

/** Waiting by polling, with a deadline: for what other processes and the database do. */
final class Await {
    private Await() {
    }

    @FunctionalInterface
    interface Probe<T> {
        /** The awaited value; null or false while it is not there yet. */
        T get() throws Exception;
    }

    static <T> T until(String what, long millis, Probe<T> probe) throws Exception {
        long deadline = System.currentTimeMillis() + millis;
        while (true) {
            T value = probe.get();
            if (value != null && !Boolean.FALSE.equals(value)) {
                return value;
            }
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("waited " + millis + " ms for " + what);
            }
            Thread.sleep(50);
        }
    }
}
