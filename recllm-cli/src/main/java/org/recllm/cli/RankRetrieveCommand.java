package org.recllm.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.recllm.core.io.BadInputException;
import org.recllm.data.dataset.Item;
import org.recllm.data.dataset.RatingDataset;
import org.recllm.data.protocol.Split;
import org.recllm.data.schema.FieldRole;
import org.recllm.data.store.SampleStore;
import org.recllm.knowledge.augment.KnowledgeVectors;
import org.recllm.knowledge.encoder.SentenceEncoder;
import org.recllm.knowledge.encoder.SentenceEncoders;
import org.recllm.knowledge.store.EntityType;
import org.recllm.knowledge.store.KnowledgeStore;
import org.recllm.knowledge.store.StoreLocation;
import org.recllm.rank.retrieval.RetrievedHistory;
import org.recllm.rank.retrieval.SemanticRetrieval;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code recllm rank retrieve}: ReLLa's semantic user behaviour retrieval over a sample store's histories. */
@Command(name = "retrieve", mixinStandardHelpOptions = true,
        description = "For every sample, the K history items most similar to the target item (item texts encoded, "
                + "reduced by PCA, compared by cosine), kept in time order, as positions per split in --out DIR.")
final class RankRetrieveCommand implements Callable<Integer> {
    @Option(names = "--samples", required = true, paramLabel = "DIR", description = "Sample store with a behaviour sequence "
            + "(prepare it with a long --history, e.g. 60).")
    Path samples;

    @Option(names = "--encoder", defaultValue = SentenceEncoders.MINILM, paramLabel = "ENCODER",
            description = "Item text encoder: minilm, a model folder, or M.gguf[#layer=L,pooling=mean|last] (ReLLa: the "
                    + "LLM's own hidden states). Default: ${DEFAULT-VALUE}.")
    String encoder;

    @Option(names = "--dim", defaultValue = "512", paramLabel = "D",
            description = "Dimensions after PCA (no reduction when the encoder has at most D). Default: ${DEFAULT-VALUE}.")
    int dim;

    @Option(names = "--k", defaultValue = "10", paramLabel = "K", description = "History items per sample. Default: ${DEFAULT-VALUE}.")
    int k;

    @Option(names = "--knowledge", paramLabel = "STORE",
            description = "Describe items by their knowledge text from this store (LLM text, else metadata) instead of "
                    + "the dataset's title, genres and year.")
    StoreLocation knowledge;

    @Option(names = "--data", paramLabel = "DIR", description = "Dataset folder for item descriptions. Default: the folder "
            + "the samples were prepared from.")
    Path data;

    @Option(names = "--seed", defaultValue = "1", description = "PCA's random start. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where the positions and retrieval.json go.")
    Path out;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (k < 1 || k > 1_000) {
            throw new BadInputException("--k", 0, null, "expected 1 to 1000, got " + k);
        }
        if (dim < 1) {
            throw new BadInputException("--dim", 0, null, "expected a positive dimension, got " + dim);
        }
        var print = spec.commandLine().getOut();
        long start = System.nanoTime();
        RetrievedHistory retrieved;
        List<String> texts;
        try (SampleStore store = SampleStore.openVerified(samples)) {
            String source;
            if (knowledge != null) {
                Map<Long, String> byItem;
                try (KnowledgeStore opened = knowledge.openExisting()) {
                    byItem = KnowledgeVectors.texts(opened, EntityType.ITEM, null);
                }
                texts = SemanticRetrieval.itemTexts(store, byItem::get);
                source = "knowledge texts of " + knowledge;
            } else {
                RatingDataset dataset = StoreDataset.read(store, data, "--data", print);
                if (dataset == null) {
                    throw new BadInputException("--data", 0, null, "item descriptions need the dataset folder or --knowledge STORE");
                }
                texts = SemanticRetrieval.itemTexts(store, id -> dataset.findItem(id).map(Item::describe).orElse(null));
                source = "dataset descriptions (title, genres, year)";
            }
            try (SentenceEncoder opened = SentenceEncoders.open(encoder)) {
                retrieved = SemanticRetrieval.run(store, samples.toString(), texts, source, opened, dim, k, seed);
            }
            retrieved.write(out);
            print.printf(Locale.ROOT, "retrieved %d of each sample's history by similarity to its target in %.1f s: %s%n",
                    k, (System.nanoTime() - start) / 1e9, retrieved.manifest().itemVectors());
            example(print, store, retrieved, texts);
        }
        print.println("written: " + out.resolve(RetrievedHistory.MANIFEST) + " and one .positions file per split");
        return 0;
    }

    /** The first test sample with a history longer than k: its latest k items against the retrieved k. */
    private void example(java.io.PrintWriter print, SampleStore store, RetrievedHistory retrieved, List<String> texts) {
        var test = store.split(Split.TEST);
        var history = SemanticRetrieval.itemHistory(store);
        var items = test.ints(history.name());
        var lengths = test.ints(org.recllm.data.schema.Schema.lengthColumn(history.group()));
        var target = test.ints(store.schema().requireIdField(FieldRole.ITEM_ID).name());
        int[] positions = retrieved.of(Split.TEST);
        for (int row = 0; row < test.rows(); row++) {
            if (lengths.get(row) <= 2 * k) {
                continue;
            }
            print.println("\nexample, test row " + row + ": target " + texts.get(target.get(row)));
            List<String> latest = new ArrayList<>();
            for (int j = items.width() - k; j < items.width(); j++) {
                latest.add(String.valueOf(texts.get(items.get(row, j))));
            }
            List<String> chosen = new ArrayList<>();
            for (int slot = 0; slot < k; slot++) {
                int position = positions[row * k + slot];
                if (position >= 0) {
                    chosen.add(String.valueOf(texts.get(items.get(row, position))));
                }
            }
            print.println("  latest " + k + ":    " + String.join(" | ", latest));
            print.println("  retrieved " + k + ": " + String.join(" | ", chosen));
            return;
        }
    }
}
