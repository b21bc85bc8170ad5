package org.recllm.data.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Field specifications and their combination into a schema. */
class SchemaTest {
    private final Schema schema = new Schema(List.of(
            FieldSpec.categorical("user_id", "user_id", FieldRole.USER_ID),
            FieldSpec.categorical("item_id", "item_id", FieldRole.ITEM_ID),
            FieldSpec.multiHot("genres", "genres", 3, FieldRole.ITEM_ATTRIBUTE),
            FieldSpec.numeric("price", FieldRole.ITEM_ATTRIBUTE),
            FieldSpec.sequence("hist_item", "item_id", 5, "history", "item_id"),
            FieldSpec.sequence("hist_genre", "genres", 5, "history", "genres")));

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
                FieldSpec.categorical("a", "a", FieldRole.CONTEXT), FieldSpec.numeric("a", FieldRole.CONTEXT))));
        assertThrows(IllegalArgumentException.class, () -> new Schema(List.of(
                FieldSpec.sequence("h1", "a", 5, "h", null), FieldSpec.sequence("h2", "a", 6, "h", null))));
    }

    @Test
    void fieldSpecsHoldTheirInvariants() {
        assertThrows(IllegalArgumentException.class, () -> FieldSpec.categorical("Item-Id", "item", FieldRole.ITEM_ID), "name charset");
        assertThrows(IllegalArgumentException.class, () -> FieldSpec.multiHot("g", "g", 0, FieldRole.ITEM_ATTRIBUTE), "width below 1");
        assertThrows(IllegalArgumentException.class, () -> new FieldSpec("n", FieldKind.NUMERIC, "v", 1, null, FieldRole.CONTEXT, null));
        assertThrows(IllegalArgumentException.class, () -> new FieldSpec("c", FieldKind.CATEGORICAL, null, 1, null, FieldRole.CONTEXT, null));
        assertThrows(IllegalArgumentException.class, () -> new FieldSpec("c", FieldKind.CATEGORICAL, "v", 2, null, FieldRole.CONTEXT, null));
        assertThrows(IllegalArgumentException.class, () -> new FieldSpec("s", FieldKind.SEQUENCE, "v", 4, null, FieldRole.BEHAVIOUR, null));
        assertThrows(IllegalArgumentException.class, () -> new FieldSpec("m", FieldKind.MULTI_HOT, "v", 4, "group", FieldRole.ITEM_ATTRIBUTE, null));
    }

    @Test
    void rolesFindTheIdsAndTheAlignedSequence() {
        assertEquals("item_id", schema.requireIdField(FieldRole.ITEM_ID).name());
        assertEquals("user_id", schema.idField(FieldRole.USER_ID).orElseThrow().name());
        assertEquals(List.of("genres", "price"), schema.withRole(FieldRole.ITEM_ATTRIBUTE).stream().map(FieldSpec::name).toList());
        assertEquals(List.of("item_id", "genres"), schema.alignedSequence("history").stream().map(FieldSpec::alignedWith).toList());
        Schema anonymous = new Schema(List.of(FieldSpec.categorical("c01", "c01", FieldRole.CONTEXT)));
        assertTrue(anonymous.idField(FieldRole.ITEM_ID).isEmpty());
        var e = assertThrows(IllegalArgumentException.class, () -> anonymous.requireIdField(FieldRole.USER_ID));
        assertTrue(e.getMessage().contains("no field with the role USER_ID") && e.getMessage().contains("c01 (CONTEXT)"), e.getMessage());
    }

    @Test
    void rejectsTwoIdFieldsAndMisalignedSequences() {
        var twoItems = assertThrows(IllegalArgumentException.class, () -> new Schema(List.of(
                FieldSpec.categorical("a", "a", FieldRole.ITEM_ID), FieldSpec.categorical("b", "b", FieldRole.ITEM_ID))));
        assertTrue(twoItems.getMessage().contains("[a, b]"), twoItems.getMessage());
        var otherVocabulary = assertThrows(IllegalArgumentException.class, () -> new Schema(List.of(
                FieldSpec.categorical("a", "a", FieldRole.ITEM_ID), FieldSpec.sequence("h", "b", 3, "g", "a"))));
        assertTrue(otherVocabulary.getMessage().contains("aligns with 'a'"), otherVocabulary.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Schema(List.of(FieldSpec.sequence("h", "b", 3, "g", "missing"))));
        assertThrows(IllegalArgumentException.class, () -> FieldSpec.multiHot("g", "g", 2, FieldRole.ITEM_ID), "ids are categorical");
        assertThrows(IllegalArgumentException.class, () -> new FieldSpec("s", FieldKind.SEQUENCE, "v", 4, "g", FieldRole.CONTEXT, null));
        assertThrows(IllegalArgumentException.class, () -> new FieldSpec("c", FieldKind.CATEGORICAL, "v", 1, null, null, null));
    }
}
