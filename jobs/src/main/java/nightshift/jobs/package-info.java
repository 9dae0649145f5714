/**
 * Placeholder for the {@code jobs} module: its issue has not been built yet
 * (see docs/architecture.md for what will live here).
 */
package nightshift.jobs;
