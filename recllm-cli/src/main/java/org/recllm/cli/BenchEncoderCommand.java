package org.recllm.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.recllm.core.io.AtomicFiles;
import org.recllm.core.io.BadInputException;
import org.recllm.core.report.TextTable;
import org.recllm.knowledge.encoder.EncoderBenchmark;
import org.recllm.knowledge.encoder.EncoderThroughput;
import org.recllm.knowledge.encoder.SentenceEncoder;
import org.recllm.knowledge.encoder.SentenceEncoders;
import org.recllm.knowledge.store.KnowledgeStore;
import org.recllm.knowledge.store.StoreLocation;
import org.recllm.knowledge.store.StoredEntry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code recllm bench encoder}: sentences/s of the encoder against ONNX Runtime called directly on the same batches of
 * store texts; an LLM hidden-state encoder is timed on its own.
 */
@Command(name = "encoder", mixinStandardHelpOptions = true,
        description = "Sentences/s of a sentence encoder on a store's texts against ONNX Runtime called directly on the same batches.")
final class BenchEncoderCommand implements Callable<Integer> {
    @Option(names = "--store", required = true, paramLabel = "FILE", description = "Knowledge store whose texts to encode.")
    StoreLocation store;

    @Option(names = "--encoder", defaultValue = SentenceEncoders.MINILM, paramLabel = "minilm|DIR|M.gguf",
            description = "minilm or a folder with model.onnx and tokenizer.json (either optionally #long=chunk), or "
                    + "M.gguf[#layer=L,pooling=mean|last] "
                    + "(LLM hidden states: timed alone, no ONNX Runtime comparison). Default: ${DEFAULT-VALUE}.")
    String encoder;

    @Option(names = "--texts", defaultValue = "256", paramLabel = "N",
            description = "Texts to encode, spread evenly over the store. Default: ${DEFAULT-VALUE}.")
    int texts;

    @Option(names = "--batch", defaultValue = "32", paramLabel = "N", description = "Batch size. Default: ${DEFAULT-VALUE}.")
    int batch;

    @Option(names = "--rounds", defaultValue = "3", paramLabel = "N",
            description = "Timed passes per path, interleaved; the fastest counts. Default: ${DEFAULT-VALUE}.")
    int rounds;

    @Option(names = "--out", paramLabel = "FILE.json", description = "Write the results here.")
    Path out;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (texts < 1 || batch < 1 || rounds < 1) {
            throw new BadInputException("bench encoder", 0, null, "--texts, --batch and --rounds must be at least 1");
        }
        Outputs.requireWritable(out, "--out");
        List<String> sample = sample();
        List<EncoderThroughput> results;
        String encoderId;
        try (SentenceEncoder sentences = SentenceEncoders.open(encoder)) {
            encoderId = sentences.id();
            System.err.printf(Locale.ROOT, "bench %s on %d texts, batch %d, %d rounds…%n", encoderId, sample.size(), batch,
                    rounds);
            results = EncoderBenchmark.measure(sentences, sample, batch, rounds);
        }
        double direct = results.stream().filter(r -> r.path().equals(EncoderBenchmark.ONNX_DIRECT))
                .mapToDouble(EncoderThroughput::textsPerSecond).findFirst().orElse(Double.NaN);
        TextTable table = new TextTable("path", "texts", "seconds", "texts/s", "relative to ONNX Runtime direct");
        for (EncoderThroughput result : results) {
            table.add(result.path(), result.texts(), String.format(Locale.ROOT, "%.2f", result.seconds()),
                    String.format(Locale.ROOT, "%.1f", result.textsPerSecond()),
                    Double.isNaN(direct) ? "–" : String.format(Locale.ROOT, "%.2f", result.textsPerSecond() / direct));
        }
        var print = spec.commandLine().getOut();
        print.printf(Locale.ROOT, "%s, %s, batch %d, fastest of %d rounds, %d processors%n%n", store, encoderId, batch,
                rounds, Runtime.getRuntime().availableProcessors());
        print.print(table.render());
        if (out != null) {
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("store", store.toString());
            report.put("encoder", encoderId);
            report.put("batch", batch);
            report.put("rounds", rounds);
            report.put("processors", Runtime.getRuntime().availableProcessors());
            report.put("java", Runtime.version().toString());
            report.put("results", results);
            AtomicFiles.writeJson(out, report);
            print.println("\nwritten: " + out);
        }
        return 0;
    }

    /** Up to {@code texts} answers taken at an even stride, so items and users are both represented. */
    private List<String> sample() {
        try (KnowledgeStore knowledge = store.openExisting()) {
            long total = knowledge.statistics().entries();
            if (total == 0) {
                throw new BadInputException(store.toString(), 0, null, "the store holds no entries to encode");
            }
            long stride = Math.max(1, total / texts);
            List<String> sample = new ArrayList<>();
            long index = 0;
            long after = 0;
            for (List<StoredEntry> page = knowledge.entries(after, 1024); !page.isEmpty(); page = knowledge.entries(after, 1024)) {
                for (StoredEntry stored : page) {
                    if (index++ % stride == 0 && sample.size() < texts) {
                        sample.add(stored.entry().answer());
                    }
                }
                after = page.getLast().id();
            }
            return sample;
        }
    }
}
