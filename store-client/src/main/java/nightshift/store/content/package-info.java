/**
 * The standard content kit, registered with every store: {@link nightshift.store.content.Folder},
 * {@link nightshift.store.content.Document}, {@link nightshift.store.content.NewsItem} and
 * {@link nightshift.store.content.Link}.
 */
package nightshift.store.content;
