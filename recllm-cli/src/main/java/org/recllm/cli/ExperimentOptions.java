package org.recllm.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.recllm.core.io.BadInputException;
import org.recllm.ctr.adaptor.AdaptorConfig;
import org.recllm.ctr.models.ModelSpec;
import org.recllm.ctr.models.ModelZoo;
import org.recllm.ctr.train.RunJournal;
import org.recllm.ctr.train.TrainConfig;
import org.recllm.knowledge.augment.KnowledgeSource;
import org.recllm.knowledge.experiment.ExperimentFile;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * What describes a training experiment on the command line, shared by {@code train} and {@code experiment kar}:
 * an optional experiment file, the samples, model settings, the run journal, the training options and the
 * knowledge options. Flags override the file; the file overrides the defaults.
 */
final class ExperimentOptions {
    @Option(names = "--config", paramLabel = "FILE.yaml",
            description = "Experiment file (YAML or JSON: samples, models, settings, seeds, train, knowledge, journal); "
                    + "options given on the command line override it.")
    Path config;

    @Option(names = "--samples", paramLabel = "DIR", description = "Sample store (recllm data prepare); required here or in --config.")
    Path samples;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Override a model setting, e.g. dnn.hidden=[200,80] or embedding.dim=32 (after the file's settings).")
    List<String> settings = new ArrayList<>();

    @Option(names = "--journal", paramLabel = "FILE.jsonl",
            description = "Finished runs, appended as they finish: a rerun trains only what is missing, and runs equal in "
                    + "samples, model, settings, seed and knowledge are shared. Default: REPORT.runs.jsonl beside the report.")
    Path journal;

    @Mixin
    TrainingOptions training;

    @Mixin
    KnowledgeOptions knowledge;

    private ExperimentFile file;

    /**
     * What every experiment reads before it trains: its models, training setting, seeds, knowledge source (null
     * without one) and adaptor, the sample store, and its journal — the report and journal checked writable.
     */
    record Setup(List<ModelSpec> specs, TrainConfig config, int seeds, KnowledgeSource source, AdaptorConfig adaptor,
                 Path samples, Path journal) {}

    /** The setup of an experiment writing {@code report}, models from {@code names} (option {@code option}). */
    Setup setup(List<String> names, String option, List<String> defaultModels, int defaultSeeds, Path report) {
        List<ModelSpec> specs = models(names, option, defaultModels);
        TrainConfig config = training.config(file());
        int seeds = training.seeds(file(), defaultSeeds);
        KnowledgeSource source = knowledge.source(file());
        AdaptorConfig adaptor = knowledge.adaptor(file());
        Path chosenSamples = samples();
        Path journalFile = journal(report);
        Outputs.requireWritable(report, "--report");
        Outputs.requireWritable(journalFile, "--journal");
        return new Setup(specs, config, seeds, source, adaptor, chosenSamples, journalFile);
    }

    /** The experiment file, read once; empty without {@code --config}. */
    ExperimentFile file() {
        if (file == null) {
            file = config == null ? ExperimentFile.EMPTY : ExperimentFile.read(config);
        }
        return file;
    }

    Path samples() {
        Path chosen = samples != null ? samples : file().samples() != null ? Path.of(file().samples()) : null;
        if (chosen == null) {
            throw new BadInputException("--samples", 0, null, "give the sample store with --samples DIR or in --config");
        }
        return chosen;
    }

    /** The journal: this option, else the file's, else FILE.runs.jsonl beside {@code report}, else none (null). */
    Path journal(Path report) {
        if (journal != null) {
            return journal;
        }
        if (file().journal() != null) {
            return Path.of(file().journal());
        }
        return report == null ? null : KarOutputs.journalBeside(report);
    }

    /** Opens the run journal, saying how many finished runs it holds for reuse. */
    RunJournal openJournal(Path journalFile, java.io.PrintWriter out) {
        RunJournal opened = RunJournal.open(journalFile);
        if (opened.size() > 0) {
            out.println(journalFile + ": " + opened.size() + " finished run(s) are reused where their key matches");
        }
        return opened;
    }

    /**
     * The models named on the command line (option {@code option}), else in the file, else {@code fallback} (null: one
     * must be named), each with the settings applied.
     */
    List<ModelSpec> models(List<String> names, String option, List<String> fallback) {
        List<String> chosen = first(names == null || names.isEmpty() ? null : names, file().models(), fallback);
        if (chosen == null || chosen.isEmpty()) {
            throw new BadInputException(option, 0, null, "name a model (one of " + ModelZoo.names() + ") here or in --config");
        }
        Map<String, String> overrides = new LinkedHashMap<>();
        file().settings().forEach((key, value) -> overrides.put(key, value.isTextual() ? value.asText() : value.toString()));
        overrides.putAll(parseSettings(settings));
        return OptionInputs.naming(Map.of(ModelZoo.MODEL, option, ModelZoo.SETTING, "--set"),
                () -> chosen.stream().map(name -> ModelZoo.spec(name, overrides)).toList());
    }

    static Map<String, String> parseSettings(List<String> settings) {
        Map<String, String> parsed = new LinkedHashMap<>();
        for (String setting : settings) {
            int eq = setting.indexOf('=');
            if (eq <= 0) {
                throw new BadInputException("--set", 0, null, "expected KEY=VALUE, got '" + setting + "'");
            }
            parsed.put(setting.substring(0, eq).strip(), setting.substring(eq + 1).strip());
        }
        return parsed;
    }

    /** The command line's value when given, else the file's, else the default. */
    static <T> T first(T option, T file, T fallback) {
        return option != null ? option : file != null ? file : fallback;
    }
}
