package org.recllm.data.store;

import java.nio.file.Path;
import java.util.Map;
import org.recllm.core.io.BadInputException;
import org.recllm.core.io.Checksums;
import org.recllm.data.protocol.Split;
import org.recllm.data.schema.FieldSpec;
import org.recllm.data.schema.Schema;
import org.recllm.data.schema.Vocabulary;

/**
 * The checks a store passes before a model trains on it, so that damage is an error naming the column instead of an
 * index out of bounds mid-training or a silently wrong model: every field's column is present with its type and width
 * (lengths were checked when mapping), every id lies inside its vocabulary, sequence lengths inside the sequence,
 * labels are 0 or 1, numeric values finite, and every column's bytes match the checksum recorded when it was written.
 */
final class StoreVerification {
    private final Path generation;
    private final Manifest manifest;
    private final Schema schema;
    private final Map<String, Vocabulary> vocabularies;

    StoreVerification(Path generation, Manifest manifest, Schema schema, Map<String, Vocabulary> vocabularies) {
        this.generation = generation;
        this.manifest = manifest;
        this.schema = schema;
        this.vocabularies = vocabularies;
    }

    void verify(Map<Split, SplitView> splits) {
        for (SplitView split : splits.values()) {
            Map<String, Manifest.ColumnEntry> entries = manifest.splits().get(split.split().id()).columns();
            checkValues(split, entries);
        }
        for (var split : manifest.splits().entrySet()) {
            for (var column : split.getValue().columns().entrySet()) {
                Path file = generation.resolve(column.getValue().file());
                if (!Checksums.sha256(file).equals(column.getValue().sha256())) {
                    throw damaged(file, split.getKey(), column.getKey(),
                            "checksum mismatch: the file was changed or damaged after it was written");
                }
            }
        }
    }

    private void checkValues(SplitView split, Map<String, Manifest.ColumnEntry> entries) {
        checkLabels(split, entries);
        for (FieldSpec field : schema.fields()) {
            Manifest.ColumnEntry entry = require(split, entries, field.name(),
                    field.vocabulary() == null ? ColumnType.FLOAT32 : ColumnType.INT32, field.width());
            if (field.vocabulary() == null) {
                checkFinite(split, entry, field.name());
            } else {
                Vocabulary vocabulary = vocabularies.get(field.vocabulary());
                if (vocabulary == null) {
                    throw damaged(generation.resolve(SampleStoreWriter.MANIFEST), split.split().id(), field.name(),
                            "uses the vocabulary '" + field.vocabulary() + "', which the store does not have");
                }
                checkRange(split, entry, field.name(), 0, vocabulary.size() - 1,
                        "ids of the vocabulary '" + vocabulary.name() + "'");
            }
        }
        for (String group : schema.sequenceGroups()) {
            String name = Schema.lengthColumn(group);
            Manifest.ColumnEntry entry = require(split, entries, name, ColumnType.INT32, 1);
            int length = schema.sequence(group).getFirst().width();
            checkRange(split, entry, name, 0, length, "lengths of the sequence '" + group + "'");
        }
    }

    private void checkLabels(SplitView split, Map<String, Manifest.ColumnEntry> entries) {
        Manifest.ColumnEntry entry = require(split, entries, Columns.LABEL, ColumnType.FLOAT32, 1);
        FloatColumnView labels = split.labels();
        for (int row = 0; row < split.rows(); row++) {
            float label = labels.get(row);
            if (label != 0f && label != 1f) {
                throw damaged(entry, split, Columns.LABEL, "row " + row + " holds the label " + label + "; expected 0 or 1");
            }
        }
    }

    private void checkFinite(SplitView split, Manifest.ColumnEntry entry, String name) {
        FloatColumnView column = split.floats(name);
        long values = (long) split.rows() * entry.width();
        for (long i = 0; i < values; i++) {
            float value = column.data().getAtIndex(FloatColumnView.LAYOUT, i);
            if (!Float.isFinite(value)) {
                throw damaged(entry, split, name, "row " + i / entry.width() + " holds " + value + "; expected a finite number");
            }
        }
    }

    private void checkRange(SplitView split, Manifest.ColumnEntry entry, String name, int min, int max, String what) {
        IntColumnView column = split.ints(name);
        long values = (long) split.rows() * entry.width();
        for (long i = 0; i < values; i++) {
            int value = column.data().getAtIndex(IntColumnView.LAYOUT, i);
            if (value < min || value > max) {
                throw damaged(entry, split, name, "row " + i / entry.width() + " holds " + value + "; expected " + what
                        + ", " + min + " to " + max);
            }
        }
    }

    private Manifest.ColumnEntry require(SplitView split, Map<String, Manifest.ColumnEntry> entries, String name,
                                         ColumnType type, int width) {
        Manifest.ColumnEntry entry = entries.get(name);
        if (entry == null) {
            throw damaged(generation.resolve(SampleStoreWriter.MANIFEST), split.split().id(), name,
                    "the column is missing; the schema needs it");
        }
        if (entry.type() != type || entry.width() != width) {
            throw damaged(entry, split, name, "holds " + entry.type() + " of width " + entry.width() + "; the schema needs "
                    + type + " of width " + width);
        }
        return entry;
    }

    private BadInputException damaged(Manifest.ColumnEntry entry, SplitView split, String column, String problem) {
        return damaged(generation.resolve(entry.file()), split.split().id(), column, problem);
    }

    private static BadInputException damaged(Path file, String split, String column, String problem) {
        return new BadInputException(file.toString(), 0, split + "/" + column, problem);
    }
}
