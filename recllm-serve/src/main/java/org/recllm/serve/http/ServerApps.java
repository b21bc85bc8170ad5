package org.recllm.serve.http;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import org.recllm.serve.BadRequestException;

/** What both servers share: a Javalin app set up alike, and request bodies read up to a limit. */
final class ServerApps {
    private ServerApps() {}

    /** Requests on virtual threads, no banner, no compression (small answers, mostly on loopback or a LAN). */
    static Javalin create(int maxBodyBytes) {
        return Javalin.create(config -> {
            config.useVirtualThreads = true;
            config.showJavalinBanner = false;
            config.startupWatcherEnabled = false;
            config.http.disableCompression();
            config.http.maxRequestSize = maxBodyBytes;
        });
    }

    /** The body, read up to {@code limit} bytes: a larger one is refused by name rather than cut. */
    static byte[] body(Context ctx, int limit) throws IOException {
        long declared = ctx.req().getContentLengthLong();
        if (declared > limit) {
            throw new BadRequestException("body", declared + " bytes exceed the limit of " + limit);
        }
        try (InputStream in = ctx.req().getInputStream()) {
            byte[] body = in.readNBytes(limit + 1);
            if (body.length > limit) {
                throw new BadRequestException("body", "more than " + limit + " bytes; the limit is " + limit);
            }
            return body;
        }
    }
}
