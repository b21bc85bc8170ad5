package org.recllm.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Known digests from RFC 1321 and FIPS 180-2. */
class ChecksumsTest {
    @TempDir
    Path dir;

    private Path file(String text) throws IOException {
        return Files.writeString(dir.resolve("f"), text, StandardCharsets.US_ASCII);
    }

    @Test
    void md5OfKnownStrings() throws IOException {
        assertEquals("d41d8cd98f00b204e9800998ecf8427e", Checksums.md5(file("")));
        assertEquals("900150983cd24fb0d6963f7d28e17f72", Checksums.md5(file("abc")));
    }

    @Test
    void sha256OfKnownStrings() throws IOException {
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Checksums.sha256(file("")));
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", Checksums.sha256(file("abc")));
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
                Checksums.sha256("abc".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void filesLongerThanTheReadBufferAreDigestedWhole() throws IOException {
        Path million = file("a".repeat(1_000_000));
        assertEquals("7707d6ae4e027c70eea2a935c2296f21", Checksums.md5(million));
        assertEquals("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0", Checksums.sha256(million));
    }

    @Test
    void missingFileIsAnError() {
        Path missing = dir.resolve("absent.zip");
        var e = assertThrows(UncheckedIOException.class, () -> Checksums.md5(missing));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    }

    @Test
    void unknownAlgorithmIsAnIllegalState() {
        assertThrows(IllegalStateException.class, () -> Checksums.newDigest("MD7"));
    }
}
