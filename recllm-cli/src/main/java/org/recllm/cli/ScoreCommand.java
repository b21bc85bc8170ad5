package org.recllm.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.concurrent.Callable;
import org.recllm.core.io.AtomicFiles;
import org.recllm.core.io.BadInputException;
import org.recllm.core.io.TextLines;
import org.recllm.data.schema.FieldRole;
import org.recllm.data.schema.Schema;
import org.recllm.serve.bundle.ModelBundle;
import org.recllm.serve.scoring.BatchScorer;
import org.recllm.serve.scoring.CandidateScorer;
import org.recllm.serve.scoring.ParallelBatchScorer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code recllm score}: a bundle over a candidate table on this machine (what {@code spark score} does on a cluster). */
@Command(name = "score", mixinStandardHelpOptions = true,
        description = "Score every (user, item) row of a CSV candidate table with a bundle (recllm train --save), as the "
                + "scoring server would, and write user, item and score as CSV, in the table's order.")
final class ScoreCommand implements Callable<Integer> {
    @Option(names = "--bundle", required = true, paramLabel = "DIR", description = "Bundle folder written by recllm train --save.")
    Path bundle;

    @Option(names = "--candidates", required = true, paramLabel = "FILE.csv",
            description = "Candidate table with a header naming the bundle's user and item id columns (others are ignored).")
    Path candidates;

    @Option(names = "--out", required = true, paramLabel = "FILE.csv", description = "Scores to write (atomically).")
    Path out;

    @Option(names = "--threads", paramLabel = "N", description = "Scoring threads. Default: one per core.")
    Integer threads;

    @Option(names = "--max-candidates", defaultValue = "256", paramLabel = "N",
            description = "Candidates of one user scored in one request. Default: ${DEFAULT-VALUE}.")
    int maxCandidates;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        int workers = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        OptionInputs.require(workers >= 1 && workers <= 1024, "--threads", "expected 1 to 1024, got " + workers);
        OptionInputs.require(maxCandidates >= 1 && maxCandidates <= 65_536, "--max-candidates",
                "expected 1 to 65536, got " + maxCandidates);
        ModelBundle model = ModelBundle.load(bundle);
        Schema schema = model.manifest().schema();
        String userColumn = schema.requireIdField(FieldRole.USER_ID).name();
        String itemColumn = schema.requireIdField(FieldRole.ITEM_ID).name();
        long started = System.nanoTime();
        long[] rows = {0};
        try (TextLines in = TextLines.open(candidates, StandardCharsets.UTF_8);
             ParallelBatchScorer scorer = new ParallelBatchScorer(new CandidateScorer(model, maxCandidates, workers),
                     maxCandidates, workers)) {
            Iterator<BatchScorer.Pair> pairs = pairs(in, userColumn, itemColumn);
            AtomicFiles.write(out, stream -> {
                BufferedWriter writer = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8),
                        1 << 16);
                writer.write(userColumn + "," + itemColumn + ",score\n");
                try {
                    rows[0] = scorer.score(pairs, (pair, score) -> {
                        try {
                            writer.write(pair.user() + "," + pair.item() + "," + score + "\n");
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    });
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while scoring", e);
                }
                writer.flush();
            });
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        spec.commandLine().getOut().printf(Locale.ROOT, "scored %,d candidates into %s with %d thread(s) in %.1f s "
                + "(%,.0f rows/s)%n", rows[0], out, workers, seconds, rows[0] / seconds);
        return 0;
    }

    /** The table's (user, item) pairs, line by line; a line without both columns names its line. */
    private Iterator<BatchScorer.Pair> pairs(TextLines in, String userColumn, String itemColumn) {
        String header = in.next();
        if (header == null) {
            throw new BadInputException(candidates, "is empty; expected a header naming " + userColumn + " and " + itemColumn);
        }
        List<String> columns = List.of(header.split(",", -1));
        int user = columns.indexOf(userColumn);
        int item = columns.indexOf(itemColumn);
        if (user < 0 || item < 0) {
            throw new BadInputException(candidates.toString(), 1, user < 0 ? userColumn : itemColumn,
                    "missing; the bundle's model needs the columns " + userColumn + " and " + itemColumn + ", the header has "
                            + columns);
        }
        int needed = Math.max(user, item) + 1;
        return new Iterator<>() {
            private String line = advance();

            private String advance() {
                String next;
                do {
                    next = in.next();
                } while (next != null && next.isBlank());
                return next;
            }

            @Override
            public boolean hasNext() {
                return line != null;
            }

            @Override
            public BatchScorer.Pair next() {
                if (line == null) {
                    throw new NoSuchElementException();
                }
                String[] cells = line.split(",", -1);
                if (cells.length < needed || cells[user].isBlank() || cells[item].isBlank()) {
                    throw in.error(null, "expected " + userColumn + " and " + itemColumn + " values, got '" + line + "'");
                }
                BatchScorer.Pair pair = new BatchScorer.Pair(cells[user].strip(), cells[item].strip());
                line = advance();
                return pair;
            }
        };
    }
}
