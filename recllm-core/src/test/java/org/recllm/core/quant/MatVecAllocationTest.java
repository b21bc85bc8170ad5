package org.recllm.core.quant;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.recllm.core.testing.ChildJvm;

/**
 * Once compiled, a matrix-vector product allocates nothing per row. A Vector API value that C2 cannot keep in a
 * register is boxed on the heap, in a decode step megabytes per product and a tenth of the speed; which JVM starts it
 * hits depends on the order methods get hot, so each type is measured in a JVM of its own, one worker thread, as JMH
 * and a one-thread decode run it, compiling in the foreground (-Xbatch), which makes that order the same in every
 * start. (Q6_K's accumulator was boxed this way in 3 of 3 such starts, and 1 of 6 without -Xbatch, until the lane sum
 * was rewritten without a loop over an array of shuffles.)
 */
class MatVecAllocationTest {
    private static final Pattern BYTES = Pattern.compile("bytes/product (\\d+)");

    static Stream<GgmlType> encodableTypes() {
        return Arrays.stream(GgmlType.values()).filter(WeightMatrices::canEncode);
    }

    @ParameterizedTest
    @MethodSource("encodableTypes")
    void aCompiledProductAllocatesNoVectors(GgmlType type) throws Exception {
        String out = ChildJvm.run(MatVecAllocationProbe.class, List.of("-Xmx512m", "-Xbatch", "-Drecllm.threads=1"), type.name());
        Matcher m = BYTES.matcher(out);
        assertTrue(m.find(), out);
        // The row loop's lambda takes a few dozen bytes per product; one boxed vector per row of 8192 is half a megabyte.
        assertTrue(Long.parseLong(m.group(1)) < 4096, type + ": " + out);
    }
}
