package org.recllm.cli;

import picocli.CommandLine.Command;

/** {@code recllm serve …}: the HTTP servers. */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Serve models over HTTP.",
        subcommands = {ServeCtrCommand.class, ServeLlmCommand.class, ServeUiCommand.class})
final class ServeCommand {

    /** Where a server's messages go: the command's output, at once. */
    static java.util.function.Consumer<String> log(java.io.PrintWriter out) {
        return message -> {
            out.println(message);
            out.flush();
        };
    }

    /**
     * Says {@code started}, then blocks until the process is asked to stop (SIGTERM, Ctrl-C), when {@code server}
     * closes: each server finishes its requests in flight first.
     */
    static void untilStopped(AutoCloseable server, java.io.PrintWriter out, String started) throws InterruptedException {
        java.util.concurrent.CountDownLatch stopped = new java.util.concurrent.CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            out.println("stopping: finishing the requests in flight");
            out.flush();
            try {
                server.close();
            } catch (Exception e) {
                out.println("error while stopping: " + e.getMessage());
            }
            stopped.countDown();
        }));
        out.println(started);
        out.flush();
        stopped.await();
    }
}
