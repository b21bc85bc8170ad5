package org.recllm.knowledge.scenario;

import java.util.List;
import java.util.Set;

/**
 * A recommendation scenario in KAR's sense: what the items are, and the key factors that drive users' preferences
 * among them. Its two factorization prompts ask an LLM for an item's factual knowledge along those factors and for a
 * user's preferences along the same factors, so both texts describe the same aspects.
 *
 * <p>Item prompts may use {@code {item}} (required), {@code {noun}}, {@code {nouns}} and {@code {factors}}; user
 * prompts {@code {user}}, {@code {history}} (required), {@code {noun}}, {@code {nouns}} and {@code {factors}}.
 *
 * @param itemNoun   what one item is called in prompts, e.g. {@code movie}
 * @param itemNouns  its plural, e.g. {@code movies}
 * @param factors    the key factors, in the order prompts list them
 */
public record Scenario(String name, String itemNoun, String itemNouns, List<String> factors, PromptTemplate itemPrompt,
                       PromptTemplate userPrompt) {

    /** KAR's item prompt ("factual knowledge"), with the scenario's noun and factors. */
    public static final PromptTemplate KAR_ITEM_PROMPT = new PromptTemplate(
            "Introduce {noun} {item} and describe its attributes precisely (including but not limited to {factors}).");

    /** KAR's user prompt ("reasoning knowledge"): who the user is and what they rated, oldest first. */
    public static final PromptTemplate KAR_USER_PROMPT = new PromptTemplate("""
            Given {user}, this user's {noun} rating history over time is listed below, most recent last.
            {history}
            Analyze the user's preferences on {nouns} considering factors like {factors}. Provide clear explanations \
            based on relevant details from the user's {noun} rating history and other pertinent factors.""");

    public static final Set<String> ITEM_PLACEHOLDERS = Set.of("item", "noun", "nouns", "factors");
    public static final Set<String> USER_PLACEHOLDERS = Set.of("user", "history", "noun", "nouns", "factors");

    public Scenario {
        requireText("name", name);
        requireText("item_noun", itemNoun);
        requireText("item_noun_plural", itemNouns);
        if (factors == null || factors.isEmpty()) {
            throw new InvalidScenarioException("factors", "at least one factor is required");
        }
        for (int i = 0; i < factors.size(); i++) {
            if (factors.get(i) == null || factors.get(i).isBlank()) {
                throw new InvalidScenarioException("factors", "factor " + (i + 1) + " is blank");
            }
        }
        factors = List.copyOf(factors);
        check("item_prompt", itemPrompt, ITEM_PLACEHOLDERS, "item");
        check("user_prompt", userPrompt, USER_PLACEHOLDERS, "history");
    }

    /** A scenario with KAR's prompts and the plural made by adding "s". */
    public static Scenario withKarPrompts(String name, String itemNoun, List<String> factors) {
        return new Scenario(name, itemNoun, itemNoun + "s", factors, KAR_ITEM_PROMPT, KAR_USER_PROMPT);
    }

    /** The factors as prose: "a", "a and b", "a, b, and c" (KAR's serial comma). */
    public String factorList() {
        int n = factors.size();
        if (n == 1) {
            return factors.getFirst();
        }
        if (n == 2) {
            return factors.get(0) + " and " + factors.get(1);
        }
        return String.join(", ", factors.subList(0, n - 1)) + ", and " + factors.getLast();
    }

    private static void requireText(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidScenarioException(field, "required, and must not be blank");
        }
    }

    private static void check(String field, PromptTemplate template, Set<String> known, String required) {
        if (template == null) {
            throw new InvalidScenarioException(field, "required");
        }
        for (String name : template.placeholders()) {
            if (!known.contains(name)) {
                throw new InvalidScenarioException(field, "unknown placeholder {" + name + "}; known: "
                        + known.stream().sorted().map(k -> "{" + k + "}").toList());
            }
        }
        if (!template.placeholders().contains(required)) {
            throw new InvalidScenarioException(field, "the template must contain {" + required + "}");
        }
    }
}
