package org.recllm.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/**
 * {@code recllm --version}: the release and the commit the CLI was built from (recorded by the launcher's build; a
 * build made by plain Maven says "commit unknown"), plus the Java runtime and the CPU's vector width.
 */
final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        Properties build = new Properties();
        try (InputStream in = VersionProvider.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                build.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String commit = build.getProperty("commit", "unknown");
        return new String[] {
            "RecLLM " + build.getProperty("version", "unknown") + " (commit "
                    + (commit.isBlank() || commit.startsWith("${") ? "unknown" : commit) + ")",
            "Java " + Runtime.version() + " (" + System.getProperty("java.vm.name") + "), "
                    + Runtime.getRuntime().availableProcessors() + " CPUs"
        };
    }
}
