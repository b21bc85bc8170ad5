package org.recllm.cli;

import org.recllm.knowledge.store.StoreLocation;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.recllm.knowledge.prompt.EntityPrompt;
import org.recllm.knowledge.store.EntryKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/** {@code recllm knowledge prompts}: the prompts {@code generate} would ask, without a model or a store. */
@Command(name = "prompts", mixinStandardHelpOptions = true,
        description = "Print the scenario's prompts about items and users (or their clusters), each under a header with "
                + "its time window and hash.")
final class KnowledgePromptsCommand implements Callable<Integer> {
    @Mixin
    PromptOptions prompts;

    @picocli.CommandLine.Option(names = "--store", paramLabel = "FILE",
            description = "Knowledge store whose newest clusterings --per cluster describes.")
    StoreLocation store;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        boolean first = true;
        for (EntityPrompt prompt : prompts.build(store).prompts()) {
            if (!first) {
                out.println();
            }
            first = false;
            out.println(header(prompt));
            out.println(prompt.text());
        }
        return 0;
    }

    /** "=== item 1 (ml-100k, prompt 3f2a9c01) ===": what the prompt is about and the start of its hash. */
    static String header(EntityPrompt prompt) {
        return "=== " + prompt.entity() + " (" + prompt.timeWindow() + ", prompt " + EntryKey.hash(prompt.text()).substring(0, 8)
                + ") ===";
    }
}
