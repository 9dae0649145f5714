package nightshift.cron;

import nightshift.store.Store;
import nightshift.store.testing.ChildJvm;

/** A scheduler node in a child JVM, to be killed: args url, user, password file (or "-"), node id, job millis. */
public final class NodeMain {
    private NodeMain() {
    }

    public static void main(String[] args) throws Exception {
        Store store = Store.open(ChildJvm.config(args[0], args[1], args[2]).build());
        ClusteredScheduler node = Nodes.node(store, args[3], Nodes.ticks(store, Long.parseLong(args[4])));
        node.start();
        System.out.println("started " + args[3]);
        Thread.sleep(Long.MAX_VALUE); // the node runs until the test kills it
    }
}
