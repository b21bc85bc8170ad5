package org.recllm.data.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Field specifications and their combination into a schema. */
class SchemaTest {
    private final Schema schema = new Schema(List.of(
            FieldSpec.categorical("user_id", "user_id"),
            FieldSpec.categorical("item_id", "item_id"),
            FieldSpec.multiHot("genres", "genres", 3),
            FieldSpec.numeric("price"),
            FieldSpec.sequence("hist_item", "item_id", 5, "history"),
            FieldSpec.sequence("hist_genre", "genres", 5, "history")));

    @Test
    void answersByKindGroupAndVocabulary() {
        assertEquals(List.of("user_id", "item_id"), schema.ofKind(FieldKind.CATEGORICAL).stream().map(FieldSpec::name).toList());
        assertEquals(List.of("history"), schema.sequenceGroups());
        assertEquals(List.of("hist_item", "hist_genre"), schema.sequence("history").stream().map(FieldSpec::name).toList());
        assertEquals(List.of("user_id", "item_id", "genres"), schema.vocabularies());
        assertEquals("history_length", Schema.lengthColumn("history"));
        assertEquals(3, schema.field("genres").width());
        var e = assertThrows(IllegalArgumentException.class, () -> schema.field("nope"));
        assertTrue(e.getMessage().contains("no field 'nope'"), e.getMessage());
    }

    @Test
    void rejectsDuplicateNamesAndSequencesOfUnequalLength() {
        assertThrows(IllegalArgumentException.class, () -> new Schema(List.of(
                FieldSpec.categorical("a", "a"), FieldSpec.numeric("a"))));
        assertThrows(IllegalArgumentException.class, () -> new Schema(List.of(
                FieldSpec.sequence("h1", "a", 5, "h"), FieldSpec.sequence("h2", "a", 6, "h"))));
    }

    @Test
    void fieldSpecsHoldTheirInvariants() {
        assertThrows(IllegalArgumentException.class, () -> FieldSpec.categorical("Item-Id", "item"), "name charset");
        assertThrows(IllegalArgumentException.class, () -> FieldSpec.multiHot("g", "g", 0), "width below 1");
        assertThrows(IllegalArgumentException.class, () -> new FieldSpec("n", FieldKind.NUMERIC, "v", 1, null));
        assertThrows(IllegalArgumentException.class, () -> new FieldSpec("c", FieldKind.CATEGORICAL, null, 1, null));
        assertThrows(IllegalArgumentException.class, () -> new FieldSpec("c", FieldKind.CATEGORICAL, "v", 2, null));
        assertThrows(IllegalArgumentException.class, () -> new FieldSpec("s", FieldKind.SEQUENCE, "v", 4, null));
        assertThrows(IllegalArgumentException.class, () -> new FieldSpec("m", FieldKind.MULTI_HOT, "v", 4, "group"));
    }
}
