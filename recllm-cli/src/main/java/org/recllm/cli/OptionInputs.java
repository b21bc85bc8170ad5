package org.recllm.cli;

import java.util.Map;
import java.util.function.Supplier;
import org.recllm.core.io.BadInputException;

/**
 * Where the command line hands option values to the library. Library errors name the input by what it is
 * ({@code model}, {@code protocol}, …); here they are reworded to name the option the user typed.
 */
final class OptionInputs {
    private OptionInputs() {}

    /** Runs {@code work}; an input error whose source is a key of {@code options} is reported as that option's. */
    static <T> T naming(Map<String, String> options, Supplier<T> work) {
        try {
            return work.get();
        } catch (BadInputException e) {
            String option = options.get(e.source());
            throw option == null ? e : e.as(option);
        }
    }

    /** The same for one input. */
    static <T> T naming(String source, String option, Supplier<T> work) {
        return naming(Map.of(source, option), work);
    }

    /** Refuses an option value that breaks its rule, naming the option and what was expected. */
    static void require(boolean valid, String option, String problem) {
        if (!valid) {
            throw new BadInputException(option, 0, null, problem);
        }
    }
}
