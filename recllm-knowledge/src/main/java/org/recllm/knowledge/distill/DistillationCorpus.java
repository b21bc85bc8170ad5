package org.recllm.knowledge.distill;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.recllm.knowledge.prompt.EntityPrompt;
import org.recllm.knowledge.prompt.KnowledgePrompts;

/**
 * The pairs a student model learns the teacher's profiles from, with a share of the items and of the users held out
 * whole: a held-out entity's prompt never appears in training, so its perplexity measures how well the student
 * writes about an entity it has not seen, as it must for any entity the teacher never described.
 *
 * @param train             the pairs trained on, items first, each type by id
 * @param heldOutItems      held-out item pairs, by id
 * @param heldOutUsers      held-out user pairs, by id
 * @param itemsWithoutProfile items with a prompt but no (or a blank) profile: left out
 * @param usersWithoutProfile users with a prompt but no (or a blank) profile: left out
 */
public record DistillationCorpus(List<ProfilePair> train, List<ProfilePair> heldOutItems, List<ProfilePair> heldOutUsers,
                                 int itemsWithoutProfile, int usersWithoutProfile) {

    public DistillationCorpus {
        train = List.copyOf(train);
        heldOutItems = List.copyOf(heldOutItems);
        heldOutUsers = List.copyOf(heldOutUsers);
    }

    /**
     * Pairs every item and user prompt of {@code prompts} with its profile and holds out {@code heldOutFraction} of
     * each type's entities (rounded; at least one when the fraction is positive and two or more exist), chosen by a
     * shuffle of the ids seeded with {@code seed}: the same inputs always hold out the same entities.
     */
    public static DistillationCorpus build(KnowledgePrompts prompts, ProfileTexts items, ProfileTexts users,
                                           double heldOutFraction, long seed) {
        if (!(heldOutFraction >= 0 && heldOutFraction < 1)) {
            throw new IllegalArgumentException("the held-out fraction must be in [0, 1), got " + heldOutFraction);
        }
        List<EntityPrompt> itemPrompts = prompts.items(Integer.MAX_VALUE);
        List<EntityPrompt> userPrompts = prompts.users(Integer.MAX_VALUE);
        List<ProfilePair> itemPairs = paired(itemPrompts, items);
        List<ProfilePair> userPairs = paired(userPrompts, users);
        List<ProfilePair> heldItems = heldOut(itemPairs, heldOutFraction, seed);
        List<ProfilePair> heldUsers = heldOut(userPairs, heldOutFraction, seed);
        List<ProfilePair> train = new ArrayList<>(itemPairs);
        train.removeAll(heldItems);
        List<ProfilePair> trainUsers = new ArrayList<>(userPairs);
        trainUsers.removeAll(heldUsers);
        train.addAll(trainUsers);
        return new DistillationCorpus(train, heldItems, heldUsers, itemPrompts.size() - itemPairs.size(),
                userPrompts.size() - userPairs.size());
    }

    private static List<ProfilePair> paired(List<EntityPrompt> prompts, ProfileTexts profiles) {
        List<ProfilePair> pairs = new ArrayList<>();
        for (EntityPrompt prompt : prompts) {
            String profile = profiles.of(prompt.entityId());
            if (profile != null) {
                pairs.add(new ProfilePair(prompt, profile));
            }
        }
        return pairs;
    }

    private static List<ProfilePair> heldOut(List<ProfilePair> pairs, double fraction, long seed) {
        int held = (int) Math.round(pairs.size() * fraction);
        if (fraction > 0 && pairs.size() >= 2) {
            held = Math.clamp(held, 1, pairs.size() - 1);
        }
        List<ProfilePair> shuffled = new ArrayList<>(pairs);
        Collections.shuffle(shuffled, new SplittableRandom(seed));
        List<ProfilePair> chosen = new ArrayList<>(shuffled.subList(0, held));
        chosen.sort(Comparator.comparingLong(pair -> pair.prompt().entityId()));
        return chosen;
    }
}
