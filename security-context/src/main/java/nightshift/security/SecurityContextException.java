package nightshift.security;

import nightshift.store.StoreException;

/** The root of every error the security context raises. Unchecked; catch the narrow subclasses you can act on. */
public class SecurityContextException extends StoreException {
    public SecurityContextException(String message) {
        super(message);
    }

    public SecurityContextException(String message, Throwable cause) {
        super(message, cause);
    }
}
