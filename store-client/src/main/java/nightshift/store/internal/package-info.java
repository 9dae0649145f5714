/**
 * Implementation details of the object store, among them the embedded store server's helpers
 * (binaries, processes, locks, pid files). Everything here may change without notice.
 */
package nightshift.store.internal;
