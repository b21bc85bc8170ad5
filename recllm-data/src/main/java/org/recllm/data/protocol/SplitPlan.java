package org.recllm.data.protocol;

import java.util.List;
import org.recllm.data.dataset.Rating;

/**
 * What a protocol decides: which ratings are samples of which split, and which ratings behaviour sequences may
 * draw from.
 *
 * @param historyPool    the ratings histories are taken from (a sample's history is the pool's ratings of the same
 *                       user strictly before the sample's timestamp)
 * @param profileSources training ratings that user-knowledge prompts were built from; they never leave training
 */
public record SplitPlan(
        String protocol,
        List<Rating> train,
        List<Rating> validation,
        List<Rating> test,
        List<Rating> historyPool,
        List<Rating> profileSources) {

    public SplitPlan {
        train = List.copyOf(train);
        validation = List.copyOf(validation);
        test = List.copyOf(test);
        historyPool = List.copyOf(historyPool);
        profileSources = List.copyOf(profileSources);
    }

    public List<Rating> samples(Split split) {
        return switch (split) {
            case TRAIN -> train;
            case VALID -> validation;
            case TEST -> test;
        };
    }
}
