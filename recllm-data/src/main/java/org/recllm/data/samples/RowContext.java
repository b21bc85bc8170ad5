package org.recllm.data.samples;

import org.recllm.data.dataset.Item;
import org.recllm.data.dataset.Rating;
import org.recllm.data.dataset.User;

/** What a feature may look at for one sample: the rating (never its value, only who, what and when), user and item. */
public record RowContext(Rating rating, User user, Item item) {}
