package org.recllm.knowledge.importing;

/**
 * What importing one source did: rows read, how many entries were new, changed or already there, rows skipped for
 * empty text, and the rows whose id cannot name an entity (0 or negative) or names one the dataset lacks (0 when no
 * dataset was given). Those rows are imported all the same: the counts are warnings, since a file made for another
 * version of a dataset may rightly hold them.
 */
public record ImportReport(TextSource source, int rows, int inserted, int updated, int unchanged, int skipped,
                           int invalidIds, int unknownIds) {}
