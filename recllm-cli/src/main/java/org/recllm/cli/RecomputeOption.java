package org.recllm.cli;

import org.recllm.llm.train.TrainableDecoder;
import picocli.CommandLine.Option;

/** Activation recomputation for the commands that train a decoder: memory of one block's activations for ~⅓ more work. */
final class RecomputeOption {
    @Option(names = "--recompute-activations", description = "Keep only each block's input and output and compute the "
            + "block again in the backward pass: activation memory of one block instead of all, for about a third more "
            + "arithmetic. Same gradients bit for bit (with dropout, other masks: reproducible, but not equal to a run "
            + "without it). Without dropout it may change at a resume and the run still ends bit for bit as an "
            + "uninterrupted one; with dropout the resumed steps then draw other masks.")
    boolean enabled;

    TrainableDecoder applyTo(TrainableDecoder decoder) {
        return decoder.recomputeBlocks(enabled);
    }
}
