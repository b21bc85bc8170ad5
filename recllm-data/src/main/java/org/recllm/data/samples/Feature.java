package org.recllm.data.samples;

import java.util.List;
import java.util.function.Function;
import org.recllm.data.schema.FieldRole;

/** How one stored field gets its raw value(s) from a sample; vocabularies turn the values into ids. */
public sealed interface Feature {
    String name();

    FieldRole role();

    /** One value per row. */
    record Categorical(String name, String vocabulary, FieldRole role, Function<RowContext, String> value) implements Feature {}

    /** A set of values per row (e.g. genres), in a stable order. */
    record MultiHot(String name, String vocabulary, FieldRole role, Function<RowContext, List<String>> values) implements Feature {}

    /** A float per row. */
    record Numeric(String name, FieldRole role, Function<RowContext, Float> value) implements Feature {}
}
