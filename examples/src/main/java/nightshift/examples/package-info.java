/**
 * Placeholder for the {@code examples} module: its issue has not been built yet
 * (see docs/architecture.md for what will live here).
 */
package nightshift.examples;
