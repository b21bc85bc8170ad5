package org.recllm.llm.train;

/**
 * One training example: a text trained on whole ({@code prompt} empty), or a prompt that only conditions and an
 * answer the loss is computed on.
 */
public record CorpusExample(String prompt, String text) {}
