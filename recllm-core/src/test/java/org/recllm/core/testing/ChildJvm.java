package org.recllm.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A probe's {@code main} run in a fresh JVM on the test class path: what C2 compiles depends on everything a JVM ran
 * before, so measurements of compiled code start from nothing.
 */
public final class ChildJvm {
    private ChildJvm() {}

    /** Runs {@code main} with the JVM options and arguments given; returns its output once it exits 0. */
    public static String run(Class<?> main, List<String> jvmOptions, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(2, TimeUnit.MINUTES), main.getSimpleName() + " finished: " + out);
        assertEquals(0, child.exitValue(), out);
        return out;
    }
}
