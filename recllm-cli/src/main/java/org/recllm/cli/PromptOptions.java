package org.recllm.cli;

import java.util.ArrayList;
import java.util.List;
import org.recllm.core.io.BadInputException;
import org.recllm.data.dataset.RatingDataset;
import org.recllm.data.protocol.Protocols;
import org.recllm.knowledge.prompt.EntityPrompt;
import org.recllm.knowledge.prompt.HistoryWindow;
import org.recllm.knowledge.prompt.KnowledgePrompts;
import org.recllm.knowledge.scenario.Scenario;
import org.recllm.knowledge.scenario.Scenarios;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Which prompts to build: dataset, protocol, scenario, entities: shared by {@code knowledge generate} and {@code prompts}. */
final class PromptOptions {
    @Mixin
    DatasetOptions dataset;

    @Option(names = "--protocol", defaultValue = "ml100k-u1", paramLabel = "ml100k-u1|time",
            description = "Protocol whose training data user prompts show. Default: ${DEFAULT-VALUE}.")
    String protocol;

    @Option(names = "--scenario", defaultValue = "movies", paramLabel = "movies|books|FILE.yaml",
            description = "Built-in scenario or a scenario file (YAML or JSON). Default: ${DEFAULT-VALUE}.")
    String scenario;

    @Option(names = "--entities", defaultValue = "both", paramLabel = "items|users|both",
            description = "Whom to ask about. Default: ${DEFAULT-VALUE}.")
    String entities;

    @Option(names = "--limit", paramLabel = "N", description = "At most N entities of each type (by id).")
    Integer limit;

    /** A scenario and its prompts, items first, each type by id, with the source that can render them again. */
    record Built(Scenario scenario, List<EntityPrompt> prompts, KnowledgePrompts source) {}

    Built build() {
        if (limit != null && limit < 1) {
            throw new BadInputException("--limit", 0, null, "expected at least 1, got " + limit);
        }
        boolean items = entities.equals("items") || entities.equals("both");
        boolean users = entities.equals("users") || entities.equals("both");
        if (!items && !users) {
            throw new BadInputException("--entities", 0, null, "expected items, users or both, got '" + entities + "'");
        }
        Scenario chosen = OptionInputs.naming("scenario", "--scenario", () -> Scenarios.resolve(scenario));
        RatingDataset data = dataset.read();
        KnowledgePrompts prompts = new KnowledgePrompts(chosen, data, OptionInputs.naming(Protocols.SOURCE, "--protocol",
                () -> HistoryWindow.of(Protocols.byName(protocol).split(data))));
        int most = limit == null ? Integer.MAX_VALUE : limit;
        List<EntityPrompt> all = new ArrayList<>();
        if (items) {
            all.addAll(prompts.items(most));
        }
        if (users) {
            all.addAll(prompts.users(most));
        }
        return new Built(chosen, all, prompts);
    }
}
