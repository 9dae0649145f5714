package nightshift.store.internal;

import nightshift.store.Store;

/**
 * How the store's {@code spi} reaches the runtime behind a {@link Store} and wraps a runtime as one, without a public
 * method on {@code Store} that shows either: {@code Store} registers the bridge when its class is initialized.
 */
public final class StoreAccess {
    private static volatile Bridge bridge;

    private StoreAccess() {
    }

    /** What {@code Store} lends. */
    public interface Bridge {
        StoreRuntime runtime(Store store);

        Store store(StoreRuntime runtime);
    }

    /** Called once, by {@code Store}'s class initializer. */
    public static void register(Bridge b) {
        bridge = b;
    }

    public static StoreRuntime runtime(Store store) {
        return bridge.runtime(store); // a Store exists, so its class registered the bridge
    }

    public static Store store(StoreRuntime runtime) {
        return bridge.store(runtime);
    }
}
