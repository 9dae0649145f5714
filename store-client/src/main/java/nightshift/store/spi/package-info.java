/** What applications implement to extend the store: {@link nightshift.store.spi.TypeProvider}. */
package nightshift.store.spi;
