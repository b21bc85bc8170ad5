package org.recllm.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A probe's {@code main} run in a fresh JVM on the test class path: what C2 compiles depends on everything a JVM ran
 * before, so measurements of compiled code start from nothing.
 */
public final class ChildJvm {
    private static final long TIMEOUT_MINUTES = 3;

    private ChildJvm() {}

    /** Runs {@code main} with the JVM options and arguments given; returns its output once it exits 0. */
    public static String run(Class<?> main, List<String> jvmOptions, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        // Output goes to a file, not a pipe read here: a child that hangs must not hang the test past its timeout.
        Path output = Files.createTempFile(main.getSimpleName(), ".out");
        Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        try {
            if (!child.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                fail(main.getSimpleName() + " did not exit within " + TIMEOUT_MINUTES + " min; output so far:\n"
                        + Files.readString(output, StandardCharsets.UTF_8));
            }
            String out = Files.readString(output, StandardCharsets.UTF_8);
            assertEquals(0, child.exitValue(), main.getSimpleName() + " exited with " + child.exitValue() + " ("
                    + String.join(" ", command) + "):\n" + out);
            return out;
        } finally {
            child.destroyForcibly();
            Files.deleteIfExists(output);
        }
    }
}
