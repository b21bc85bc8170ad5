package org.recllm.rank.scoring;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.recllm.core.testing.SharedData;
import org.recllm.llm.LanguageModel;
import org.recllm.llm.model.Logits;

/** P(Yes) from a real GGUF model (stories260K): what one forward pass gives, in any batch. */
class YesNoScorerTest {
    static final List<String> PROMPTS = List.of("A user liked Toy Story. Candidate: Heat. Will the user like it? Answer Yes or No.",
            "Once upon a time there was a cat. Will the cat play? Answer Yes or No.",
            "Lily had a ball.", "Tom was sad. Was Tom happy? Answer Yes or No.", "The sun was hot.");
    static LanguageModel llm;

    @BeforeAll
    static void load() {
        llm = LanguageModel.open(SharedData.require("models/stories260K.gguf"));
    }

    @AfterAll
    static void close() {
        llm.close();
    }

    @Test
    void theScoreIsTheSoftmaxOfTheTwoAnswerLogitsAfterTheSharedPrefix() {
        YesNoScorer scorer = new YesNoScorer(llm, false, 2);
        int[] answers = scorer.answerTokens();
        assertNotEquals(answers[0], answers[1]);
        // stories260K's sentencepiece splits " Yes" and " No" after one shared word-start piece, which the scorer appends.
        int[] yes = llm.tokenizer().encode(" Yes");
        int[] tokens = scorer.tokens(PROMPTS.get(0));
        assertEquals(yes[0], tokens[tokens.length - 1], "the shared first piece ends the prompt");
        Logits logits = llm.transformer().prefill(llm.transformer().newCache(tokens.length), tokens);
        double y = logits.data()[logits.offset(0) + answers[0]];
        double n = logits.data()[logits.offset(0) + answers[1]];
        float expected = (float) (1 / (1 + Math.exp(n - y)));
        float[] scores = scorer.score(PROMPTS.subList(0, 1));
        assertEquals(expected, scores[0], 1e-6f);
        assertTrue(scores[0] > 0 && scores[0] < 1);
    }

    @Test
    void batchingDoesNotChangeAScore() {
        float[] one = new float[PROMPTS.size()];
        YesNoScorer single = new YesNoScorer(llm, false, 1);
        for (int i = 0; i < PROMPTS.size(); i++) {
            one[i] = single.score(PROMPTS.subList(i, i + 1))[0];
        }
        float[] batched = new YesNoScorer(llm, false, 3).score(PROMPTS);
        assertArrayEquals(one, batched, 1e-6f);
        assertTrue(single.tokensRead() > 5 * 10, "tokens are counted: " + single.tokensRead());
    }
}
