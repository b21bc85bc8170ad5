package org.recllm.knowledge.importing;

/** What importing one source did: rows read, how many entries were new, changed or already there, and rows skipped for empty text. */
public record ImportReport(TextSource source, int rows, int inserted, int updated, int unchanged, int skipped) {}
