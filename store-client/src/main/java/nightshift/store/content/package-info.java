/**
 * The standard content kit, registered with every store: {@link nightshift.store.content.Folder},
 * {@link nightshift.store.content.Document}, {@link nightshift.store.content.NewsItem},
 * {@link nightshift.store.content.Link} and {@link nightshift.store.content.Listing} (with its {@code Item}s).
 */
package nightshift.store.content;
