/**
 * The security context's public API: who acts ({@link nightshift.security.SecurityContext}), what they may do
 * ({@link nightshift.security.Role}, {@link nightshift.security.Permission},
 * {@link nightshift.security.SecurityPolicy}), sessions that check every operation
 * ({@link nightshift.security.SecureSession}), the principals kept in the store
 * ({@link nightshift.security.PrincipalDirectory}) and the exceptions a caller can act on.
 * Everything under {@code nightshift.security.internal} may change without notice.
 */
package nightshift.security;
