package org.recllm.cli;

import java.util.Locale;
import java.util.concurrent.Callable;
import org.recllm.core.io.BadInputException;
import org.recllm.core.progress.Progress;
import org.recllm.knowledge.encoder.EncodingJob;
import org.recllm.knowledge.encoder.EncodingReport;
import org.recllm.knowledge.encoder.SentenceEncoder;
import org.recllm.knowledge.encoder.SentenceEncoders;
import org.recllm.knowledge.store.KnowledgeStore;
import org.recllm.knowledge.store.StoreLocation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code recllm knowledge encode}: sentence vectors for every entry the encoder has not encoded yet; resumable. */
@Command(name = "encode", mixinStandardHelpOptions = true,
        description = "Encode every entry not yet encoded by the encoder, committing each batch (rerun to resume).")
final class KnowledgeEncodeCommand implements Callable<Integer> {
    @Option(names = "--store", required = true, paramLabel = "FILE", description = "Knowledge store.")
    StoreLocation store;

    @Option(names = "--encoder", defaultValue = SentenceEncoders.MINILM, paramLabel = "minilm|DIR|M.gguf",
            description = "minilm (bundled all-MiniLM-L6-v2) or a folder with model.onnx and tokenizer.json, either with "
                    + "#long=chunk to encode texts longer than 256 word pieces in windows instead of cutting them; or a "
                    + "GGUF model pooled from its hidden states: M.gguf[#layer=L,pooling=mean|last] (last block, mean by "
                    + "default). Default: ${DEFAULT-VALUE}.")
    String encoder;

    @Option(names = "--batch", defaultValue = "32", paramLabel = "N", description = "Texts per model run and per commit. Default: ${DEFAULT-VALUE}.")
    int batch;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (batch < 1) {
            throw new BadInputException("--batch", 0, null, "expected at least 1, got " + batch);
        }
        var out = spec.commandLine().getOut();
        try (KnowledgeStore knowledge = store.openExisting();
             SentenceEncoder sentences = SentenceEncoders.open(encoder)) {
            long pending = knowledge.countWithoutEmbedding(sentences.id());
            out.printf(Locale.ROOT, "%s (%d dimensions): %,d of %,d entries to encode%n", sentences.id(), sentences.dimension(),
                    pending, knowledge.statistics().entries());
            out.flush();
            if (pending == 0) {
                return 0;
            }
            EncodingReport report;
            try (Progress progress = Progress.start("encode " + sentences.id(), "entries", pending)) {
                report = EncodingJob.encodePending(knowledge, sentences, batch, progress);
            }
            String longTexts = sentences.maxTokens() == Integer.MAX_VALUE ? "long texts read whole, in windows"
                    : String.format(Locale.ROOT, "%,d texts were cut to %d tokens", report.truncated(), sentences.maxTokens());
            out.printf(Locale.ROOT, "encoded %,d entries in %.1f s (%.1f entries/s); %s%n", report.encoded(), report.seconds(),
                    report.entriesPerSecond(), longTexts);
        }
        return 0;
    }
}
