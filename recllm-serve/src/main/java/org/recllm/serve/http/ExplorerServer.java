package org.recllm.serve.http;

import io.javalin.Javalin;
import io.javalin.http.staticfiles.Location;
import java.util.Map;
import org.recllm.serve.ui.ExplorerData;
import org.recllm.serve.ui.UserView;

/**
 * The explorer page for a person looking inside a trained setup: pick a user, see their history and knowledge text,
 * and the top items of each bundle (without and with knowledge) with their scores and knowledge texts; experiment
 * reports as charts. Plain HTML and one script ({@code /recllm-ui} on the classpath), over a small JSON API:
 * {@code GET /api/users}, {@code GET /api/users/{id}?n=10}, {@code GET /api/reports}.
 */
public final class ExplorerServer implements AutoCloseable {
    private static final int MAX_TOP = 100;

    private final Javalin app;

    private ExplorerServer(ExplorerData data, String host, int port) {
        this.app = ServerApps.create(1 << 16);
        app.unsafeConfig().staticFiles.add(files -> {
            files.hostedPath = "/";
            files.directory = "/recllm-ui";
            files.location = Location.CLASSPATH;
        });
        app.get("/api/users", ctx -> ctx.json(Map.of("users", data.users(), "models", data.models())));
        app.get("/api/users/{id}", ctx -> {
            int n;
            try {
                n = Integer.parseInt(ctx.queryParamAsClass("n", String.class).getOrDefault("10"));
            } catch (NumberFormatException e) {
                n = -1;
            }
            if (n < 1 || n > MAX_TOP) {
                ctx.status(400).json(Map.of("error", "n: expected a whole number from 1 to " + MAX_TOP, "field", "n"));
                return;
            }
            UserView view = data.user(ctx.pathParam("id"), n);
            if (view == null) {
                ctx.status(404).json(Map.of("error", "no user '" + ctx.pathParam("id") + "' in the bundle", "field", "id"));
            } else {
                ctx.json(view);
            }
        });
        app.get("/api/reports", ctx -> ctx.json(Map.of("reports", data.reports())));
        app.start(host, port);
    }

    public static ExplorerServer start(ExplorerData data, String host, int port) {
        return new ExplorerServer(data, host, port);
    }

    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
    }
}
