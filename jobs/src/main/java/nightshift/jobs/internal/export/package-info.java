/** Internal: the parts of the {@code export-static} job (paths, templates, page models, the tree swap). May change. */
package nightshift.jobs.internal.export;
