package nightshift.cli.readme;

// tag::secure-session[]
import nightshift.security.SecureSession;
import nightshift.store.Node;
import nightshift.store.Store;
import nightshift.store.content.Document;

// end::secure-session[]
final class ActingAsBob {
    private ActingAsBob() {
    }

    static void createHello(Store store, String runId) {
        // tag::secure-session[]
        try (SecureSession s = SecureSession.open(store, "bob")) {   // NoSuchUserException / UserDisabledException
            Node news = s.get("/site/news");                          // needs View
            s.create(news, "hello", Document.of("Hello", "..."));      // needs AddContent on the folder; owner is bob
            s.commit(s.txInfo().withJob("import", runId));            // the ns_tx row names bob
        }
        // end::secure-session[]
    }
}
