package org.recllm.ctr.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.nio.file.Path;
import org.recllm.core.checkpoint.Checkpoint;
import org.recllm.core.io.AtomicFiles;
import org.recllm.core.io.BadInputException;
import org.recllm.core.optim.Optimizer;
import org.recllm.ctr.models.CtrModel;

/** A training run's resume point as one checkpoint: weights, optimizer, best weights, and the position as its note. */
final class ResumeFiles {
    private ResumeFiles() {}

    static void save(Path file, String label, CtrModel model, Optimizer optimizer, ParameterSnapshot best, ResumePoint at) {
        try {
            Checkpoint.save(file, label, null, model.parameters(), optimizer, best.copies(),
                    AtomicFiles.JSON.writeValueAsString(at));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static ResumePoint load(Path file, String label, CtrModel model, Optimizer optimizer, ParameterSnapshot best) {
        Checkpoint.Header header = Checkpoint.load(file, label, model.parameters(), optimizer, best.copies());
        if (header.note() == null) {
            throw new BadInputException(file, "is a model checkpoint, not a training run's resume point");
        }
        try {
            return AtomicFiles.JSON.readValue(header.note(), ResumePoint.class);
        } catch (JsonProcessingException e) {
            throw new BadInputException(file, "holds a resume point that does not parse: " + e.getOriginalMessage());
        }
    }
}
