/**
 * What applications implement to extend the store, and what hooks into its database connections:
 * {@link nightshift.store.spi.TypeProvider} (the types of the store), {@link nightshift.store.spi.CommitHook} (work
 * inside a commit's transaction), {@link nightshift.store.spi.ReadAhead} (statements sent in a caller's round trip)
 * and {@link nightshift.store.spi.Connections} (a store on the caller's connection, a snapshot read ahead).
 */
package nightshift.store.spi;
