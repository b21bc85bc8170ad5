package org.recllm.core.jit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.recllm.core.parallel.Parallel;
import org.recllm.core.testing.ChildJvm;
import org.junit.jupiter.api.Test;

class JitDirectivesTest {

    @Test
    void theJvmRunningTheTestsHoldsBothRules() throws Exception {
        Parallel.forRange(1, 1, (from, to) -> {});
        assertTrue(JitDirectives.installed(), "touching Parallel installs the directive");
        String stack = JitDirectives.diagnosticCommand("compilerDirectivesPrint");
        assertTrue(stack.contains("-org/recllm/core/parallel/Parallel.forRange"), stack);
        assertTrue(stack.contains("+org/recllm/core/kernels/VectorMath.sumLanes"), stack);
        assertTrue(stack.contains("+org/recllm/core/quant/Lanes.toFloats"), stack);
    }

    @Test
    void everyMethodTakingOrReturningAVectorIsInlinedByTheDirective() throws Exception {
        Path classes = Path.of(JitDirectives.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> uncovered = new ArrayList<>();
        TreeSet<String> forced = new TreeSet<>(JitDirectives.forcedInlines());
        int helpers = 0;
        for (String name : classNames(classes)) {
            for (Method method : Class.forName(name, false, getClass().getClassLoader()).getDeclaredMethods()) {
                if (JitDirectives.handlesVectors(method)) {
                    helpers++;
                    String pattern = JitDirectives.pattern(method);
                    if (!forced.contains(pattern)) {
                        uncovered.add(pattern);
                    }
                }
            }
        }
        assertEquals(List.of(), uncovered, "vector helpers outside JitDirectives.VECTOR_HELPER_CLASSES");
        assertTrue(helpers >= 30, "the scan found the helpers: " + helpers);
        assertTrue(forced.contains("org/recllm/core/quant/Q4_KMatrix.lowNibbles(Ljdk/incubator/vector/IntVector;)"
                + "Ljdk/incubator/vector/FloatVector;"), forced.toString());
        assertTrue(forced.stream().noneMatch(p -> p.startsWith("org/recllm/core/ops/Activations.sigmoid(Lorg")),
                "the autograd op of the same name stays out: " + forced);
    }

    @Test
    void aColdCallerBoxesTheLaneSumWithoutTheDirectiveAndNotWithIt() throws Exception {
        assertEquals(0.0, bytesPerCall(true), "with the directive the lane sum is inlined and boxes nothing");
        double without = bytesPerCall(false);
        assertTrue(without >= 64, "without it, each sum boxes a vector (the probe can see the fault): " + without);
    }

    @Test
    void aJvmStartedWithItsOwnInliningControlsIsLeftAlone() {
        assertEquals("-XX:CompileCommand=dontinline,a.B::c",
                JitDirectives.competingFlag(List.of("-Xmx1g", "-XX:CompileCommand=dontinline,a.B::c")).orElseThrow());
        assertTrue(JitDirectives.competingFlag(List.of("-XX:CompilerDirectivesFile=d.json")).isPresent());
        assertTrue(JitDirectives.competingFlag(List.of("-XX:CompileCommand=quiet", "-Xlog:gc")).isEmpty(),
                "a CompileCommand that does not steer inlining does not count");
    }

    @Test
    void onlyFalseTurnsTheDirectiveOff() {
        assertTrue(JitDirectives.requested(null), "unset");
        assertTrue(JitDirectives.requested("TRUE"));
        assertFalse(JitDirectives.requested("False"));
        assertTrue(JitDirectives.requested("no"), "a value that is neither keeps the fix on (and says so)");
    }

    /**
     * Runs LaneSumProbe in a fresh JVM and returns what it measured. Compilation in the foreground (-Xbatch) keeps a
     * loaded machine from measuring before C2's code runs, and a small InlineSmallCode makes C2's "already compiled
     * into a medium method" refusal certain on every CPU instead of depending on how large the helper compiled.
     */
    private static double bytesPerCall(boolean directives) throws IOException, InterruptedException {
        String out = ChildJvm.run(LaneSumProbe.class,
                List.of("-Xmx256m", "-Xbatch", "-XX:InlineSmallCode=200", "-D" + JitDirectives.PROPERTY + "=" + directives));
        Matcher m = Pattern.compile("bytes/call (\\S+) installed (\\S+)").matcher(out);
        assertTrue(m.find(), out);
        assertEquals(Boolean.toString(directives), m.group(2), "the property decides: " + out);
        return Double.parseDouble(m.group(1));
    }

    private static List<String> classNames(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.map(root::relativize).map(Path::toString)
                    .filter(f -> f.endsWith(".class"))
                    .map(f -> f.substring(0, f.length() - ".class".length()).replace('/', '.'))
                    .sorted().toList();
        }
    }
}
