package org.recllm.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.recllm.core.report.TextTable;
import org.recllm.data.dataset.Duplicates;
import org.recllm.data.dataset.RatingDataset;
import org.recllm.data.protocol.Protocols;
import org.recllm.data.protocol.SplitPlan;
import org.recllm.data.samples.HistorySpec;
import org.recllm.data.samples.MovieLensFeatures;
import org.recllm.data.samples.SampleEncoder;
import org.recllm.data.store.SampleStoreWriter;
import org.recllm.data.store.StoreStats;
import org.recllm.data.store.WrittenStore;

/** Dataset → protocol → samples → store, shared by {@code data prepare} and {@code quickstart}. */
final class Preparation {
    private Preparation() {}

    static StoreStats prepare(DatasetOptions source, String protocolName, int history, Path out) {
        return prepare(source, protocolName, history, Duplicates.ERROR, out);
    }

    static StoreStats prepare(DatasetOptions source, String protocolName, int history, Duplicates duplicates, Path out) {
        HistorySpec.requireLength(history);
        var protocol = OptionInputs.naming(Protocols.SOURCE, "--protocol", () -> Protocols.byName(protocolName));
        long start = System.nanoTime();
        RatingDataset dataset = source.read(duplicates);
        SplitPlan plan = protocol.split(dataset);
        var samples = new SampleEncoder(dataset, MovieLensFeatures.of(dataset, history)).encode(plan);
        StoreStats stats = committed(SampleStoreWriter.write(out, samples));
        System.err.printf(Locale.ROOT, "prepared %s/%s in %.1fs (%,d ratings; %,d profile-source ratings kept in train)%n",
                dataset.name(), protocol.name(), (System.nanoTime() - start) / 1e9, dataset.ratings().size(),
                plan.profileSources().size());
        return stats;
    }

    /** The stats of a store that is written and current; tidying up that failed afterwards is a warning, not a failure. */
    static StoreStats committed(WrittenStore written) {
        written.warnings().forEach(warning -> System.err.println("warning: " + warning));
        return written.stats();
    }

    static String describe(StoreStats stats, Path out) {
        TextTable splits = new TextTable("split", "rows", "positives", "positive rate", "users", "items", "OOV items");
        for (Map.Entry<String, StoreStats.SplitStats> entry : stats.splits().entrySet()) {
            StoreStats.SplitStats s = entry.getValue();
            splits.add(entry.getKey(), String.format(Locale.ROOT, "%,d", s.rows()), String.format(Locale.ROOT, "%,d", s.positives()),
                    String.format(Locale.ROOT, "%.4f", s.positiveRate()), s.users(), s.items(),
                    String.format(Locale.ROOT, "%.2f%%", 100 * s.oovItemRate()));
        }
        TextTable vocabularies = new TextTable("vocabulary", "ids (incl. padding, OOV)");
        stats.vocabularySizes().forEach(vocabularies::add);
        return "sample store " + out + " (" + stats.info().dataset() + ", protocol " + stats.info().protocol() + ")\n\n"
                + splits.render() + "\n" + vocabularies.render();
    }
}
