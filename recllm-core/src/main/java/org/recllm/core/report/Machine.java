package org.recllm.core.report;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The machine a figure was measured on, as every benchmark report names it: CPU model, its vector extensions,
 * processors, the load average when asked, and the JVM.
 *
 * @param vectorExtensions the SIMD flags the kernels care about (AVX2, the AVX-512 family, NEON), as the OS lists them
 */
public record Machine(String cpu, List<String> vectorExtensions, int processors, double loadAverage, String java) {
    private static final List<String> VECTOR_FLAGS = List.of("avx2", "fma", "avx512f", "avx512bw", "avx512dq", "avx512vl",
            "avx512_vnni", "avx512_bf16", "asimd", "sve");

    /** This machine now (Linux reads /proc/cpuinfo; elsewhere the CPU is named by its architecture only). */
    public static Machine current() {
        String cpu = System.getProperty("os.arch");
        List<String> flags = List.of();
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/cpuinfo"));
            cpu = lines.stream().filter(l -> l.startsWith("model name")).findFirst()
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse(cpu);
            List<String> listed = lines.stream().filter(l -> l.startsWith("flags") || l.startsWith("Features")).findFirst()
                    .map(l -> Arrays.asList(l.substring(l.indexOf(':') + 1).trim().split("\\s+"))).orElse(List.of());
            flags = VECTOR_FLAGS.stream().filter(listed::contains).toList();
        } catch (IOException | RuntimeException e) {
            // Not Linux: the architecture name stands in for the model.
        }
        return new Machine(cpu, flags, Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), Runtime.version().toString());
    }

    /** One line for a report's header, e.g. {@code AMD EPYC 7R13 (avx2 fma avx512f …), 2 processors, load 0.31}. */
    public String describe() {
        return String.format(Locale.ROOT, "%s (%s), %d processors, load average %.2f, Java %s", cpu,
                vectorExtensions.isEmpty() ? "no vector extensions listed" : String.join(" ", vectorExtensions),
                processors, loadAverage, java);
    }
}
