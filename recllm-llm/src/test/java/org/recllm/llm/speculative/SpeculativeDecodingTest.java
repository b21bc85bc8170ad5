package org.recllm.llm.speculative;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.recllm.core.quant.GgmlType;
import org.recllm.core.testing.SharedData;
import org.recllm.llm.LanguageModel;
import org.recllm.llm.generate.BatchGenerator;
import org.recllm.llm.generate.BatchGenerator.Completion;
import org.recllm.llm.generate.BatchGenerator.Request;
import org.recllm.llm.generate.Generator;
import org.recllm.llm.generate.StopReason;
import org.recllm.llm.gguf.RandomModelSpec;
import org.recllm.llm.gguf.RandomModels;
import org.recllm.llm.model.Logits;
import org.recllm.llm.model.Transformer;
import org.recllm.llm.sampling.Sampler;
import org.recllm.llm.sampling.SamplerConfig;

/**
 * Speculative decoding inside continuous batching: strict verification reproduces plain greedy decoding token for
 * token whatever the pools hold (drafts right, wrong or half right, so the KV cache is cut back again and again),
 * accepts nearly everything when the pool holds the answer, relaxed verification accepts what its check allows, and
 * speculative sampling keeps the sampler's distribution.
 *
 * <p>Every forward pass here stays under 32 positions (prompts of at most 10 tokens, at most 3 sequences, drafts of at
 * most 8): from 32 positions on the projections run as a packed GEMM, whose sums are not ordered like one-position
 * decoding's, and only below that are multi-position logits bit for bit those of decoding.
 */
class SpeculativeDecodingTest {
    private static final String STORIES = "stories260K";
    /** Random models get a 40-token context, so generations hit it. */
    private static final int RANDOM_CONTEXT = 40;

    @TempDir
    static Path dir;
    private static final Map<String, LanguageModel> MODELS = new LinkedHashMap<>();

    @BeforeAll
    static void writeRandomModels() {
        for (String name : List.of("llama-F32", "llama-Q8_0", "qwen2-F32", "qwen2-Q4_K")) {
            String[] parts = name.split("-");
            GgmlType type = GgmlType.valueOf(parts[1]);
            // Q4_K stores super-blocks of 256, so its rows must be 256 wide, which is wide enough for the kernels to
            // split work across threads (slow on a busy machine): one layer keeps it fast. The others stay small.
            boolean wide = type == GgmlType.Q4_K;
            Path file = dir.resolve(name + ".gguf");
            RandomModels.write(new RandomModelSpec(parts[0], 512, wide ? 256 : 64, wide ? 1 : 2, 4, 2, wide ? 256 : 128, type,
                    false, RANDOM_CONTEXT, 11), file);
            MODELS.put(name, LanguageModel.open(file));
        }
    }

    @AfterAll
    static void closeModels() {
        MODELS.values().forEach(LanguageModel::close);
        MODELS.clear();
    }

    private static LanguageModel model(String name) {
        if (name.equals(STORIES)) {
            return MODELS.computeIfAbsent(STORIES, n -> LanguageModel.open(SharedData.require("models/stories260K.gguf")));
        }
        return MODELS.get(name);
    }

    private static int[] greedy(Transformer model, int[] prompt, int maxNew, IntPredicate isEnd) {
        return new Generator(model).generate(prompt, maxNew, new Sampler(SamplerConfig.greedy()), isEnd, t -> { }).tokens();
    }

    private static int[] concat(int[] a, int[] b) {
        int[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // (a) strict greedy = plain greedy, over random prompts, pools, widths and limits
    // ---------------------------------------------------------------------------------------------------------------

    /** What a random case puts in its pools. */
    private enum PoolKind { NONE, EMPTY, RANDOM, GREEDY, CORRUPTED, MIXED }

    /** One request of a case and what plain greedy decoding gives for it. */
    private record Expected(int[] prompt, int maxNew, IntPredicate isEnd, int pool, int[] tokens, StopReason stop) {}

    /**
     * A random case: requests on one model with their plain greedy results, pools (shared or one per request) with
     * their settings and contents, and the batch width. Pools are built fresh for every run, since finished answers
     * join them.
     */
    private record Case(String description, int width, List<Expected> requests, List<PoolSettings> settings,
                        List<List<int[]>> contents) {

        List<Request> requests(List<List<Integer>> streamed) {
            List<RetrievalPool> pools = new ArrayList<>();
            for (int p = 0; p < settings.size(); p++) {
                RetrievalPool pool = new RetrievalPool(settings.get(p));
                contents.get(p).forEach(pool::add);
                pools.add(pool);
            }
            List<Request> out = new ArrayList<>();
            for (Expected e : requests) {
                List<Integer> tokens = new ArrayList<>();
                streamed.add(tokens);
                out.add(new Request(e.prompt(), e.maxNew(), SamplerConfig.greedy(), e.isEnd(),
                        e.pool() < 0 ? null : pools.get(e.pool()), tokens::add));
            }
            return out;
        }
    }

    private static Case randomCase(LanguageModel llm, long seed) {
        Random random = new Random(seed);
        Transformer model = llm.transformer();
        int vocabulary = model.config().vocabulary();
        boolean stories = llm.config().contextLength() > RANDOM_CONTEXT;
        int eos = llm.tokenizer().eos();
        int width = random.nextBoolean() ? 1 : 3;
        int count = width == 1 ? 1 + random.nextInt(2) : 3 + random.nextInt(2);
        // Mostly pools that draft: right, half-right and mixed answers; now and then none, empty or random ones.
        PoolKind[] kinds = {PoolKind.NONE, PoolKind.EMPTY, PoolKind.RANDOM, PoolKind.GREEDY, PoolKind.GREEDY,
                PoolKind.CORRUPTED, PoolKind.CORRUPTED, PoolKind.MIXED, PoolKind.MIXED};
        PoolKind kind = kinds[random.nextInt(kinds.length)];
        boolean shared = random.nextBoolean();
        List<int[]> prompts = new ArrayList<>();
        List<int[]> free = new ArrayList<>();
        List<Expected> requests = new ArrayList<>();
        for (int r = 0; r < count; r++) {
            int[] prompt = new int[1 + random.nextInt(10)];
            for (int i = 0; i < prompt.length; i++) {
                // stories260K: BOS first, then ordinary tokens (0 to 2 are unknown, BOS, EOS).
                prompt[i] = stories ? (i == 0 ? 1 : 3 + random.nextInt(vocabulary - 3)) : random.nextInt(vocabulary);
            }
            int maxNew = random.nextInt(4) == 0 ? 1 + random.nextInt(3) : 1 + random.nextInt(48);
            IntPredicate eosOnly = token -> stories && token == eos;
            int[] unconstrained = greedy(model, prompt, maxNew, eosOnly);
            // A third of the requests stop at a token their plain continuation produces.
            int end = random.nextInt(3) == 0 && unconstrained.length > 0 ? unconstrained[random.nextInt(unconstrained.length)] : -1;
            IntPredicate isEnd = token -> token == end || eosOnly.test(token);
            Generator.Result expected = new Generator(model).generate(prompt, maxNew, new Sampler(SamplerConfig.greedy()),
                    isEnd, t -> { });
            int pool = kind == PoolKind.NONE || random.nextInt(6) == 0 ? -1 : shared ? 0 : r;
            requests.add(new Expected(prompt, maxNew, isEnd, pool, expected.tokens(), expected.stop()));
            prompts.add(prompt);
            free.add(unconstrained);
        }
        int pools = shared ? 1 : count;
        List<PoolSettings> settings = new ArrayList<>();
        List<List<int[]>> contents = new ArrayList<>();
        int[] alphabet = concat(prompts.stream().reduce(new int[0], SpeculativeDecodingTest::concat),
                free.stream().reduce(new int[0], SpeculativeDecodingTest::concat));
        for (int p = 0; p < pools; p++) {
            int minMatch = 1 + random.nextInt(3);
            // Small capacities evict answers, the seeded ones and those finished during the run.
            long capacity = new long[] {16, 64, 4_000_000, 4_000_000}[random.nextInt(4)];
            settings.add(new PoolSettings(minMatch, minMatch + random.nextInt(5), capacity));
            List<int[]> answers = new ArrayList<>();
            for (int r = 0; r < count; r++) {
                if (shared || r == p) {
                    int[] truth = random.nextInt(3) > 0 ? concat(prompts.get(r), free.get(r)) : free.get(r);
                    if (kind == PoolKind.GREEDY || kind == PoolKind.MIXED) {
                        answers.add(truth);
                    }
                    if (kind == PoolKind.CORRUPTED || kind == PoolKind.MIXED) {
                        answers.add(corrupted(truth, random, vocabulary));
                    }
                }
            }
            if (kind == PoolKind.RANDOM || kind == PoolKind.MIXED) {
                for (int a = 1 + random.nextInt(4); a > 0; a--) {
                    int[] answer = new int[3 + random.nextInt(28)];
                    for (int i = 0; i < answer.length; i++) {
                        answer[i] = alphabet.length > 0 && random.nextInt(4) > 0 ? alphabet[random.nextInt(alphabet.length)]
                                : random.nextInt(vocabulary);
                    }
                    answers.add(random.nextInt(answers.size() + 1), answer);
                }
            }
            contents.add(answers);
        }
        String description = "seed " + seed + ": width " + width + ", " + count + " requests, pools " + kind
                + (shared ? " (shared)" : "") + " " + settings;
        return new Case(description, width, requests, settings, contents);
    }

    /** A copy with about a quarter of its tokens replaced and a few dropped or doubled. */
    private static int[] corrupted(int[] tokens, Random random, int vocabulary) {
        int[] out = new int[2 * tokens.length];
        int n = 0;
        for (int token : tokens) {
            int roll = random.nextInt(20);
            if (roll < 5) {
                out[n++] = random.nextInt(vocabulary);
            } else if (roll == 5) {
                continue;
            } else {
                out[n++] = token;
                if (roll == 6) {
                    out[n++] = token;
                }
            }
        }
        return Arrays.copyOf(out, n);
    }

    /** Tallies over the cases of one model, to show they exercised what they claim. */
    private static final class Coverage {
        final Set<StopReason> stops = EnumSet.noneOf(StopReason.class);
        long drafted;
        long accepted;
        long decodePasses;
        long decoded;
    }

    /** Runs a case and checks each completion is plain greedy decoding's, stop reason and streamed tokens included. */
    private static void assertMatchesGreedy(LanguageModel llm, Case c, SpeculativeConfig config, Coverage coverage) {
        List<List<Integer>> streamed = new ArrayList<>();
        List<Request> requests = c.requests(streamed);
        List<Integer> finished = new ArrayList<>();
        BatchGenerator generator = new BatchGenerator(llm.transformer(), config);
        List<Completion> done = generator.generate(requests, c.width(), completion -> finished.add(completion.index()));
        assertEquals(requests.size(), finished.size(), c.description());
        long passes = 0;
        long decoded = 0;
        for (int i = 0; i < requests.size(); i++) {
            Expected expected = c.requests().get(i);
            Completion completion = done.get(i);
            String where = c.description() + ", " + config + ", request " + i + " (prompt " + Arrays.toString(expected.prompt())
                    + ", max " + expected.maxNew() + ")";
            assertEquals(i, completion.index(), where);
            assertArrayEquals(expected.tokens(), completion.tokens(), where);
            assertEquals(expected.stop(), completion.stop(), where);
            assertEquals(Arrays.toString(expected.tokens()), streamed.get(i).toString(), where + ": streamed tokens");
            int tokens = completion.tokens().length;
            // One token per pass without drafts: a pass for each token but the prompt pass's, and one for an end token.
            int plainPasses = completion.stop() == StopReason.END_OF_GENERATION ? tokens : tokens - 1;
            assertTrue(completion.decodePasses() <= plainPasses, where + ": " + completion.decodePasses() + " passes");
            passes += completion.decodePasses();
            decoded += Math.max(0, tokens - 1);
            coverage.stops.add(completion.stop());
        }
        SpeculationStats stats = generator.stats();
        assertEquals(passes, stats.decodePasses(), c.description());
        assertEquals(decoded, stats.decoded(), c.description());
        assertTrue(stats.accepted() <= stats.drafted() && stats.draftedPasses() <= stats.decodePasses(), c.description() + " " + stats);
        assertTrue(stats.drafted() <= (long) config.maxDraft() * stats.draftedPasses(), c.description() + " " + stats);
        coverage.drafted += stats.drafted();
        coverage.accepted += stats.accepted();
        coverage.decodePasses += stats.decodePasses();
        coverage.decoded += stats.decoded();
    }

    private static SpeculativeConfig strict(int maxDraft) {
        return new SpeculativeConfig(SpeculativeMode.STRICT, maxDraft, SpeculativeConfig.DEFAULT_TOP_K,
                SpeculativeConfig.DEFAULT_THRESHOLD);
    }

    /**
     * 24 cases per model (16 for the wider Q4_K one), 112 in all: llama and qwen2 in F32 and quantised (Q8_0, Q4_K)
     * and the real stories260K.
     */
    @ParameterizedTest
    @ValueSource(strings = {STORIES, "llama-F32", "llama-Q8_0", "qwen2-F32", "qwen2-Q4_K"})
    void strictGreedyEqualsPlainGreedyTokenForToken(String name) {
        LanguageModel llm = model(name);
        Coverage coverage = new Coverage();
        Random seeds = new Random(name.hashCode());
        int cases = name.endsWith("Q4_K") ? 16 : 24;
        for (int i = 0; i < cases; i++) {
            long seed = seeds.nextLong();
            Case c = randomCase(llm, seed);
            SpeculativeConfig config = strict(1 + new Random(seed).nextInt(8));
            assertMatchesGreedy(llm, c, config, coverage);
        }
        // The cases drafted, accepted and rejected (so the cache was cut back), and hit every limit they should.
        // (With these seeds, per case: about 8 to 13 tokens drafted, 4 to 10 accepted, 2 to 4 rejected.)
        assertTrue(coverage.drafted > 6 * cases, name + ": only " + coverage.drafted + " tokens drafted");
        assertTrue(coverage.accepted > 2.5 * cases, name + ": only " + coverage.accepted + " drafted tokens accepted");
        assertTrue(coverage.drafted - coverage.accepted > 1.25 * cases, name + ": only " + (coverage.drafted - coverage.accepted) + " rejected");
        assertTrue(coverage.decodePasses < coverage.decoded, name + ": speculation saved no pass");
        Set<StopReason> expectedStops = name.equals(STORIES) ? EnumSet.of(StopReason.END_OF_GENERATION, StopReason.MAX_TOKENS)
                : EnumSet.of(StopReason.END_OF_GENERATION, StopReason.MAX_TOKENS, StopReason.CONTEXT_FULL);
        assertTrue(coverage.stops.containsAll(expectedStops), name + ": stops seen " + coverage.stops);
    }

    /** Drafts cut by cost (stepwise, as the shared-row kernels make it) are still checked exactly. */
    @ParameterizedTest
    @ValueSource(strings = {STORIES, "llama-Q8_0"})
    void strictGreedyWithCostSizedDraftsEqualsPlainGreedy(String name) {
        LanguageModel llm = model(name);
        Coverage coverage = new Coverage();
        Random seeds = new Random(name.hashCode() + 1);
        double[] stepwise = {0, 1, 1.3, 1.3, 1.3, 1.6, 1.6, 1.6, 1.6, 3.9};
        for (int i = 0; i < 12; i++) {
            long seed = seeds.nextLong();
            assertMatchesGreedy(llm, randomCase(llm, seed), strict(1 + new Random(seed).nextInt(8)).withPassCosts(stepwise),
                    coverage);
        }
        assertTrue(coverage.drafted > 0 && coverage.accepted > 0, name + ": " + coverage.drafted + " drafted, "
                + coverage.accepted + " accepted");
    }

    @Test
    void relaxedTopOneWithoutThresholdIsStrictGreedy() {
        for (String name : List.of("llama-F32", "qwen2-F32")) {
            LanguageModel llm = model(name);
            Coverage coverage = new Coverage();
            Random seeds = new Random(7);
            for (int i = 0; i < 10; i++) {
                long seed = seeds.nextLong();
                assertMatchesGreedy(llm, randomCase(llm, seed), new SpeculativeConfig(SpeculativeMode.RELAXED, 6, 1, 0f), coverage);
            }
            assertTrue(coverage.drafted - coverage.accepted > 0 && coverage.accepted > 0, name + ": " + coverage.accepted
                    + " of " + coverage.drafted + " accepted");
        }
    }

    @Test
    void speculationOffDraftsNothingEvenWithAPool() {
        LanguageModel llm = model("llama-F32");
        int[] prompt = {1, 50, 60, 70};
        int[] expected = greedy(llm.transformer(), prompt, 20, t -> false);
        RetrievalPool pool = new RetrievalPool(new PoolSettings(1, 4, 1000));
        pool.add(concat(prompt, expected));
        BatchGenerator generator = new BatchGenerator(llm.transformer(), SpeculativeConfig.off());
        Completion done = generator.generate(List.of(new Request(prompt, 20, SamplerConfig.greedy(), t -> false, pool)), 1,
                c -> { }).getFirst();
        assertArrayEquals(expected, done.tokens());
        assertEquals(19, done.decodePasses());
        SpeculationStats stats = generator.stats();
        assertEquals(0, stats.drafted());
        assertEquals(19, stats.decodePasses());
        assertEquals(1.0, stats.tokensPerPass());
        assertEquals(1, pool.answersAdded(), "the pool was not touched: speculation is off");
    }

    // ---------------------------------------------------------------------------------------------------------------
    // (b) a pool holding the answer: nearly every draft token accepted
    // ---------------------------------------------------------------------------------------------------------------

    private static final String[] STORY_PROMPTS = {"Once upon a time", "The little dog", "Lily and Ben went to the park"};

    private static IntPredicate eos(LanguageModel llm) {
        int eos = llm.tokenizer().eos();
        return token -> token == eos;
    }

    /**
     * The pool holds only the greedy answer (default settings: 2 to 5 tokens of context): the first decode pass has
     * no draft (the prompt's last token and the first new one were never seen together), and from then on drafts come
     * from the answer itself. Where a context of up to five tokens recurs in it with another continuation, a draft
     * token can be wrong, so acceptance is near 1, not exactly 1: "Lily and Ben went to the park" repeats "They
     * wanted to play with the box", and 33 of its 43 drafted tokens pass (39 of 39 and 39 of 43 for the others).
     */
    @Test
    void aPoolHoldingTheGreedyAnswerHasNearlyEveryDraftAccepted() {
        LanguageModel llm = model(STORIES);
        long drafted = 0;
        long accepted = 0;
        for (String text : STORY_PROMPTS) {
            int[] prompt = llm.prompt(text);
            int[] answer = greedy(llm.transformer(), prompt, 48, eos(llm));
            assertEquals(48, answer.length);
            RetrievalPool pool = new RetrievalPool(PoolSettings.DEFAULT);
            pool.add(answer);
            BatchGenerator generator = new BatchGenerator(llm.transformer(), SpeculativeConfig.of(SpeculativeMode.STRICT));
            Completion done = generator.generate(List.of(new Request(prompt, 48, SamplerConfig.greedy(), eos(llm), pool)), 1,
                    c -> { }).getFirst();
            SpeculationStats stats = generator.stats();
            assertArrayEquals(answer, done.tokens(), text);
            assertEquals(StopReason.MAX_TOKENS, done.stop());
            assertTrue(stats.acceptance() >= 0.75, text + ": " + stats);
            assertTrue(stats.accepted() >= 30, text + ": " + stats);
            assertTrue(stats.tokensPerPass() > 3, text + ": " + stats);
            assertEquals(done.decodePasses(), stats.decodePasses());
            assertTrue(done.decodePasses() <= 15, text + ": " + done.decodePasses() + " passes for 47 decoded tokens");
            assertEquals(2, pool.answersAdded(), "the finished answer joined the pool");
            drafted += stats.drafted();
            accepted += stats.accepted();
        }
        assertTrue(accepted >= 0.85 * drafted, accepted + " of " + drafted + " drafted tokens accepted");
    }

    /**
     * With the prompt and answer in the pool and sixteen tokens of context, every draft continues the one place the
     * text occurs: every drafted token is accepted, drafts grow to the maximum of 8, and a pass yields up to 9 tokens.
     */
    @Test
    void aPoolHoldingPromptAndAnswerHasEveryDraftAccepted() {
        LanguageModel llm = model(STORIES);
        for (String text : STORY_PROMPTS) {
            int[] prompt = llm.prompt(text);
            int[] answer = greedy(llm.transformer(), prompt, 48, eos(llm));
            RetrievalPool pool = new RetrievalPool(new PoolSettings(2, 16, 100_000));
            pool.add(concat(prompt, answer));
            BatchGenerator generator = new BatchGenerator(llm.transformer(), SpeculativeConfig.of(SpeculativeMode.STRICT));
            Completion done = generator.generate(List.of(new Request(prompt, 48, SamplerConfig.greedy(), eos(llm), pool)), 1,
                    c -> { }).getFirst();
            SpeculationStats stats = generator.stats();
            assertArrayEquals(answer, done.tokens(), text);
            assertEquals(1.0, stats.acceptance(), text + ": " + stats);
            // Drafts of 4, 5, 6, 7, 8, 8 tokens, each pass adding the model's own: 47 decoded tokens in 7 passes or fewer.
            assertTrue(done.decodePasses() <= 7, text + ": " + done.decodePasses() + " passes");
            assertTrue(stats.tokensPerPass() >= 47.0 / 7, text + ": " + stats);
            assertEquals(47, stats.decoded());
        }
    }

    /** The same on random-weight models (whose greedy text is far from any corpus) and two sequences at a time. */
    @ParameterizedTest
    @ValueSource(strings = {"llama-Q8_0", "qwen2-F32"})
    void randomModelsAcceptTheirOwnGreedyAnswers(String name) {
        LanguageModel llm = model(name);
        int[][] prompts = {{1, 40, 41, 42}, {1, 300, 7}};
        List<Request> requests = new ArrayList<>();
        List<int[]> answers = new ArrayList<>();
        for (int[] prompt : prompts) {
            int[] answer = greedy(llm.transformer(), prompt, 30, t -> false);
            answers.add(answer);
            RetrievalPool pool = new RetrievalPool(new PoolSettings(2, 16, 100_000));
            pool.add(concat(prompt, answer));
            requests.add(new Request(prompt, 30, SamplerConfig.greedy(), t -> false, pool));
        }
        BatchGenerator generator = new BatchGenerator(llm.transformer(), SpeculativeConfig.of(SpeculativeMode.STRICT));
        List<Completion> done = generator.generate(requests, 2, c -> { });
        for (int i = 0; i < prompts.length; i++) {
            assertArrayEquals(answers.get(i), done.get(i).tokens(), name + " prompt " + i);
            assertTrue(done.get(i).decodePasses() < 29 / 2, name + ": " + done.get(i).decodePasses() + " passes");
        }
        assertEquals(1.0, generator.stats().acceptance(), name + ": " + generator.stats());
        assertTrue(generator.stats().tokensPerPass() > 3, name + ": " + generator.stats());
    }

    // ---------------------------------------------------------------------------------------------------------------
    // (c) relaxed verification
    // ---------------------------------------------------------------------------------------------------------------

    /**
     * With top-k the whole vocabulary and no threshold, any draft passes: the output carries the pool's random tokens
     * where greedy decoding would not have produced them.
     */
    @Test
    void aWideRelaxedCheckAcceptsEveryDraftToken() {
        LanguageModel llm = model("llama-F32");
        int vocabulary = llm.config().vocabulary();
        int[] prompt = {1, 40, 41, 42};
        int[] plain = greedy(llm.transformer(), prompt, 16, t -> false);
        Random random = new Random(3);
        int[] answer = new int[21];
        answer[0] = plain[0];
        for (int i = 1; i < answer.length; i++) {
            answer[i] = 100 + random.nextInt(400);
        }
        RetrievalPool pool = new RetrievalPool(new PoolSettings(1, 4, 1000));
        pool.add(answer);
        BatchGenerator generator = new BatchGenerator(llm.transformer(),
                new SpeculativeConfig(SpeculativeMode.RELAXED, 8, vocabulary, 0f));
        Completion done = generator.generate(List.of(new Request(prompt, 16, SamplerConfig.greedy(), t -> false, pool)), 1,
                c -> { }).getFirst();
        SpeculationStats stats = generator.stats();
        assertEquals(1.0, stats.acceptance(), stats.toString());
        assertTrue(stats.drafted() >= 4, stats.toString());
        // The first drafted pass asks for 4 tokens (half the maximum): all four come from the pool, not from the model.
        assertArrayEquals(Arrays.copyOf(answer, 5), Arrays.copyOf(done.tokens(), 5), Arrays.toString(done.tokens()));
        assertFalse(Arrays.equals(Arrays.copyOf(plain, 5), Arrays.copyOf(done.tokens(), 5)), "greedy would differ");
        assertEquals(16, done.tokens().length);
    }

    /**
     * DARE's defaults (top-2, p ≥ 0.1) on the same pools accept at least what strict verification does: at each
     * drafted position strict keeps only the argmax, which relaxed keeps too (its top-2 holds it, and where the
     * threshold fails the model's own choice is that very token). Once outputs part, texts differ, so this is asserted
     * over many requests together rather than one by one. Pools: other prompts' answers and a corrupted copy of the
     * request's own.
     */
    @Test
    void relaxedDefaultsAcceptAtLeastAsManyTokensAsStrict() {
        LanguageModel llm = model(STORIES);
        String[] texts = {"Once upon a time", "The little dog", "Lily and Ben went to the park", "Tom had a", "The sun",
                "One day, a girl", "Sam and his mom"};
        List<int[]> prompts = new ArrayList<>();
        List<int[]> answers = new ArrayList<>();
        for (String text : texts) {
            prompts.add(llm.prompt(text));
            answers.add(greedy(llm.transformer(), prompts.getLast(), 40, eos(llm)));
        }
        long[] accepted = new long[2];
        SpeculativeConfig[] configs = {SpeculativeConfig.of(SpeculativeMode.STRICT), SpeculativeConfig.of(SpeculativeMode.RELAXED)};
        for (int m = 0; m < 2; m++) {
            Random random = new Random(21);
            for (int r = 0; r < texts.length; r++) {
                RetrievalPool pool = new RetrievalPool(PoolSettings.DEFAULT);
                for (int o = 0; o < texts.length; o++) {
                    pool.add(o == r ? corrupted(answers.get(o), random, 512) : answers.get(o));
                }
                BatchGenerator generator = new BatchGenerator(llm.transformer(), configs[m]);
                Completion done = generator.generate(List.of(new Request(prompts.get(r), 40, SamplerConfig.greedy(), eos(llm),
                        pool)), 1, c -> { }).getFirst();
                if (m == 0) {
                    assertArrayEquals(answers.get(r), done.tokens(), texts[r]);
                }
                accepted[m] += generator.stats().accepted();
            }
        }
        assertTrue(accepted[0] > 30, "strict accepted " + accepted[0]);
        assertTrue(accepted[1] >= accepted[0], "relaxed accepted " + accepted[1] + ", strict " + accepted[0]);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // (d) the relaxed check on hand-made rows
    // ---------------------------------------------------------------------------------------------------------------

    @Test
    void relaxedCheckJudgesRankThenProbability() {
        // Probabilities: token 1 and 4 0.384 each (tied: 1 ranks first), 2 0.141, 0 0.052, 3 0.032, 5 0.007.
        float[] row = {1.0f, 3.0f, 2.0f, 0.5f, 3.0f, -1f};
        float[] padded = new float[row.length + 5];
        System.arraycopy(row, 0, padded, 3, row.length);
        padded[0] = 100f;
        padded[10] = 100f;
        // Rank alone (threshold 0): top-1 is token 1 only, the tie going to the lower id; top-2 adds 4; top-3 adds 2.
        boolean[][] expected = {
                {false, true, false, false, false, false},
                {false, true, false, false, true, false},
                {false, true, true, false, true, false},
                {true, true, true, false, true, false},
                {true, true, true, true, true, false},
                {true, true, true, true, true, true}};
        for (int k = 1; k <= 6; k++) {
            for (int token = 0; token < 6; token++) {
                assertEquals(expected[k - 1][token], RelaxedCheck.accepts(padded, 3, 6, token, k, 0f), "top-" + k + " token " + token);
                assertEquals(expected[k - 1][token], RelaxedCheck.accepts(row, 0, 6, token, k, 0f), "unpadded top-" + k);
            }
        }
        // Probability: with every rank allowed, p ≥ 0.1 keeps 1, 4, 2; p ≥ 0.05 adds 0 (0.052); p ≥ 0.06 does not.
        for (int token = 0; token < 6; token++) {
            assertEquals(token == 1 || token == 4 || token == 2, RelaxedCheck.accepts(padded, 3, 6, token, 6, 0.1f), "p 0.1, " + token);
            assertEquals(token == 1 || token == 4 || token == 2 || token == 0, RelaxedCheck.accepts(padded, 3, 6, token, 6, 0.05f));
            assertEquals(token == 1 || token == 4 || token == 2, RelaxedCheck.accepts(padded, 3, 6, token, 6, 0.06f));
        }
        // Both must hold: token 2 is third (fails top-2 whatever the threshold), 4 is second but under 0.39.
        assertFalse(RelaxedCheck.accepts(row, 0, 6, 2, 2, 0f));
        assertTrue(RelaxedCheck.accepts(row, 0, 6, 4, 2, 0.38f));
        assertFalse(RelaxedCheck.accepts(row, 0, 6, 4, 2, 0.39f));
        assertTrue(RelaxedCheck.accepts(row, 0, 6, 1, 1, 0.38f));
        assertFalse(RelaxedCheck.accepts(row, 0, 6, 1, 1, 0.39f));
        // A uniform row: every token has p = 1/6; ties rank by id, so top-3 is {0, 1, 2}.
        float[] flat = new float[6];
        for (int token = 0; token < 6; token++) {
            assertEquals(token < 3, RelaxedCheck.accepts(flat, 0, 6, token, 3, 0.16f), "flat, token " + token);
            assertFalse(RelaxedCheck.accepts(flat, 0, 6, token, 6, 0.17f));
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // (e) speculative sampling keeps the distribution
    // ---------------------------------------------------------------------------------------------------------------

    private static final float[] SIX = {2.0f, 1.2f, 0.4f, 1.9f, -0.5f, 0.9f};
    /** Tokens 3 and 0 were seen: the 1.2 penalty turns them into 1.583 and 1.667. */
    private static final int[] HISTORY = {3, 3, 0};
    /**
     * Temperature 0.8, top-k 5 (token 4 out), top-p 0.97 and min-p 0.02 (keeping the other five), repetition penalty
     * 1.2: the draw is over 0, 3, 1, 5, 2 with probabilities about 0.33, 0.30, 0.18, 0.13, 0.07.
     */
    private static SamplerConfig sampled(long seed) {
        return new SamplerConfig(0.8f, 5, 0.97f, 0.02f, 1.2f, 8, seed);
    }

    /**
     * For a fixed draft, "accept it with its probability, else draw from the rest renormalised" gives each token the
     * frequency plain sampling gives it. 200,000 draws each: the two frequencies' difference has standard error
     * sqrt(2·p(1-p)/n) ≤ 0.0016, and 4 of them bound it (a false alarm on one of the 18 comparisons has odds about
     * 1 in 1000, and the seeds are fixed). The scheme that forgets to exclude the rejected draft would shift the most
     * likely token's share by about 0.2, over 100 standard errors, as checked here too.
     */
    @Test
    void speculativeSamplingKeepsTheSamplersDistribution() {
        int draws = 200_000;
        double[] plain = new double[SIX.length];
        Sampler reference = new Sampler(sampled(1));
        for (int i = 0; i < draws; i++) {
            plain[reference.sample(SIX, 0, SIX.length, HISTORY, HISTORY.length)]++;
        }
        for (int t = 0; t < SIX.length; t++) {
            plain[t] /= draws;
        }
        assertEquals(0, plain[4], "token 4 is outside the top 5");
        assertEquals(0.33, plain[0], 0.01);
        assertEquals(0.067, plain[2], 0.005);
        // The most likely token, an unlikely one, and one outside the top-k.
        for (int draft : new int[] {0, 2, 4}) {
            Sampler sampler = new Sampler(sampled(100 + draft));
            double[] speculative = new double[SIX.length];
            double[] naive = new double[SIX.length];
            int acceptances = 0;
            for (int i = 0; i < draws; i++) {
                boolean accepted = sampler.acceptsDraft(SIX, 0, SIX.length, HISTORY, HISTORY.length, draft);
                acceptances += accepted ? 1 : 0;
                speculative[accepted ? draft : sampler.sampleExcluding(SIX, 0, SIX.length, HISTORY, HISTORY.length, draft)]++;
                naive[accepted ? draft : sampler.sample(SIX, 0, SIX.length, HISTORY, HISTORY.length)]++;
            }
            for (int t = 0; t < SIX.length; t++) {
                double frequency = speculative[t] / draws;
                double error = Math.sqrt(2 * plain[t] * (1 - plain[t]) / draws);
                assertEquals(plain[t], frequency, 4 * error + 1e-9, "draft " + draft + ", token " + t);
            }
            // Acceptance itself happens with the draft's own probability.
            assertEquals(plain[draft], acceptances / (double) draws, 4 * Math.sqrt(2 * plain[draft] * (1 - plain[draft]) / draws) + 1e-9);
            if (draft == 0) {
                double shift = naive[0] / draws - plain[0];
                assertTrue(shift > 100 * Math.sqrt(2 * plain[0] * (1 - plain[0]) / draws), "the naive scheme shifts by " + shift);
            }
            if (draft == 4) {
                assertEquals(0, acceptances, "a token outside the top-k is never accepted");
            }
        }
    }

    @Test
    void speculativeSamplingRefusesGreedyAndAnEmptyRest() {
        Sampler greedy = new Sampler(SamplerConfig.greedy());
        assertThrows(IllegalStateException.class, () -> greedy.acceptsDraft(SIX, 0, SIX.length, null, 0, 0));
        assertThrows(IllegalStateException.class, () -> greedy.sampleExcluding(SIX, 0, SIX.length, null, 0, 0));
        // Top-1: the only candidate always passes, and excluding it leaves nothing to draw.
        Sampler top1 = new Sampler(new SamplerConfig(1f, 1, 1f, 0f, 1f, 0, 5));
        for (int i = 0; i < 100; i++) {
            assertTrue(top1.acceptsDraft(SIX, 0, SIX.length, null, 0, 0));
            assertFalse(top1.acceptsDraft(SIX, 0, SIX.length, null, 0, 3));
            assertEquals(0, top1.sampleExcluding(SIX, 0, SIX.length, null, 0, 3));
        }
        assertThrows(IllegalStateException.class, () -> top1.sampleExcluding(SIX, 0, SIX.length, null, 0, 0));
    }

    /**
     * End to end: strict speculation over a sampled configuration. The first new token comes from the prompt's pass,
     * not from speculation, so the second is the one to watch: it is verified against a draft (three tokens are asked
     * for, as a draft must leave room for the model's own token after it). Top-5 at temperature 1
     * leaves 25 (first, second) pairs; their exact probabilities come from the model's logits, and both plain and
     * speculative sampling over 1,500 seeds must match them within 5 standard errors per pair (plus one draw). The
     * pool drafts, for each possible first token, its second most likely follower, and learns the finished answers
     * as it goes, so drafts are accepted and rejected.
     */
    @Test
    void strictSpeculativeSamplingKeepsTheModelsDistribution() {
        LanguageModel llm = model("llama-F32");
        Transformer model = llm.transformer();
        int[] prompt = {1, 17, 300, 42};
        int k = 5;
        float[] first = model.prefill(model.newCache(8), prompt).row(0);
        int[] candidates = top(first, k);
        double[] firstP = softmaxOver(first, candidates);
        double[][] joint = new double[k][k];
        int[][] seconds = new int[k][];
        RetrievalPool seed = new RetrievalPool(new PoolSettings(1, 2, 100_000));
        List<int[]> seedAnswers = new ArrayList<>();
        for (int a = 0; a < k; a++) {
            float[] next = model.prefill(model.newCache(8), concat(prompt, new int[] {candidates[a]})).row(0);
            seconds[a] = top(next, k);
            double[] secondP = softmaxOver(next, seconds[a]);
            for (int b = 0; b < k; b++) {
                joint[a][b] = firstP[a] * secondP[b];
            }
            seedAnswers.add(new int[] {candidates[a], seconds[a][1]});
        }
        int n = 1500;
        for (SpeculativeMode mode : List.of(SpeculativeMode.OFF, SpeculativeMode.STRICT)) {
            RetrievalPool pool = new RetrievalPool(new PoolSettings(1, 2, 100_000));
            seedAnswers.forEach(pool::add);
            List<Request> requests = new ArrayList<>();
            for (int s = 0; s < n; s++) {
                requests.add(new Request(prompt, 3, new SamplerConfig(1f, k, 1f, 0f, 1f, 0, 1000 + s), t -> false, pool));
            }
            BatchGenerator generator = new BatchGenerator(model, SpeculativeConfig.of(mode));
            List<Completion> done = generator.generate(requests, 3, c -> { });
            double[][] counts = new double[k][k];
            for (Completion completion : done) {
                assertEquals(3, completion.tokens().length);
                int a = indexOf(candidates, completion.tokens()[0]);
                int b = indexOf(seconds[a], completion.tokens()[1]);
                assertTrue(a >= 0 && b >= 0, "outside the top-5: " + Arrays.toString(completion.tokens()));
                counts[a][b]++;
            }
            for (int a = 0; a < k; a++) {
                for (int b = 0; b < k; b++) {
                    double p = joint[a][b];
                    assertEquals(p, counts[a][b] / n, 5 * Math.sqrt(p * (1 - p) / n) + 1.0 / n,
                            mode + ": pair " + a + "," + b);
                }
            }
            SpeculationStats stats = generator.stats();
            if (mode == SpeculativeMode.STRICT) {
                // Each answer's second (and, after a rejection, third) token is verified against a draft.
                assertTrue(stats.draftedPasses() >= n && stats.draftedPasses() <= 2L * n, "drafted passes: " + stats);
                assertTrue(stats.accepted() > n / 10 && stats.accepted() < stats.drafted(), stats.toString());
            } else {
                assertEquals(0, stats.drafted());
            }
        }
    }

    private static int[] top(float[] row, int k) {
        Integer[] ids = new Integer[row.length];
        for (int i = 0; i < row.length; i++) {
            ids[i] = i;
        }
        Arrays.sort(ids, (x, y) -> row[x] != row[y] ? Float.compare(row[y], row[x]) : Integer.compare(x, y));
        int[] out = new int[k];
        for (int i = 0; i < k; i++) {
            out[i] = ids[i];
        }
        return out;
    }

    private static double[] softmaxOver(float[] row, int[] ids) {
        double[] p = new double[ids.length];
        double sum = 0;
        for (int i = 0; i < ids.length; i++) {
            p[i] = Math.exp(row[ids[i]] - row[ids[0]]);
            sum += p[i];
        }
        for (int i = 0; i < ids.length; i++) {
            p[i] /= sum;
        }
        return p;
    }

    private static int indexOf(int[] values, int value) {
        for (int i = 0; i < values.length; i++) {
            if (values[i] == value) {
                return i;
            }
        }
        return -1;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // (f) end tokens inside accepted drafts, rollback after rejections
    // ---------------------------------------------------------------------------------------------------------------

    /**
     * The pool holds the prompt and its greedy answer, so every draft is accepted; making one of the answer's tokens
     * the end token must stop there, with the answer's tokens before it and nothing after, whether the end token was
     * a draft token (the pass's later draft tokens then go unused: drafted exceeds accepted) or the model's own.
     */
    @Test
    void anEndTokenInsideAnAcceptedDraftStopsTheSequence() {
        LanguageModel llm = model(STORIES);
        int[] prompt = llm.prompt("Once upon a time");
        int[] answer = greedy(llm.transformer(), prompt, 48, eos(llm));
        int insideDraft = 0;
        Set<Integer> seen = new LinkedHashSet<>();
        for (int k = 0; k < answer.length; k++) {
            int end = answer[k];
            if (!seen.add(end)) {
                continue;
            }
            RetrievalPool pool = new RetrievalPool(new PoolSettings(2, 16, 100_000));
            pool.add(concat(prompt, answer));
            List<Integer> streamed = new ArrayList<>();
            BatchGenerator generator = new BatchGenerator(llm.transformer(), SpeculativeConfig.of(SpeculativeMode.STRICT));
            Completion done = generator.generate(List.of(new Request(prompt, 48, SamplerConfig.greedy(),
                    token -> token == end, pool, streamed::add)), 1, c -> { }).getFirst();
            assertArrayEquals(Arrays.copyOf(answer, k), done.tokens(), "end token " + end + " first at " + k);
            assertEquals(StopReason.END_OF_GENERATION, done.stop(), "end token at " + k);
            assertEquals(Arrays.toString(Arrays.copyOf(answer, k)), streamed.toString());
            SpeculationStats stats = generator.stats();
            // Every draft is right, so a draft token left unaccepted can only be the end token or one after it.
            if (stats.drafted() > stats.accepted()) {
                insideDraft++;
            }
            assertEquals(2, pool.answersAdded(), "the cut answer joined the pool");
            assertEquals(prompt.length + answer.length + k, pool.tokensHeld(), "the cut answer joined the pool");
        }
        assertTrue(seen.size() > 20, seen.size() + " distinct tokens");
        assertTrue(insideDraft >= seen.size() / 2, "only " + insideDraft + " of " + seen.size() + " end tokens came inside a draft");
    }

    /** Drafts that are wrong every few tokens: the cache is cut back after each rejection and the text stays greedy's. */
    @Test
    void rejectedDraftsAreRolledBackOutOfTheCache() {
        LanguageModel llm = model(STORIES);
        for (String text : STORY_PROMPTS) {
            int[] prompt = llm.prompt(text);
            int[] answer = greedy(llm.transformer(), prompt, 60, eos(llm));
            int[] wrong = concat(prompt, answer);
            for (int i = prompt.length + 3; i < wrong.length; i += 4) {
                wrong[i] = 3 + (wrong[i] + 101) % 500;
            }
            RetrievalPool pool = new RetrievalPool(new PoolSettings(1, 16, 100_000));
            pool.add(wrong);
            BatchGenerator generator = new BatchGenerator(llm.transformer(), SpeculativeConfig.of(SpeculativeMode.STRICT));
            // Twice in a row on one pool: the first answer joins it, so the second drafts from the right text as well.
            List<Completion> done = generator.generate(List.of(
                    new Request(prompt, 60, SamplerConfig.greedy(), eos(llm), pool),
                    new Request(prompt, 60, SamplerConfig.greedy(), eos(llm), pool)), 1, c -> { });
            assertArrayEquals(answer, done.get(0).tokens(), text);
            assertArrayEquals(answer, done.get(1).tokens(), text + ", second time");
            SpeculationStats stats = generator.stats();
            assertTrue(stats.drafted() - stats.accepted() >= 5, text + ": " + stats);
            assertTrue(stats.accepted() >= 20, text + ": " + stats);
            assertTrue(done.get(1).decodePasses() < done.get(0).decodePasses(), text + ": " + done.get(0).decodePasses() + " then "
                    + done.get(1).decodePasses() + " passes");
        }
    }

    @Test
    void configurationsAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> new SpeculativeConfig(null, 8, 2, 0.1f));
        assertThrows(IllegalArgumentException.class, () -> new SpeculativeConfig(SpeculativeMode.STRICT, 0, 2, 0.1f));
        assertThrows(IllegalArgumentException.class, () -> new SpeculativeConfig(SpeculativeMode.STRICT, 65, 2, 0.1f));
        assertThrows(IllegalArgumentException.class, () -> new SpeculativeConfig(SpeculativeMode.RELAXED, 8, 0, 0.1f));
        assertThrows(IllegalArgumentException.class, () -> new SpeculativeConfig(SpeculativeMode.RELAXED, 8, 2, -0.1f));
        assertThrows(IllegalArgumentException.class, () -> new SpeculativeConfig(SpeculativeMode.RELAXED, 8, 2, 1.1f));
        assertThrows(IllegalArgumentException.class, () -> new SpeculativeConfig(SpeculativeMode.RELAXED, 8, 2, Float.NaN));
        assertEquals(SpeculativeMode.RELAXED, SpeculativeMode.parse("Relaxed"));
        assertEquals("strict", SpeculativeMode.STRICT.label());
        assertThrows(IllegalArgumentException.class, () -> SpeculativeMode.parse("fast"));
        assertFalse(SpeculativeConfig.off().enabled());
        // 10 decoding passes: 6 without a draft, 4 with 5 tokens each.
        SpeculationStats stats = new SpeculationStats(10, 4, 20, 15, 30, 1, 100, new long[] {6, 0, 0, 0, 0, 4});
        assertEquals(0.75, stats.acceptance());
        assertEquals(3.75, stats.meanAcceptedLength());
        assertEquals(3.0, stats.tokensPerPass());
        assertEquals(0.01, stats.retrievalShare());
        SpeculationStats twice = stats.plus(stats);
        assertEquals(List.of(20L, 8L, 40L, 30L, 60L, 2L, 200L), List.of(twice.decodePasses(), twice.draftedPasses(),
                twice.drafted(), twice.accepted(), twice.decoded(), twice.retrievalNanos(), twice.totalNanos()));
        assertArrayEquals(new long[] {12, 0, 0, 0, 0, 8}, twice.passesByDraft());
        // 30 tokens over 6 one-position passes and 4 six-position passes costing 2 each: 30 / 14.
        double[] cost = {0, 1, 1.2, 1.4, 1.6, 1.8, 2.0};
        assertEquals(30 / 14.0, stats.ceiling(cost), 1e-12);
        SpeculationStats wider = SpeculationStats.NONE.plus(stats);
        assertArrayEquals(new long[] {6, 0, 0, 0, 0, 4}, wider.passesByDraft(), "the empty start takes the longer histogram");
        assertEquals(30 / 14.0, wider.ceiling(cost), 1e-12);
        assertEquals(0, SpeculationStats.NONE.acceptance());
        assertEquals(0, SpeculationStats.NONE.tokensPerPass());
    }

    /** Logits of a multi-position pass against decoding, bit for bit, on the models the cases run (a precondition). */
    @ParameterizedTest
    @ValueSource(strings = {"llama-Q8_0", "qwen2-Q4_K"})
    void draftRowsAreDecodeRowsBitForBit(String name) {
        Transformer model = model(name).transformer();
        int[] tokens = {1, 40, 41, 42, 300, 7, 7, 9, 500};
        var stepwise = model.newCache(16);
        Logits all = model.logitsAll(model.newCache(16), tokens);
        float[][] together = new float[tokens.length][];
        for (int i = 0; i < tokens.length; i++) {
            together[i] = all.row(i);
        }
        for (int i = 0; i < tokens.length; i++) {
            assertArrayEquals(model.decode(stepwise, tokens[i]).row(0), together[i], name + " position " + i);
        }
    }
}
