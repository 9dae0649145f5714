/**
 * Build steps of the distribution (module dist, profile {@code dist}): {@link nightshift.dist.GenerateDocs} writes
 * the man pages and the shell completion from the command's model. Nothing here is shipped or run by users.
 */
package nightshift.dist;
