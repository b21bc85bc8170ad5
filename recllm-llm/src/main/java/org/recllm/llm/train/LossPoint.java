package org.recllm.llm.train;

/**
 * The losses at one logged step: the token-mean training loss over the steps since the previous point, and the
 * held-out loss when it was measured at this step (null otherwise).
 */
public record LossPoint(int step, float learningRate, double trainLoss, Double validLoss) {}
