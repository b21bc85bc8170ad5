package org.recllm.llm.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A KV cache's size is checked against the context and the heap before anything is allocated. */
class KvCacheTest {
    /** Llama-2-7B's shape with a context of 2^31 - 1 positions: a full cache would need petabytes. */
    private static final ModelConfig HUGE_CONTEXT = new ModelConfig("llama", 4096, 32, 32, 32, 128, 11008, 32000,
            Integer.MAX_VALUE, 1e-5f, 10000f, 128, 1f, RopeStyle.NORMAL, false);

    @Test
    void aCacheTooLargeForTheHeapIsRefusedBeforeAllocating() {
        CacheTooLargeException e = assertThrows(CacheTooLargeException.class, () -> new KvCache(HUGE_CONTEXT, 1_000_000_000));
        // 2 (keys, values) × 32 layers × 10^9 positions × 4096 components × 4 bytes, computed without int overflow.
        assertTrue(e.getMessage().startsWith("a KV cache of 1,000,000,000 positions needs 1048576.00 GB, more than the "
                + "JVM's heap of "), e.getMessage());
    }

    @Test
    void capacityIsOneToTheContext() {
        assertEquals(4096L * 2 * 32 * 4 * 3, new KvCache(HUGE_CONTEXT, 3).bytes());
        assertThrows(IllegalArgumentException.class, () -> new KvCache(HUGE_CONTEXT, 0));
        ModelConfig shortContext = new ModelConfig("llama", 64, 2, 4, 2, 16, 128, 512, 256, 1e-5f, 10000f, 16, 1f,
                RopeStyle.NORMAL, false);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new KvCache(shortContext, 257));
        assertEquals("a KV cache holds 1 to 256 positions (the model's context), not 257", e.getMessage());
    }
}
