package nightshift.cli;

import nightshift.store.spi.Connections;

/**
 * The one-time part of the store's first connection ({@link Connections#warmUp}), done on a second thread while the
 * main thread builds and parses the command line: it waits for nothing but a core. It must not log: slf4j hands a thread
 * that asks for its factory while another is setting it up a stand-in, not logback's context, so {@link Nightshift#main}
 * sets logging up before it starts this thread, and nothing here calls slf4j.
 */
final class HeadStart implements Runnable {
    private HeadStart() {
    }

    /**
     * Starts the head start for a command that opens the store (not {@code jobs}, nor help or version, which name no
     * command): {@code nightshift run noop} (bench cold-start's command, with the launcher's archive) went from 365 to
     * 325 ms, and after the commands were declared in code from 371 to 331 ms, medians of 15 and 21 interleaved runs
     * on two cores. A daemon thread: a command that ends first does not wait for it.
     */
    static void start(String[] args) {
        String command = Cli.subcommandNamed(args);
        if (command == null || command.equals("jobs")) {
            return;
        }
        Thread thread = new Thread(new HeadStart(), "nightshift-head-start");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void run() {
        Connections.warmUp();
    }
}
