package org.recllm.llm.train;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * What a training run did, for the report JSON: the model's size, the data, the speed (tokens forward and backward
 * per second, excluding held-out evaluation), the peak heap (the sum of the heap pools' peaks), the bytes the passes'
 * intermediates occupy at their largest (the trainer's tape and the decoder's block tape, which serves recomputed
 * blocks and evaluation passes) and the loss curve.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TrainingReport(String preset, long parameters, int vocabulary, int context, int trainSequences,
                             int validSequences, int steps, long trainTokens, double trainSeconds, double tokensPerSecond,
                             long peakHeapBytes, long activationBytes, Double finalValidLoss, List<LossPoint> losses) {}
