package org.recllm.llm.lora;

import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import org.recllm.core.quant.GgmlType;
import org.recllm.llm.gguf.GgufFile;
import org.recllm.llm.gguf.GgufTensorInfo;
import org.recllm.llm.gguf.GgufWriter;

/**
 * Folds an adapter into its base: a new GGUF with the base's metadata, each adapted matrix as F32 W + scale·B·A, and
 * every other tensor copied as stored (quantised blocks byte for byte).
 */
public final class LoraMerge {
    private LoraMerge() {}

    /** {@code adapter} as {@link LoraAdapterFile#read} checked it against {@code base}. */
    public static void write(GgufFile base, LoraAdapter adapter, Path out) {
        GgufWriter gguf = new GgufWriter();
        for (String key : base.metadata().keys()) {
            gguf.putValue(key, base.metadata().raw(key));
        }
        for (GgufTensorInfo tensor : base.tensors().values()) {
            if (adapter.pairs().containsKey(tensor.name())) {
                AdaptedMatrix matrix = new AdaptedMatrix(base.matrix(tensor.name()), adapter.pairs().get(tensor.name()),
                        adapter.scale(), null);
                int cols = matrix.cols();
                // The writer asks for whole rows (its chunks are rounded to rows).
                gguf.addTensor(tensor.name(), GgmlType.F32, tensor.dims(), (first, chunk, length) -> {
                    for (int done = 0; done < length; done += cols) {
                        matrix.dequantizeRow((int) ((first + done) / cols), chunk, done);
                    }
                });
            } else {
                gguf.addEncodedTensor(tensor.name(), tensor.type(), tensor.dims(),
                        base.data(tensor).toArray(ValueLayout.JAVA_BYTE));
            }
        }
        gguf.write(out);
    }
}
