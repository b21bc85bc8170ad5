package org.recllm.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.recllm.core.io.BadInputException;
import org.recllm.data.export.CsvExport;
import org.recllm.data.store.SampleStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code recllm data export}: a sample store as CSV files that peers (FuxiCTR) read unchanged. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Write one CSV per split (sequences as ^-joined ids) and a FuxiCTR dataset config.")
final class ExportCommand implements Callable<Integer> {
    @Option(names = "--samples", required = true, paramLabel = "DIR", description = "Sample store to export.")
    Path samples;

    @Option(names = "--format", defaultValue = "csv", description = "Export format; only csv. Default: ${DEFAULT-VALUE}.")
    String format;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder for the CSV files.")
    Path out;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (!format.equals("csv")) {
            throw new BadInputException("--format", 0, null, "unknown export format '" + format + "'; expected csv");
        }
        Outputs.requireWritableFolder(out, "--out");
        try (SampleStore store = SampleStore.open(samples)) {
            CsvExport.export(store, out);
        }
        spec.commandLine().getOut().println("exported " + samples + " to " + out + " (train.csv, valid.csv, test.csv, fuxictr_dataset_config.yaml)");
        return 0;
    }
}
