package org.recllm.data.synth;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.recllm.core.metrics.Auc;
import org.recllm.core.progress.Progress;
import org.recllm.data.protocol.Split;
import org.recllm.data.schema.FieldRole;
import org.recllm.data.schema.FieldSpec;
import org.recllm.data.schema.Schema;
import org.recllm.data.schema.Vocabulary;
import org.recllm.data.store.Column;
import org.recllm.data.store.Columns;
import org.recllm.data.store.SampleSet;
import org.recllm.data.store.SplitColumns;
import org.recllm.data.store.StoreInfo;

/**
 * A Criteo-like synthetic CTR set for throughput and scale tests: a third of the fields numeric (log-scaled counts),
 * the rest categorical with Zipf-distributed values over vocabularies from tens to hundreds of thousands of values.
 * Labels come from a known model — per-value weights, rank-4 interactions among the first eight categorical fields,
 * numeric slopes — so the best achievable AUC (that of the true probabilities on test) is known and stored in the
 * store's properties as {@code bayes_test_auc}. Rows are split at random 8:1:1. With a history length, each row
 * also gets a behaviour sequence {@code hist_c01} of up to that many values of the first categorical field (it does
 * not enter the labels: it exists so sequence models such as DIN can be measured on the same rows).
 */
public final class SyntheticCtr {
    private static final double ZIPF_EXPONENT = 1.05;
    private static final int FACTORS = 4;
    private static final int INTERACTING_FIELDS = 8;
    private static final double TARGET_POSITIVE_RATE = 0.25;
    private static final String HISTORY = "history";

    private final int rows;
    private final int numeric;
    private final int categorical;
    private final long seed;
    private final int maxVocabulary;
    private final int historyLength;

    public SyntheticCtr(int rows, int fields, long seed) {
        this(rows, fields, seed, 0);
    }

    public SyntheticCtr(int rows, int fields, long seed, int historyLength) {
        if (rows < 10 || fields < 2) {
            throw new IllegalArgumentException("a synthetic set needs at least 10 rows and 2 fields, got " + rows + " and " + fields);
        }
        this.rows = rows;
        this.numeric = fields / 3;
        this.categorical = fields - numeric;
        this.seed = seed;
        this.maxVocabulary = Math.max(16, Math.min(rows / 4, 500_000));
        if (historyLength < 0) {
            throw new IllegalArgumentException("history length must not be negative, got " + historyLength);
        }
        this.historyLength = historyLength;
    }

    public SampleSet generate() {
        SplittableRandom random = new SplittableRandom(seed);
        int[] cardinalities = new int[categorical];
        for (int f = 0; f < categorical; f++) {
            double position = categorical == 1 ? 1 : f / (double) (categorical - 1);
            cardinalities[f] = (int) Math.round(4 * Math.pow(maxVocabulary / 4.0, position));
        }
        // The ground-truth model.
        double[][] weights = new double[categorical][];
        double[][] factors = new double[Math.min(INTERACTING_FIELDS, categorical)][];
        for (int f = 0; f < categorical; f++) {
            weights[f] = gaussians(random, cardinalities[f], 0.25);
            if (f < factors.length) {
                factors[f] = gaussians(random, cardinalities[f] * FACTORS, 0.3);
            }
        }
        double[] slopes = gaussians(random, numeric, 0.3);
        int[][] values = new int[categorical][rows];
        float[][] numbers = new float[numeric][rows];
        double[] logits = new double[rows];
        try (Progress progress = Progress.start("synthesise", "rows", rows)) {
            ZipfSampler[] samplers = new ZipfSampler[categorical];
            for (int f = 0; f < categorical; f++) {
                samplers[f] = new ZipfSampler(cardinalities[f], ZIPF_EXPONENT);
            }
            for (int r = 0; r < rows; r++) {
                double logit = 0;
                for (int f = 0; f < categorical; f++) {
                    int v = samplers[f].sample(random);
                    values[f][r] = v;
                    logit += weights[f][v];
                }
                for (int f = 0; f < factors.length; f++) {
                    for (int g = f + 1; g < factors.length; g++) {
                        double dot = 0;
                        for (int k = 0; k < FACTORS; k++) {
                            dot += factors[f][values[f][r] * FACTORS + k] * factors[g][values[g][r] * FACTORS + k];
                        }
                        logit += dot;
                    }
                }
                for (int n = 0; n < numeric; n++) {
                    // Heavy-tailed counts, as Criteo's integer features are; models see log(1 + count).
                    double count = Math.floor(Math.exp(random.nextDouble() * random.nextDouble() * 8) - 1);
                    numbers[n][r] = (float) Math.log1p(count);
                    logit += slopes[n] * (numbers[n][r] - 1.5);
                }
                logits[r] = logit;
                if ((r & 65535) == 65535) {
                    progress.advance(65536);
                }
            }
            progress.advance(rows & 65535);
        }
        double bias = biasFor(logits, TARGET_POSITIVE_RATE);
        float[] labels = new float[rows];
        float[] truth = new float[rows];
        for (int r = 0; r < rows; r++) {
            truth[r] = (float) (1 / (1 + Math.exp(-(logits[r] + bias))));
            labels[r] = random.nextDouble() < truth[r] ? 1f : 0f;
        }
        int[][] histories = new int[rows][];
        ZipfSampler historyValues = new ZipfSampler(cardinalities[0], ZIPF_EXPONENT);
        for (int r = 0; r < rows && historyLength > 0; r++) {
            histories[r] = new int[random.nextInt(historyLength + 1)];
            for (int t = 0; t < histories[r].length; t++) {
                histories[r][t] = historyValues.sample(random);
            }
        }
        Split[] assignment = new Split[rows];
        for (int r = 0; r < rows; r++) {
            double u = random.nextDouble();
            assignment[r] = u < 0.8 ? Split.TRAIN : u < 0.9 ? Split.VALID : Split.TEST;
        }
        return assemble(values, numbers, histories, labels, truth, assignment);
    }

    private SampleSet assemble(int[][] values, float[][] numbers, int[][] histories, float[] labels, float[] truth,
                               Split[] assignment) {
        List<FieldSpec> fields = new ArrayList<>();
        Map<String, Vocabulary> vocabularies = new LinkedHashMap<>();
        for (int n = 0; n < numeric; n++) {
            fields.add(FieldSpec.numeric(String.format(Locale.ROOT, "i%02d", n + 1), FieldRole.CONTEXT));
        }
        for (int f = 0; f < categorical; f++) {
            String name = String.format(Locale.ROOT, "c%02d", f + 1);
            fields.add(FieldSpec.categorical(name, name, FieldRole.CONTEXT));
            Vocabulary.Builder builder = new Vocabulary.Builder(name);
            for (int r = 0; r < rows; r++) {
                if (assignment[r] == Split.TRAIN) {
                    builder.add(Integer.toString(values[f][r]));
                }
            }
            vocabularies.put(name, builder.build());
        }
        if (historyLength > 0) {
            fields.add(FieldSpec.sequence("hist_c01", "c01", historyLength, HISTORY, "c01"));
        }
        Schema schema = new Schema(fields);
        Map<Split, SplitColumns> splits = new EnumMap<>(Split.class);
        float[] testTruth = null;
        float[] testLabels = null;
        for (Split split : Split.values()) {
            int count = 0;
            for (Split s : assignment) {
                count += s == split ? 1 : 0;
            }
            int[] rowsOf = new int[count];
            for (int r = 0, i = 0; r < rows; r++) {
                if (assignment[r] == split) {
                    rowsOf[i++] = r;
                }
            }
            SplitColumns columns = new SplitColumns(count);
            float[] splitLabels = pick(labels, rowsOf);
            columns.put(Columns.LABEL, new Column.Floats(splitLabels, 1));
            for (int n = 0; n < numeric; n++) {
                columns.put(fields.get(n).name(), new Column.Floats(pick(numbers[n], rowsOf), 1));
            }
            for (int f = 0; f < categorical; f++) {
                FieldSpec field = fields.get(numeric + f);
                Vocabulary vocabulary = vocabularies.get(field.name());
                int[] ids = new int[count];
                for (int i = 0; i < count; i++) {
                    ids[i] = vocabulary.id(Integer.toString(values[f][rowsOf[i]]));
                }
                columns.put(field.name(), new Column.Ints(ids, 1));
            }
            if (historyLength > 0) {
                addHistory(columns, histories, rowsOf, vocabularies.get("c01"));
            }
            splits.put(split, columns);
            if (split == Split.TEST) {
                testTruth = pick(truth, rowsOf);
                testLabels = splitLabels;
            }
        }
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("bayes_test_auc", String.format(Locale.ROOT, "%.5f", Auc.of(testTruth, testLabels)));
        properties.put("numeric_fields", Integer.toString(numeric));
        properties.put("categorical_fields", Integer.toString(categorical));
        properties.put("largest_vocabulary", Integer.toString(maxVocabulary));
        StoreInfo info = new StoreInfo("synthetic", "random-8:1:1", "recllm data synth --rows " + rows + " --fields "
                + (numeric + categorical) + " --seed " + seed + " --history " + historyLength, historyLength, Instant.now().toString(),
                properties);
        return new SampleSet(info, schema, vocabularies, splits);
    }

    /** Left-padded ids of each row's history, oldest first, and their lengths. */
    private void addHistory(SplitColumns columns, int[][] histories, int[] rowsOf, Vocabulary vocabulary) {
        int[] ids = new int[rowsOf.length * historyLength];
        int[] lengths = new int[rowsOf.length];
        for (int i = 0; i < rowsOf.length; i++) {
            int[] history = histories[rowsOf[i]];
            lengths[i] = history.length;
            int pad = historyLength - history.length;
            for (int t = 0; t < history.length; t++) {
                ids[i * historyLength + pad + t] = vocabulary.id(Integer.toString(history[t]));
            }
        }
        columns.put("hist_c01", new Column.Ints(ids, historyLength));
        columns.put(Schema.lengthColumn(HISTORY), new Column.Ints(lengths, 1));
    }

    private static float[] pick(float[] values, int[] rows) {
        float[] picked = new float[rows.length];
        for (int i = 0; i < rows.length; i++) {
            picked[i] = values[rows[i]];
        }
        return picked;
    }

    private static double[] gaussians(SplittableRandom random, int n, double std) {
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            double u = 1 - random.nextDouble();
            values[i] = std * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
        }
        return values;
    }

    /** The bias that makes the mean probability {@code rate}, by bisection. */
    private static double biasFor(double[] logits, double rate) {
        double low = -20;
        double high = 20;
        for (int iteration = 0; iteration < 60; iteration++) {
            double mid = (low + high) / 2;
            double mean = 0;
            for (double logit : logits) {
                mean += 1 / (1 + Math.exp(-(logit + mid)));
            }
            if (mean / logits.length < rate) {
                low = mid;
            } else {
                high = mid;
            }
        }
        return (low + high) / 2;
    }
}
