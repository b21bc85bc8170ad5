package org.recllm.data.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.recllm.data.testing.BadInputAssertions.assertBadInput;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The protocols by the names the CLI's {@code --protocol} takes. */
class ProtocolsTest {
    @Test
    void knownNamesGiveTheirProtocols() {
        assertEquals(List.of("ml100k-u1", "time"), Protocols.names());
        assertEquals("time", Protocols.byName("time").name());
        assertEquals(TemporalProtocol.class, Protocols.byName("time").getClass());
        assertEquals(Ml100kU1Protocol.class, Protocols.byName("ml100k-u1").getClass());
    }

    @Test
    void unknownNameListsTheKnownOnes() {
        assertBadInput(() -> Protocols.byName("random"), Path.of(Protocols.SOURCE), 0, null,
                "unknown protocol 'random'", "[ml100k-u1, time]");
    }
}
