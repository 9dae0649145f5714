package nightshift.jobs;

/**
 * How far a job is. Cheap to call for every item: the runner samples it every few seconds, writes it to the run
 * record (so {@code nightshift history} on another box shows it) and to the terminal.
 */
public interface Progress {
    void advance(long units);

    default void step() {
        advance(1);
    }

    long done();

    long total();
}
