/**
 * Implementation of the security context: the JDBC edge to the principals tables, the loaded node rules and the
 * per-session cache of effective roles and permissions. May change without notice; use {@code nightshift.security}.
 */
package nightshift.security.internal;
