package org.recllm.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class SharedDataTest {

    @Test
    void anExistingPathIsReturnedWhateverCiSays(@TempDir Path dir) {
        assertEquals(dir, SharedData.require(dir, null));
        assertEquals(dir, SharedData.require(dir, "true"));
    }

    @Test
    void aMissingPathSkipsOutsideCi(@TempDir Path dir) {
        Path missing = dir.resolve("data/ml-100k");
        for (String ci : new String[] {null, "false", ""}) {
            TestAbortedException skipped = assertThrows(TestAbortedException.class, () -> SharedData.require(missing, ci));
            assertTrue(skipped.getMessage().contains(missing + " is absent"), skipped.getMessage());
        }
    }

    @Test
    void aMissingPathFailsUnderCi(@TempDir Path dir) {
        Path missing = dir.resolve("data/ml-100k");
        for (String ci : new String[] {"true", "TRUE"}) {
            AssertionFailedError failed = assertThrows(AssertionFailedError.class, () -> SharedData.require(missing, ci));
            assertTrue(failed.getMessage().startsWith("CI=true but " + missing + " is absent"), failed.getMessage());
        }
    }
}
