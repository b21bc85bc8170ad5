package org.recllm.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.ToDoubleFunction;
import org.recllm.core.io.AtomicFiles;
import org.recllm.core.io.BadInputException;
import org.recllm.core.quant.GgmlType;
import org.recllm.core.tensor.Tape;
import org.recllm.data.dataset.RatingDataset;
import org.recllm.data.protocol.Ml100kU1Protocol;
import org.recllm.data.protocol.Protocols;
import org.recllm.knowledge.distill.DistillationCorpus;
import org.recllm.knowledge.distill.ProfilePair;
import org.recllm.knowledge.distill.ProfileTexts;
import org.recllm.knowledge.prompt.HistoryWindow;
import org.recllm.knowledge.prompt.KnowledgePrompts;
import org.recllm.knowledge.scenario.Scenarios;
import org.recllm.knowledge.store.EntityType;
import org.recllm.llm.gguf.GgufFile;
import org.recllm.llm.gguf.GgufMetadata;
import org.recllm.llm.gguf.GgufVocabulary;
import org.recllm.llm.model.ModelConfig;
import org.recllm.llm.tokenizer.ByteLevelBpeTrainer;
import org.recllm.llm.tokenizer.ChatTemplate;
import org.recllm.llm.tokenizer.Tokenizer;
import org.recllm.llm.tokenizer.Tokenizers;
import org.recllm.llm.train.CorpusExample;
import org.recllm.llm.train.DecoderPreset;
import org.recllm.llm.train.LanguageModelTrainer;
import org.recllm.llm.train.TrainableDecoder;
import org.recllm.llm.train.TrainedModelFile;
import org.recllm.llm.train.TrainingReport;
import org.recllm.llm.train.TrainingSequence;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code recllm llm distill}: a small model trained to write the teacher's (gpt-4o-mini's) item and user profiles
 * from the prompts KAR asks, scored on items and users it never saw.
 */
@Command(name = "distill", mixinStandardHelpOptions = true, description = {
        "Distil the imported LLM profiles into a small model: for each item and user with a profile in --knowledge-dir, "
                + "the movies scenario's KAR prompt (as `recllm knowledge prompts` renders it; users from their ML100K-U1 "
                + "profile sources) in the engine's chat format → the profile. 10%% of the items and 10%% of the users are "
                + "held out whole (seeded); trains as `recllm llm train` does and reports their perplexity. The model "
                + "runs in `recllm knowledge generate --model M.gguf`."})
final class LlmDistillCommand implements Callable<Integer> {
    private static final double HELD_OUT = 0.1;

    @Option(names = "--knowledge-dir", required = true, paramLabel = "DIR", description = "Folder with the teacher's "
            + "profiles: " + TeacherProfiles.LAYOUT + ".")
    Path knowledgeDir;

    @Mixin
    DatasetOptions dataset;

    @Mixin
    DecoderOptions decoder;

    @Mixin
    RecomputeOption recompute;

    @Mixin
    ResumeOptions resuming;

    @Option(names = "--out", required = true, paramLabel = "M.gguf", description = "Trained model (GGUF, its matrices as --out-type).")
    Path out;

    @Option(names = "--report", required = true, paramLabel = "R.json", description = "Report: corpus sizes, held-out "
            + "entities and their perplexity, train_loss per logged step, valid_loss, tokens/s, wall time; the loss curve "
            + "goes beside it as R.loss.png.")
    Path report;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        long started = System.nanoTime();
        DecoderPreset shape = decoder.validated();
        if (!Files.isDirectory(knowledgeDir)) {
            throw new BadInputException("--knowledge-dir", 0, null, knowledgeDir + " is not a folder");
        }
        Path chart = CorpusTrainingOptions.chartPath(report);
        Outputs.requireWritable(out, "--out");
        Outputs.requireWritable(report, "--report");
        Outputs.requireWritable(chart, "--report");
        resuming.check();
        ProfileTexts items = TeacherProfiles.read(knowledgeDir, EntityType.ITEM);
        ProfileTexts users = TeacherProfiles.read(knowledgeDir, EntityType.USER);
        RatingDataset data = dataset.read();
        KnowledgePrompts prompts = new KnowledgePrompts(Scenarios.resolve("movies"), data,
                HistoryWindow.of(Protocols.byName(Ml100kU1Protocol.NAME).split(data)));
        DistillationCorpus corpus = DistillationCorpus.build(prompts, items, users, HELD_OUT, decoder.seed);

        // The tokenizer sees only training text, so held-out answers are scored as text never seen in any form.
        ChatTemplate chat = chatTemplateOf(shape);
        List<CorpusExample> trainExamples = examples(corpus.train(), chat);
        GgufVocabulary vocabulary = decoder.vocabulary(trainExamples);
        Tokenizer tokenizer = Tokenizers.fromGguf(vocabulary.metadata());
        ModelConfig config = shape.config(vocabulary.tokens().length);
        int context = config.contextLength();
        List<TrainingSequence> train = CorpusTrainingOptions.sequences(tokenizer, trainExamples, context);
        List<TrainingSequence> heldItems = CorpusTrainingOptions.sequences(tokenizer, examples(corpus.heldOutItems(), chat), context);
        List<TrainingSequence> heldUsers = CorpusTrainingOptions.sequences(tokenizer, examples(corpus.heldOutUsers(), chat), context);
        if (train.isEmpty()) {
            throw new BadInputException("--knowledge-dir", 0, null, "no profile pairs to train on");
        }
        var err = spec.commandLine().getErr();
        err.printf(Locale.ROOT, "corpus: %,d training pairs (%,d sequences), %,d held-out items, %,d held-out users; "
                        + "%,d items and %,d users without a profile left out; %,d-token vocabulary%n", corpus.train().size(),
                train.size(), corpus.heldOutItems().size(), corpus.heldOutUsers().size(), corpus.itemsWithoutProfile(),
                corpus.usersWithoutProfile(), vocabulary.tokens().length);

        TrainableDecoder model = recompute.applyTo(TrainableDecoder.random(config, true, 0.02f, decoder.seed));
        String name = shape.name().toLowerCase(Locale.ROOT);
        // A resume point belongs to these teacher files and this dataset (the model's shape and the plan say the rest).
        String run = "distilled from " + RankInputs.fileKey(knowledgeDir.resolve(TeacherProfiles.ITEMS_CSV)) + " and "
                + RankInputs.fileKey(knowledgeDir.resolve(TeacherProfiles.USERS_CSV)) + " with the prompts of "
                + dataset.dataset + " at " + dataset.directory().toAbsolutePath().normalize();
        LanguageModelTrainer trainer = new LanguageModelTrainer(model, decoder.plan().withCheckpointEvery(
                resuming.checkpointEvery), name, resuming.checkpoint, run);
        List<TrainingSequence> heldOut = new ArrayList<>(heldItems);
        heldOut.addAll(heldUsers);
        TrainingReport training = trainer.train(train, heldOut, resuming.resume, Integer.MAX_VALUE);
        DistillationReport.HeldOut itemScore = score(trainer::validLoss, tokenizer, corpus.heldOutItems(), heldItems);
        DistillationReport.HeldOut userScore = score(trainer::validLoss, tokenizer, corpus.heldOutUsers(), heldUsers);
        TrainedModelFile.write(model, vocabulary, "recllm " + name + " distilled from " + knowledgeDir.getFileName(), out,
                decoder.matrixType());
        DistillationReport.Written written = null;
        if (decoder.matrixType() != GgmlType.F32) {
            // What the stored weights lose: the same held-out answers scored with the file's matrices as written.
            try (GgufFile file = GgufFile.open(out)) {
                TrainableDecoder stored = TrainableDecoder.fromGguf(file);
                Tape tape = new Tape();
                ToDoubleFunction<List<TrainingSequence>> storedLoss =
                        sequences -> LanguageModelTrainer.meanLoss(stored, tape, sequences);
                written = new DistillationReport.Written(decoder.matrixType().name(),
                        score(storedLoss, tokenizer, corpus.heldOutItems(), heldItems).perplexity(),
                        score(storedLoss, tokenizer, corpus.heldOutUsers(), heldUsers).perplexity());
            }
        }
        DistillationReport result = new DistillationReport(chat.name().toLowerCase(Locale.ROOT),
                new DistillationReport.Sizes(corpus.train().size(), train.size(), corpus.heldOutItems().size(),
                        corpus.heldOutUsers().size(), corpus.itemsWithoutProfile(), corpus.usersWithoutProfile()),
                itemScore, userScore, written, training, (System.nanoTime() - started) / 1e9);
        AtomicFiles.writeJson(report, result);
        CorpusTrainingOptions.lossChart(chart, name, training.losses());
        spec.commandLine().getOut().printf(Locale.ROOT, "wrote %s (%,d parameters), %s and %s: held-out perplexity items %s, "
                        + "users %s; %,d tokens at %,.0f tokens/s, %.0f s in all%n", out, training.parameters(), report, chart,
                format(itemScore.perplexity()), format(userScore.perplexity()), training.trainTokens(),
                training.tokensPerSecond(), result.wallSeconds());
        return 0;
    }

    /** The format the engine reads the written model with: its file declares no template, so the architecture decides. */
    private static ChatTemplate chatTemplateOf(DecoderPreset shape) {
        String architecture = shape.config(ByteLevelBpeTrainer.MINIMUM_SIZE).architecture();
        return ChatTemplate.fromGguf(GgufMetadata.of(Map.of("general.architecture", architecture)));
    }

    private static List<CorpusExample> examples(List<ProfilePair> pairs, ChatTemplate chat) {
        return pairs.stream().map(pair -> pair.example(chat)).toList();
    }

    private static DistillationReport.HeldOut score(ToDoubleFunction<List<TrainingSequence>> meanLoss, Tokenizer tokenizer,
                                                    List<ProfilePair> pairs, List<TrainingSequence> sequences) {
        List<Long> ids = pairs.stream().map(pair -> pair.prompt().entityId()).toList();
        long answerTokens = pairs.stream().mapToLong(pair -> tokenizer.encode(pair.profile()).length + 1).sum();
        long scored = sequences.stream().mapToLong(TrainingSequence::lossTokens).sum();
        Double loss = sequences.isEmpty() ? null : meanLoss.applyAsDouble(sequences);
        return new DistillationReport.HeldOut(ids, sequences.size(), answerTokens, scored, loss,
                loss == null ? null : Math.exp(loss));
    }

    private static String format(Double value) {
        return value == null ? "-" : String.format(Locale.ROOT, "%.1f", value);
    }
}
