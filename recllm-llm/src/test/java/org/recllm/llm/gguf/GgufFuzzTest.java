package org.recllm.llm.gguf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.recllm.core.quant.GgmlType;
import org.recllm.core.testing.Fuzz;
import org.recllm.core.testing.SharedData;
import org.recllm.llm.LanguageModel;

/**
 * Valid GGUF models (the real stories260K, a random qwen2 with Q8_0 weights), damaged at random: cut, bit-flipped, or
 * with a header count, string or array length, metadata value, tensor dimension or offset set to a hostile number. A
 * damaged model either opens all the way to a transformer that decodes a token or is refused with the reader's input error,
 * within the fuzz time and allocation bounds: it never crashes, hangs, or allocates what the file cannot back.
 */
class GgufFuzzTest {
    /** Zero, small counts, all ones, the int and unsigned-int edges, the dimension bound, 2^60 and the sign bit. */
    private static final long[] HOSTILE = {0, 1, 2, 3, -1, 0x7FFF_FFFFL, 0x8000_0000L, 0xFFFF_FFFFL, 1L << 32,
            GgufFile.MAX_ELEMENTS, GgufFile.MAX_ELEMENTS + 1, 1L << 60, Long.MIN_VALUE, Long.MAX_VALUE};

    private static Path dir;
    private static byte[] qwen;
    private static GgufFields qwenFields;
    private static byte[] stories;
    private static GgufFields storiesFields;

    @BeforeContainer
    static void writeRandomModel() throws IOException {
        dir = Files.createTempDirectory("gguf-fuzz");
        Path file = dir.resolve("qwen2.gguf");
        RandomModels.write(RandomModelSpec.tiny("qwen2", GgmlType.Q8_0, 7), file);
        qwen = Files.readAllBytes(file);
        qwenFields = GgufFields.of(qwen);
    }

    @AfterContainer
    static void removeDir() throws IOException {
        try (var files = Files.list(dir)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        Files.delete(dir);
    }

    @Property(tries = 1300, seed = "20261129")
    void aDamagedRandomModelOpensOrIsRefused(@ForAll long seed) throws IOException {
        openOrRefuse(qwen, qwenFields, seed);
    }

    @Property(tries = 800, seed = "20261129")
    void aDamagedStories260kOpensOrIsRefused(@ForAll long seed) throws IOException {
        if (stories == null) {
            // Read on first use: where the shared folder is absent, only this property is skipped.
            stories = Files.readAllBytes(SharedData.require("models/stories260K.gguf"));
            storiesFields = GgufFields.of(stories);
        }
        openOrRefuse(stories, storiesFields, seed);
    }

    private static void openOrRefuse(byte[] valid, GgufFields fields, long seed) throws IOException {
        Path file = Files.write(dir.resolve("damaged.gguf"), damage(valid, fields, seed));
        Fuzz.assertReadsOrRejects(file + " (seed " + seed + ")", () -> {
            try (LanguageModel llm = LanguageModel.open(file)) {
                // A model that opens must also run: one decoded token touches every weight the checks let through.
                llm.transformer().decode(llm.transformer().newCache(1), 0);
            }
        });
    }

    /**
     * Half the time one to three header fields set to a neighbour of their value, twice it, a ggml type id or a hostile
     * number, else the generic damage of {@link Fuzz#mutate}.
     */
    private static byte[] damage(byte[] valid, GgufFields fields, long seed) {
        Random random = new Random(seed);
        if (random.nextBoolean()) {
            return Fuzz.mutate(valid, seed);
        }
        ByteBuffer damaged = ByteBuffer.wrap(valid.clone()).order(ByteOrder.LITTLE_ENDIAN);
        for (int edits = 1 + random.nextInt(3); edits > 0; edits--) {
            GgufFields.Field field = fields.pick(random);
            long original = switch (field.width()) {
                case 1 -> damaged.get(field.offset());
                case 2 -> damaged.getShort(field.offset());
                case 4 -> damaged.getInt(field.offset());
                default -> damaged.getLong(field.offset());
            };
            // Near the original value the damage passes the coarse checks and reaches the model's consistency checks.
            long value = switch (random.nextInt(5)) {
                case 0 -> original + 1;
                case 1 -> original - 1;
                case 2 -> original * 2;
                // On a tensor's type field, a type that may fit the same bytes but that RecLLM has no kernel for.
                case 3 -> GgmlType.values()[random.nextInt(GgmlType.values().length)].id();
                default -> HOSTILE[random.nextInt(HOSTILE.length)];
            };
            switch (field.width()) {
                case 1 -> damaged.put(field.offset(), (byte) value);
                case 2 -> damaged.putShort(field.offset(), (short) value);
                case 4 -> damaged.putInt(field.offset(), (int) value);
                default -> damaged.putLong(field.offset(), value);
            }
        }
        return damaged.array();
    }
}
