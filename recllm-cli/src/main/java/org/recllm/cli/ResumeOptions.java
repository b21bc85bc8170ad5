package org.recllm.cli;

import java.nio.file.Path;
import org.recllm.core.io.BadInputException;
import picocli.CommandLine.Option;

/** Where a training run keeps its resume points, and whether it continues from one. */
final class ResumeOptions {
    @Option(names = "--checkpoint", paramLabel = "FILE", description = "Resume point written every --checkpoint-every "
            + "steps and at the end.")
    Path checkpoint;

    @Option(names = "--checkpoint-every", defaultValue = "100", description = "Steps between resume points. Default: ${DEFAULT-VALUE}.")
    int checkpointEvery;

    @Option(names = "--resume", description = "Continue from --checkpoint when it exists (bit for bit as if never stopped).")
    boolean resume;

    /** Each bad value reported under its option. */
    void check() {
        CorpusTrainingOptions.requirePositive(checkpointEvery, "--checkpoint-every");
        if (resume && checkpoint == null) {
            throw new BadInputException("--resume", 0, null, "needs --checkpoint FILE");
        }
        Outputs.requireWritable(checkpoint, "--checkpoint");
    }
}
