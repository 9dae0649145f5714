package nightshift.cli.readme;

// tag::embedded-server[]
import java.nio.file.Path;
import nightshift.store.EmbeddedStoreServer;
import nightshift.store.StoreConfig;

// end::embedded-server[]
final class EmbeddedStore {
    private EmbeddedStore() {
    }

    static StoreConfig config(Path dir) {
        // tag::embedded-server[]
        EmbeddedStoreServer.Endpoint endpoint = EmbeddedStoreServer.at(dir).attachOrStart();   // dir: e.g. DEFAULT_DIRECTORY
        StoreConfig config = StoreConfig.builder(endpoint.jdbcUrl(EmbeddedStoreServer.DEFAULT_DATABASE))
                .user(endpoint.user())
                .passwordFile(endpoint.passwordFile())              // the server's own, mode 600
                .build();
        // end::embedded-server[]
        return config;
    }
}
