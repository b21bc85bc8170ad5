package org.recllm.core.jit;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import javax.management.JMException;
import javax.management.ObjectName;
import jdk.incubator.vector.Vector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;

/**
 * Two inlining rules the Vector API kernels need from C2, which its heuristics alone keep only by luck; without them a
 * kernel boxes its vectors and allocates gigabytes, and which runs are hit depends on the order methods got hot:
 *
 * <ul>
 *   <li><b>Each parallel loop body is a compilation unit of its own</b>, as OpenMP outlines each parallel region: the
 *       loop driver {@code Parallel.forRange} is never inlined. Otherwise a loop that runs serially (one thread, or
 *       work too small to split) is inlined into its caller, and in a caller as large as a transformer block C2
 *       reaches its node budget halfway down the kernel and leaves the vector helpers out of line.</li>
 *   <li><b>Every method that takes or returns a vector is inlined</b> wherever it is called. A helper such as the
 *       fixed-order lane sum, once compiled on its own for some cold caller, is "already compiled into a medium
 *       method", so later callers call it instead of inlining it, and a vector passed to a call is an object.</li>
 * </ul>
 *
 * <p>A run that was hit allocated tens of gigabytes per benchmark and decoded up to 2.8× slower
 * (docs/figures/llm-engine.md, "JIT directives"). The rules are a compiler directive added once, in process, through
 * the {@code DiagnosticCommand} MBean, so they hold wherever the library runs (the CLI, tests, a Spark executor)
 * without JVM flags. {@code -Drecllm.jitDirectives=false} leaves the JVM as it is, for measuring the difference.
 * A directive with inline rules that matches every method takes the place of the JVM's other inlining controls:
 * directives from {@code -XX:CompilerDirectivesFile} and {@code -XX:CompileCommand=inline/dontinline} stop applying.
 * So a JVM started with either is left alone (with a note), for whoever is diagnosing the compiler.
 */
public final class JitDirectives {
    static final String PROPERTY = "recllm.jitDirectives";
    static final String LOOP_DRIVER = "org/recllm/core/parallel/Parallel.forRange";
    /** The classes that hold vector helpers; JitDirectivesTest fails when a helper lives anywhere else. */
    static final List<String> VECTOR_HELPER_CLASSES = List.of(
            "org.recllm.core.kernels.VectorMath",
            "org.recllm.core.ops.Activations",
            "org.recllm.core.quant.Lanes",
            "org.recllm.core.quant.Int8Lanes",
            "org.recllm.core.quant.F32Matrix",
            "org.recllm.core.quant.F16Matrix",
            "org.recllm.core.quant.BF16Matrix",
            "org.recllm.core.quant.ScaledBlockMatrix",
            "org.recllm.core.quant.Q8_0Matrix",
            "org.recllm.core.quant.Q4_0Matrix",
            "org.recllm.core.quant.Q4_KMatrix",
            "org.recllm.core.quant.Q6_KMatrix");

    private JitDirectives() {}

    /** Whether this JVM holds the directive; the first call installs it (about 0.2 s: JMX starts). */
    public static boolean installed() {
        return Installation.INSTALLED;
    }

    /**
     * Starts installing on a thread of its own, for a program's first line: the JMX start then overlaps the program's
     * own, and the first kernel that asks {@link #installed()} waits only for what is left of it.
     */
    public static void installInBackground() {
        Thread.ofPlatform().daemon().name("recllm-jit-directives").start(JitDirectives::installed);
    }

    private static final class Installation {
        static final boolean INSTALLED = install();
    }

    /** The directive's JSON: one rule set for every method, the loop driver out of line, the vector helpers in. */
    static String directive() {
        StringBuilder json = new StringBuilder("[{ match: \"*.*\", inline: [\"-").append(LOOP_DRIVER).append('"');
        for (String helper : forcedInlines()) {
            json.append(", \"+").append(helper).append('"');
        }
        return json.append("] }]").toString();
    }

    /**
     * "package/Class.method(descriptor)" for every method of the helper classes that takes or returns a vector: the
     * descriptor keeps an overload over scalars or tensors (an autograd op of the same name) out of the rule.
     */
    static List<String> forcedInlines() {
        TreeSet<String> patterns = new TreeSet<>();
        ClassLoader loader = JitDirectives.class.getClassLoader();
        for (String name : VECTOR_HELPER_CLASSES) {
            try {
                for (Method method : Class.forName(name, false, loader).getDeclaredMethods()) {
                    if (handlesVectors(method)) {
                        patterns.add(pattern(method));
                    }
                }
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException("vector helper class " + name + " is gone: update JitDirectives", e);
            }
        }
        return new ArrayList<>(patterns);
    }

    static boolean handlesVectors(Method method) {
        // An abstract method has no body to inline; its implementations are matched by their own classes.
        return !method.isSynthetic() && !Modifier.isAbstract(method.getModifiers()) && (isVector(method.getReturnType())
                || Arrays.stream(method.getParameterTypes()).anyMatch(JitDirectives::isVector));
    }

    /** A vector, mask or shuffle: a value C2 keeps in registers only while no call boundary lies between uses. */
    private static boolean isVector(Class<?> type) {
        return Vector.class.isAssignableFrom(type) || VectorMask.class.isAssignableFrom(type)
                || VectorShuffle.class.isAssignableFrom(type);
    }

    /** The directive's pattern for one method: "package/Class.method(descriptor)". */
    static String pattern(Method method) {
        StringBuilder pattern = new StringBuilder(method.getDeclaringClass().getName().replace('.', '/'))
                .append('.').append(method.getName()).append('(');
        for (Class<?> parameter : method.getParameterTypes()) {
            pattern.append(parameter.descriptorString());
        }
        return pattern.append(')').append(method.getReturnType().descriptorString()).toString();
    }

    /**
     * Whether the property asks for the directive: unset or "true" does, "false" does not (either case). Anything else
     * is a typo that must not turn the fix off unnoticed: it is named on the terminal and the directive installed.
     */
    static boolean requested(String value) {
        if (value == null || value.equalsIgnoreCase("true")) {
            return true;
        }
        if (value.equalsIgnoreCase("false")) {
            return false;
        }
        System.err.println("recllm: -D" + PROPERTY + " must be true or false, got '" + value + "'; installing the JIT directives");
        return true;
    }

    /** The JVM flag that a directive would silently override, if the JVM was started with one. */
    static Optional<String> competingFlag(List<String> jvmArguments) {
        return jvmArguments.stream()
                .filter(a -> a.startsWith("-XX:CompilerDirectivesFile")
                        || a.startsWith("-XX:CompileCommand") && a.contains("inline"))
                .findFirst();
    }

    private static boolean install() {
        if (!requested(System.getProperty(PROPERTY))) {
            return false;
        }
        Path file = null;
        try {
            Optional<String> competing = competingFlag(ManagementFactory.getRuntimeMXBean().getInputArguments());
            if (competing.isPresent()) {
                System.err.println("recllm: JIT directives not installed: " + competing.get() + " keeps control of inlining");
                return false;
            }
            file = Files.createTempFile("recllm-jit-directives", ".json");
            Files.writeString(file, directive());
            // The command reports a directive it could not parse in its reply instead of failing.
            String text = diagnosticCommand("compilerDirectivesAdd", file.toString());
            if (text.contains("1 compiler directives added")) {
                return true;
            }
            warn("the JVM answered: " + text.strip());
            return false;
        } catch (Exception | LinkageError e) {
            // A runtime image without java.management or jdk.management still runs, only with unlucky kernels slower.
            warn(e.toString());
            return false;
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException ignored) {
                    // A leftover temporary file of a few hundred bytes is not worth failing a kernel over.
                }
            }
        }
    }

    /** Runs one of the JVM's diagnostic commands (as jcmd would) and returns its reply text. */
    static String diagnosticCommand(String operation, String... arguments) throws JMException {
        return String.valueOf(ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), operation,
                new Object[] {arguments}, new String[] {String[].class.getName()}));
    }

        private static void warn(String why) {
        System.err.println("recllm: JIT directives not installed (" + why + "); vector kernels may box and run slower. "
                + "Set -D" + PROPERTY + "=false to silence this.");
    }
}
