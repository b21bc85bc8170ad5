package org.recllm.core.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recllm.core.io.BadInputException;
import org.recllm.core.nn.ParameterSet;
import org.recllm.core.optim.Optimizer;
import org.recllm.core.optim.OptimizerConfig;
import org.recllm.core.tensor.Tensor;

/** Checkpoints restore model and optimiser state exactly and reject files that are not, or no longer, theirs. */
class CheckpointTest {
    @TempDir
    Path dir;

    private record Model(ParameterSet params, Tensor w, Optimizer optimizer) {
        static Model of(long seed, int width) {
            ParameterSet params = new ParameterSet(seed);
            Tensor w = params.xavier("w", 3, width);
            params.embedding("items", 5, 2, 0.1f);
            params.batchNormStats("bn", width, 0.1f);
            return new Model(params, w, new Optimizer(params, OptimizerConfig.adam(0.01f)));
        }
    }

    @Test
    void roundTripsParametersBuffersAndOptimizerState() {
        Model saved = Model.of(1, 4);
        saved.w().grad()[2] = 1f;
        saved.optimizer().step(0.01f);
        saved.params().buffers().get("bn.running_mean").data()[1] = 7f;
        Path file = dir.resolve("model.ckpt");
        Checkpoint.save(file, "deepfm", "{\"embedding\":16}", saved.params(), saved.optimizer());

        Model restored = Model.of(2, 4);
        Checkpoint.Header header = Checkpoint.load(file, "deepfm", restored.params(), restored.optimizer());
        assertEquals("{\"embedding\":16}", header.config());
        assertArrayEquals(saved.w().data(), restored.w().data());
        assertArrayEquals(saved.params().tables().get("items").weights(), restored.params().tables().get("items").weights());
        assertEquals(7f, restored.params().buffers().get("bn.running_mean").data()[1]);
        assertEquals(1, restored.optimizer().steps());
        assertArrayEquals(saved.optimizer().state().get("v:w"), restored.optimizer().state().get("v:w"));
    }

    @Test
    void anotherModelOrShapeIsRefusedWithoutTouchingTheTarget() {
        Path file = dir.resolve("model.ckpt");
        Checkpoint.save(file, "deepfm", "{}", Model.of(1, 4).params(), null);
        Model other = Model.of(3, 5);
        float before = other.w().data()[0];
        BadInputException wrongModel = assertThrows(BadInputException.class,
                () -> Checkpoint.load(file, "dcnv2", other.params(), null));
        assertTrue(wrongModel.getMessage().contains("holds a 'deepfm' model; expected 'dcnv2'"), wrongModel.getMessage());
        BadInputException wrongShape = assertThrows(BadInputException.class,
                () -> Checkpoint.load(file, "deepfm", other.params(), null));
        assertTrue(wrongShape.getMessage().contains("w has 12 values, this model 15"), wrongShape.getMessage());
        assertEquals(before, other.w().data()[0]);
    }

    @Test
    void damagedTruncatedAndForeignFilesAreReported() throws IOException {
        Path file = dir.resolve("model.ckpt");
        Checkpoint.save(file, "deepfm", "{}", Model.of(1, 4).params(), null);
        byte[] bytes = Files.readAllBytes(file);

        byte[] flipped = bytes.clone();
        flipped[bytes.length - 40] ^= 1;
        Files.write(file, flipped);
        assertMessage(file, "is damaged: its SHA-256 does not match its content");

        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 60));
        assertMessage(file, "is truncated");

        Files.writeString(file, "not a checkpoint at all");
        assertMessage(file, "is not a RecLLM checkpoint");

        assertMessage(dir.resolve("absent.ckpt"), "checkpoint not found");
    }

    private static void assertMessage(Path file, String expected) {
        BadInputException error = assertThrows(BadInputException.class,
                () -> Checkpoint.load(file, "deepfm", Model.of(1, 4).params(), null));
        assertTrue(error.getMessage().startsWith(file.toString()) && error.getMessage().contains(expected), error.getMessage());
    }
}
