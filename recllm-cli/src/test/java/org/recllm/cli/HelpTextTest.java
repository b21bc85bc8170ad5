package org.recllm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Every command's help renders as written: picocli formats descriptions with {@code String.format}, so a bare
 * {@code %} (as in "10% of the items") makes it print a warning and fall back to the raw text, {@code %n} included.
 */
class HelpTextTest {
    @Test
    void everyCommandsHelpFormatsWithoutWarnings() {
        List<CommandLine> commands = new ArrayList<>();
        collect(RecLlm.commandLine(), commands);
        assertTrue(commands.size() > 30, "the command tree: " + commands.size() + " commands");
        List<String> rawFormats = new ArrayList<>();
        String warnings = standardError(() -> {
            for (CommandLine command : commands) {
                if (command.getUsageMessage().contains("%n")) {
                    rawFormats.add(command.getCommandSpec().qualifiedName());
                }
            }
        });
        assertEquals("", warnings, "picocli's warnings while rendering help");
        assertTrue(rawFormats.isEmpty(), "help shown unformatted: " + rawFormats);
    }

    @Test
    void aBarePercentSignIsWhatTheCheckCatches() {
        @CommandLine.Command(name = "broken", description = "10% of the items")
        final class Broken {}
        assertFalse(standardError(() -> new CommandLine(new Broken()).getUsageMessage()).isEmpty(),
                "picocli warns about a bare %");
    }

    /** What {@code action} writes to System.err (picocli's tracer writes its warnings there). */
    private static String standardError(Runnable action) {
        PrintStream standardErr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setErr(standardErr);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    private static void collect(CommandLine command, List<CommandLine> into) {
        into.add(command);
        for (CommandLine sub : command.getSubcommands().values()) {
            if (!into.contains(sub)) {
                collect(sub, into);
            }
        }
    }
}
