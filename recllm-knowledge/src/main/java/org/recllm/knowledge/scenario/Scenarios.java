package org.recllm.knowledge.scenario;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.recllm.core.io.BadInputException;

/** The built-in scenarios, with KAR's key factors, and the lookup the CLI's {@code --scenario} uses. */
public final class Scenarios {
    /** KAR's factors for movies (MovieLens). */
    public static final Scenario MOVIES = Scenario.withKarPrompts("movies", "movie", List.of("genre", "director/actors",
            "time period/country", "character", "plot/theme", "mood/tone", "critical acclaim/award", "production quality",
            "soundtrack"));

    /** KAR's factors for books (Amazon-Books). */
    public static final Scenario BOOKS = Scenario.withKarPrompts("books", "book", List.of("genre", "author",
            "writing style", "theme", "setting", "length/complexity", "time period", "literary quality",
            "critical acclaim"));

    private static final Map<String, Scenario> BUILT_IN = Map.of(MOVIES.name(), MOVIES, BOOKS.name(), BOOKS);

    private Scenarios() {}

    public static List<String> builtInNames() {
        return BUILT_IN.keySet().stream().sorted().toList();
    }

    /** A built-in scenario by name, or the scenario file at that path ({@code .yaml}, {@code .yml} or {@code .json}). */
    public static Scenario resolve(String nameOrFile) {
        Scenario builtIn = BUILT_IN.get(nameOrFile);
        if (builtIn != null) {
            return builtIn;
        }
        if (ScenarioFile.isScenarioFileName(nameOrFile.toLowerCase(Locale.ROOT))) {
            return ScenarioFile.load(Path.of(nameOrFile));
        }
        throw new BadInputException("scenario", 0, null, "unknown scenario '" + nameOrFile + "'; expected one of "
                + builtInNames() + " or a scenario file ending in .yaml, .yml or .json");
    }
}
