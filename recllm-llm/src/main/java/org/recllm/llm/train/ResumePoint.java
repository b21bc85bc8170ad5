package org.recllm.llm.train;

import java.util.List;

/**
 * Where a stopped run stands, stored as its checkpoint's note: the steps done, the tokens and seconds spent on them,
 * the loss curve so far and the loss summed since its last point. The data order is a function of the seed and the
 * step, so nothing else is needed.
 */
record ResumePoint(int step, long tokens, double seconds, List<LossPoint> losses, double windowLoss, long windowTokens) {}
