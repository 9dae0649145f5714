package nightshift.store;

import nightshift.store.spi.CommitHook;

/**
 * A {@link CommitHook} refused the commit from SQL ({@code ns_require}, in one of its {@link CommitHook#withCommit}
 * statements): nothing of the session's writes nor of the hook's was kept. The message is the hook's reason.
 */
public class CommitRefusedException extends StoreException {
    public CommitRefusedException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
