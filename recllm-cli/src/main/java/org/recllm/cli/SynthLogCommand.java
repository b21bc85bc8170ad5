package org.recllm.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.recllm.data.synth.SyntheticLog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code recllm data synth-log}: a synthetic interaction log in ML-100K's format, of any size. */
@Command(name = "synth-log", mixinStandardHelpOptions = true,
        description = "Write a synthetic interaction log in ML-100K's format (u.data, u.item, u.user, u.genre) with "
                + "Zipf-distributed activity and popularity, for scaling runs of data prepare and spark prepare "
                + "(--dataset ml-100k --protocol time).")
final class SynthLogCommand implements Callable<Integer> {
    @Option(names = "--users", required = true, description = "Users.")
    int users;

    @Option(names = "--items", required = true, description = "Items.")
    int items;

    @Option(names = "--ratings", required = true, description = "Ratings (one per second of log time).")
    long ratings;

    @Option(names = "--seed", defaultValue = "1", description = "Seed. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder to write (new or empty).")
    Path out;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        OptionInputs.require(users >= 1 && items >= 1 && ratings >= 1, "--ratings",
                "expected at least one user, item and rating");
        Outputs.requireWritableFolder(out, "--out");
        for (String file : List.of("u.data", "u.item", "u.user", "u.genre")) {
            OptionInputs.require(!Files.exists(out.resolve(file)), "--out", out + " already holds " + file
                    + "; choose a new folder so no dataset is overwritten");
        }
        long started = System.nanoTime();
        new SyntheticLog(users, items, ratings, seed).write(out);
        spec.commandLine().getOut().printf(Locale.ROOT, "wrote %,d ratings of %,d users on %,d items to %s in %.1f s%n",
                ratings, users, items, out, (System.nanoTime() - started) / 1e9);
        return 0;
    }
}
