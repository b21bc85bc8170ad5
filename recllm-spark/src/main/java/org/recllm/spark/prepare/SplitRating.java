package org.recllm.spark.prepare;

import java.io.Serializable;
import org.recllm.data.dataset.Rating;
import org.recllm.data.protocol.Split;

/** A rating a protocol made a sample of one split. */
record SplitRating(Split split, Rating rating) implements Serializable {}
