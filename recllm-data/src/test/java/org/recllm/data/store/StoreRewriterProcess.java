package org.recllm.data.store;

import java.nio.file.Path;
import org.recllm.data.testing.SyntheticSamples;

/**
 * The child process of {@link SampleStoreCrashAtomicityTest}: rewrites the store in {@code args[0]} with the
 * synthetic sets of seeds {@code args[1]} and {@code args[2]} ({@code args[3]} training rows) in turn, first
 * {@code args[1]}, forever,
 * printing "ready" before the first write and "wrote N" after each, until it is killed.
 */
public final class StoreRewriterProcess {
    private StoreRewriterProcess() {}

    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        int rows = Integer.parseInt(args[3]);
        SampleSet[] versions = {SyntheticSamples.build(Long.parseLong(args[1]), rows),
                SyntheticSamples.build(Long.parseLong(args[2]), rows)};
        System.out.println("ready");
        System.out.flush();
        for (long n = 1; ; n++) {
            SampleStoreWriter.write(dir, versions[(int) ((n - 1) % 2)]);
            System.out.println("wrote " + n);
            System.out.flush();
        }
    }
}
