package org.recllm.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The settings every kernel benchmark shares (JMH reads them from the superclass): throughput in ops/s, 3 × 2 s of
 * warm-up and 5 × 2 s of measurement in one fork that has the Vector API module. scripts/bench-kernels shortens them.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx2g"})
abstract class KernelBenchmark {

    /** {@code size} values uniform in [−1, 1), the inputs every kernel benchmark multiplies. */
    static float[] randoms(SplittableRandom random, int size) {
        float[] values = new float[size];
        fill(random, values);
        return values;
    }

    /** Overwrites {@code values} with values uniform in [−1, 1): a reused buffer's next row of inputs. */
    static void fill(SplittableRandom random, float[] values) {
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (random.nextDouble() * 2 - 1);
        }
    }
}
