package org.recllm.data.protocol;

import java.util.List;
import org.recllm.core.io.BadInputException;

/** The protocols by the names the CLI's {@code --protocol} takes. */
public final class Protocols {
    private Protocols() {}

    /** How errors name a protocol given by name. */
    public static final String SOURCE = "protocol";

    public static List<String> names() {
        return List.of(Ml100kU1Protocol.NAME, TemporalProtocol.NAME);
    }

    public static Protocol byName(String name) {
        return switch (name) {
            case Ml100kU1Protocol.NAME -> new Ml100kU1Protocol();
            case TemporalProtocol.NAME -> new TemporalProtocol();
            default -> throw new BadInputException(SOURCE, 0, null,
                    "unknown protocol '" + name + "'; expected one of " + names());
        };
    }
}
