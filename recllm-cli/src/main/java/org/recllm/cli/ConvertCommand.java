package org.recllm.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.recllm.data.dataset.InteractionLog;
import org.recllm.data.dataset.InteractionLogWriter;
import org.recllm.data.dataset.RatingDataset;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code recllm data convert}: a dataset rewritten as a generic interaction log ({@code --dataset log}). */
@Command(name = "convert", mixinStandardHelpOptions = true,
        description = "Write a dataset as a generic interaction log (interactions.csv, items.csv, users.csv), the format "
                + "data prepare and spark prepare read with --dataset log (docs/protocols.md).")
final class ConvertCommand implements Callable<Integer> {
    @Mixin
    DatasetOptions source;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder to write (new or without a log).")
    Path out;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Outputs.requireWritableFolder(out, "--out");
        for (String table : InteractionLog.TABLES) {
            OptionInputs.require(!Files.exists(out.resolve(table + InteractionLog.CSV)), "--out", out + " already holds "
                    + table + InteractionLog.CSV + "; choose a new folder so no log is overwritten");
        }
        long started = System.nanoTime();
        RatingDataset dataset = source.read();
        InteractionLogWriter.write(dataset, out);
        spec.commandLine().getOut().printf(Locale.ROOT, "wrote %,d interactions of %,d users on %,d items (%s) to %s "
                + "in %.1f s%n", dataset.ratings().size(), dataset.users().size(), dataset.items().size(), dataset.name(),
                out, (System.nanoTime() - started) / 1e9);
        return 0;
    }
}
