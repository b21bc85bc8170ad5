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
 * <p>Its two cluster prompts ask once per collaborative cluster for the shared taste of its members: item-cluster
 * prompts may use {@code {items}} (required: the members, most rated first), {@code {size}}, {@code {genres}},
 * {@code {noun}}, {@code {nouns}} and {@code {factors}}; user-cluster prompts {@code {history}} (required: the
 * items most members rated, with how many did and their mean rating), {@code {users}} (who the members are),
 * {@code {size}}, {@code {genres}}, {@code {noun}}, {@code {nouns}} and {@code {factors}}.
 *
 * <p>Its update prompt refreshes a user's knowledge once per time window from the previous answer and the window's
 * ratings alone (streaming updates): it may use {@code {history}} (required: the window's ratings, oldest first),
 * {@code {previous}} (the earlier answer, or a note that there is none), {@code {period}} (e.g. "7 days"),
 * {@code {user}}, {@code {noun}}, {@code {nouns}} and {@code {factors}}.
 *
 * @param itemNoun   what one item is called in prompts, e.g. {@code movie}
 * @param itemNouns  its plural, e.g. {@code movies}
 * @param factors    the key factors, in the order prompts list them
 */
public record Scenario(String name, String itemNoun, String itemNouns, List<String> factors, PromptTemplate itemPrompt,
                       PromptTemplate userPrompt, PromptTemplate itemClusterPrompt, PromptTemplate userClusterPrompt,
                       PromptTemplate userUpdatePrompt) {

    /** KAR's item prompt ("factual knowledge"), with the scenario's noun and factors. */
    public static final PromptTemplate KAR_ITEM_PROMPT = new PromptTemplate(
            "Introduce {noun} {item} and describe its attributes precisely (including but not limited to {factors}).");

    /** KAR's user prompt ("reasoning knowledge"): who the user is and what they rated, oldest first. */
    public static final PromptTemplate KAR_USER_PROMPT = new PromptTemplate("""
            Given {user}, this user's {noun} rating history over time is listed below, most recent last.
            {history}
            Analyze the user's preferences on {nouns} considering factors like {factors}. Provide clear explanations \
            based on relevant details from the user's {noun} rating history and other pertinent factors.""");

    /** The item-cluster prompt: what a group of items chosen by the same users has in common. */
    public static final PromptTemplate ITEM_CLUSTER_PROMPT = new PromptTemplate("""
            The following {size} {nouns} tend to be chosen by the same users (most rated first):
            {items}
            Their genres: {genres}.
            Describe what these {nouns} have in common (including but not limited to {factors}) and what kind of \
            audience they appeal to.""");

    /** The user-cluster prompt: the shared taste of a group of users with similar ratings. */
    public static final PromptTemplate USER_CLUSTER_PROMPT = new PromptTemplate("""
            The following group of {size} users have similar tastes. {users}
            The {nouns} most of them rated, with how many rated each and their mean rating:
            {history}
            Their ratings by genre: {genres}.
            Analyze the shared preferences of this group on {nouns} considering factors like {factors}. Describe \
            what the members have in common rather than any one member.""");

    /** The update prompt: the earlier analysis and the latest window's ratings, asking what holds and what changed. */
    public static final PromptTemplate USER_UPDATE_PROMPT = new PromptTemplate("""
            Given {user}. What was concluded earlier about this user's {noun} preferences:
            {previous}
            In the last {period}, the user rated these {nouns}, most recent last:
            {history}
            Update the analysis of the user's preferences on {nouns} considering factors like {factors}: keep what \
            still holds and say what changed.""");

    public static final Set<String> ITEM_PLACEHOLDERS = Set.of("item", "noun", "nouns", "factors");
    public static final Set<String> USER_PLACEHOLDERS = Set.of("user", "history", "noun", "nouns", "factors");
    public static final Set<String> ITEM_CLUSTER_PLACEHOLDERS = Set.of("size", "items", "genres", "noun", "nouns", "factors");
    public static final Set<String> USER_CLUSTER_PLACEHOLDERS = Set.of("size", "users", "history", "genres", "noun",
            "nouns", "factors");
    public static final Set<String> USER_UPDATE_PLACEHOLDERS = Set.of("user", "previous", "period", "history", "noun",
            "nouns", "factors");

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
        check("item_cluster_prompt", itemClusterPrompt, ITEM_CLUSTER_PLACEHOLDERS, "items");
        check("user_cluster_prompt", userClusterPrompt, USER_CLUSTER_PLACEHOLDERS, "history");
        check("user_update_prompt", userUpdatePrompt, USER_UPDATE_PLACEHOLDERS, "history");
    }

    /** A scenario with KAR's prompts and the plural made by adding "s". */
    public static Scenario withKarPrompts(String name, String itemNoun, List<String> factors) {
        return new Scenario(name, itemNoun, itemNoun + "s", factors, KAR_ITEM_PROMPT, KAR_USER_PROMPT, ITEM_CLUSTER_PROMPT,
                USER_CLUSTER_PROMPT, USER_UPDATE_PROMPT);
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
