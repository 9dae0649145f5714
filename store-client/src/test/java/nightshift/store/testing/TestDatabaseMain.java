package nightshift.store.testing;

/**
 * Child process for {@code TestServerCleanupTest}: {@code exit} makes a database, prints its URL and exits;
 * {@code halt} does the same but halts, as a killed JVM would end (no shutdown hooks); {@code attach} only uses the
 * test server.
 */
public final class TestDatabaseMain {
    private TestDatabaseMain() {
    }

    public static void main(String[] args) {
        TestServer server = TestServer.get();
        if (args[0].equals("attach")) {
            return;
        }
        System.out.println(server.newDatabase("cleanup").build().url());
        System.out.flush();
        if (args[0].equals("halt")) {
            Runtime.getRuntime().halt(0);
        }
    }
}
