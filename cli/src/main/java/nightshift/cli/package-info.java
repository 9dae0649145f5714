/**
 * Placeholder for the {@code cli} module: its issue has not been built yet
 * (see docs/architecture.md for what will live here).
 */
package nightshift.cli;
