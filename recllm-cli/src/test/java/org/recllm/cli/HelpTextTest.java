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
        PrintStream standardErr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        List<String> rawFormats = new ArrayList<>();
        try {
            for (CommandLine command : commands) {
                if (command.getUsageMessage().contains("%n")) {
                    rawFormats.add(command.getCommandSpec().qualifiedName());
                }
            }
        } finally {
            System.setErr(standardErr);
        }
        assertEquals("", captured.toString(StandardCharsets.UTF_8), "picocli's warnings while rendering help");
        assertTrue(rawFormats.isEmpty(), "help shown unformatted: " + rawFormats);
    }

    @Test
    void aBarePercentSignIsWhatTheCheckCatches() {
        @CommandLine.Command(name = "broken", description = "10% of the items")
        final class Broken {}
        PrintStream standardErr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            new CommandLine(new Broken()).getUsageMessage();
        } finally {
            System.setErr(standardErr);
        }
        assertFalse(captured.toString(StandardCharsets.UTF_8).isEmpty(), "picocli warns about a bare %");
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
