package org.recllm.llm.train;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * The losses at one logged step: the token-mean training loss over the steps since the previous point, and the
 * held-out loss when it was measured at this step (null otherwise).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record LossPoint(int step, float learningRate, double trainLoss, Double validLoss) {}
