package nightshift.cli;

import java.util.concurrent.CountDownLatch;
import nightshift.store.Store;
import org.slf4j.LoggerFactory;

/**
 * Start-up work that waits for nothing but a core, done on a second thread while the main thread builds and parses
 * the command line: logging's set-up (slf4j finding logback, logback's first configuration), then, for a command
 * that opens the store, the one-time part of its first connection ({@link Store#warmUp}). Each is a few dozen
 * milliseconds of a cron run's start; {@link #start} says what they were worth together.
 */
final class HeadStart implements Runnable {
    private static final CountDownLatch LOGGING_READY = new CountDownLatch(1);
    private static volatile boolean started;
    private final boolean connects;

    private HeadStart(boolean connects) {
        this.connects = connects;
    }

    /**
     * Starts the head start for a command line: {@code nightshift run noop} (bench cold-start's command, with the
     * launcher's archive) went from 365 to 325 ms, and after the commands were declared in code from 371 to 331 ms,
     * medians of 15 and 21 interleaved runs on two cores. The connection's part is skipped for {@code jobs} and when
     * no command is named (help, version). A daemon thread: a command that ends first does not wait for it.
     */
    static void start(String[] args) {
        String command = Cli.subcommandNamed(args);
        Thread thread = new Thread(new HeadStart(command != null && !command.equals("jobs")), "nightshift-head-start");
        thread.setDaemon(true);
        started = true;
        thread.start();
    }

    /**
     * Returns once logging is set up, if a head start is doing that: slf4j hands a thread that asks for its factory
     * while another thread is setting it up a stand-in, not logback's context.
     */
    static void awaitLogging() {
        if (!started) {
            return;
        }
        boolean interrupted = false;
        while (true) {
            try {
                LOGGING_READY.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void run() {
        try {
            LoggerFactory.getILoggerFactory();
        } catch (RuntimeException | LinkageError e) {
            // the main thread's own set-up meets it again and reports it
        } finally {
            LOGGING_READY.countDown();
        }
        if (connects) {
            Store.warmUp();
        }
    }
}
