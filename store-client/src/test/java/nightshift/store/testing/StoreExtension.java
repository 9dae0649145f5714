package nightshift.store.testing;

import nightshift.store.Store;
import nightshift.store.StoreConfig;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives each test class a freshly migrated store in a database of its own on the {@link TestServer}: declare
 * {@code Store} or {@code StoreConfig} parameters (constructor, lifecycle or test methods) to get them. The
 * database is dropped when the class's tests are done.
 */
public final class StoreExtension implements ParameterResolver, AfterAllCallback {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(StoreExtension.class);

    private record Fixture(StoreConfig config, Store store) implements AutoCloseable {
        @Override
        public void close() {
            store.close();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
        Class<?> type = p.getParameter().getType();
        return type == Store.class || type == StoreConfig.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext e) {
        Fixture fixture = fixture(e);
        return p.getParameter().getType() == Store.class ? fixture.store() : fixture.config();
    }

    private static Fixture fixture(ExtensionContext e) {
        ExtensionContext classContext = e;
        while (classContext.getParent().isPresent() && classContext.getTestMethod().isPresent()) {
            classContext = classContext.getParent().get();
        }
        Class<?> testClass = classContext.getRequiredTestClass();
        return classContext.getStore(NS).computeIfAbsent(Fixture.class, k -> {
            StoreConfig config = TestServer.get().newDatabase(testClass.getSimpleName()).build();
            Store.migrate(config);
            return new Fixture(config, Store.open(config));
        }, Fixture.class);
    }

    @Override
    public void afterAll(ExtensionContext e) {
        Fixture f = e.getStore(NS).remove(Fixture.class, Fixture.class);
        if (f != null) {
            f.close();
            TestServer.get().drop(f.config());
        }
    }
}
