package nightshift.cli.readme;

// tag::open-store[]
import java.nio.file.Path;
import nightshift.store.Node;
import nightshift.store.Session;
import nightshift.store.Store;
import nightshift.store.StoreConfig;
import nightshift.store.TxInfo;
import nightshift.store.content.Document;

// end::open-store[]
final class OpenStore {
    private OpenStore() {
    }

    /** Compiled, not run: the configuration names servers the tests do not have. */
    static void work() {
        // tag::open-store[]
        StoreConfig config = StoreConfig.builder("jdbc:postgresql://db1,db2/site?targetServerType=primary")
                .user("nightshift")
                .passwordFile(Path.of("/etc/nightshift/store.password"))   // mode 600, or .passwordEnv("NIGHTSHIFT_STORE_PASSWORD")
                .build();
        Store.migrate(config);                       // create or upgrade the schema; idempotent
        try (Store store = Store.open(config);       // one per process, shared by threads
             Session s = store.openSession("editor")) {   // one per unit of work, one thread
            Node news = s.get("/site/news");
            s.create(news, "hello", Document.of("Hello", "First post"));
            Node old = s.get("/site/news/old");
            s.update(old.withObject(old.object(Document.class).withTitle("Updated")));
            s.move(s.get("/site/drafts/x"), news, "x");
            s.delete(s.get("/site/tmp"));            // with everything below it
            long tid = s.commit(new TxInfo("editor", "my-job", "run-17", null, "nightly import"));
        }
        // end::open-store[]
    }
}
