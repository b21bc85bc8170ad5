package org.recllm.data.store;

import java.util.List;

/**
 * A store that was written and is current, with what it holds and the tidying up that failed afterwards (an old
 * generation that could not be deleted): warnings to show, not errors, since the new store is complete.
 */
public record WrittenStore(StoreStats stats, List<String> warnings) {

    public WrittenStore {
        warnings = List.copyOf(warnings);
    }
}
