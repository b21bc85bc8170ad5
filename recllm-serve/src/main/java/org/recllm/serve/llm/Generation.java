package org.recllm.serve.llm;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.recllm.llm.generate.StopReason;
import org.recllm.llm.tokenizer.Detokenizer;
import org.recllm.llm.tokenizer.Tokenizer;

/**
 * One request's generation as the server sees it: the engine's tokens become text (stop sequences cut it), released
 * piece by piece as {@link Event}s that the request's own thread drains (the generating thread never writes to a
 * client), then a last event with the whole result.
 */
public final class Generation {
    /** Why the text ended, in OpenAI's words: {@code stop} (end of turn or a stop sequence) or {@code length}. */
    public record Result(String text, String finishReason, int promptTokens, int completionTokens, long firstTokenNanos) {}

    /** What the request's thread receives, in order. */
    public sealed interface Event {
        /** More text. */
        record Text(String text) implements Event {}

        /** The end: the whole result. */
        record Done(Result result) implements Event {}

        /** The engine failed or the server stopped before the end. */
        record Failed(String message) implements Event {}
    }

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final Detokenizer detokenizer;
    private final StopSequences stops;
    private final StringBuilder text = new StringBuilder();
    private final int promptTokens;
    private final boolean trimLeading;
    private final long submitted = System.nanoTime();
    private long firstTokenNanos = -1;
    private int completionTokens;
    private boolean stoppedBySequence;

    /** @param trimLeading whether the answer starts at its first non-blank character (a chat turn, not a continuation) */
    Generation(Tokenizer tokenizer, int promptTokens, List<String> stops, boolean trimLeading) {
        this.detokenizer = new Detokenizer(tokenizer);
        this.stops = new StopSequences(stops);
        this.promptTokens = promptTokens;
        this.trimLeading = trimLeading;
    }

    /** Stops the sequence at the engine's next pass (the client went away). */
    public void cancel() {
        cancelled.set(true);
    }

    boolean cancelled() {
        return cancelled.get();
    }

    /** The next event, waiting at most {@code millis}; null when none came. */
    public Event next(long millis) throws InterruptedException {
        return events.poll(millis, TimeUnit.MILLISECONDS);
    }

    /** On the generating thread: one more token. */
    void token(int token) {
        completionTokens++;
        if (firstTokenNanos < 0) {
            firstTokenNanos = System.nanoTime() - submitted;
        }
        if (stoppedBySequence) {
            return;
        }
        StopSequences.Step step = stops.accept(detokenizer.accept(token));
        release(step.released());
        if (step.stopped()) {
            stoppedBySequence = true;
            cancelled.set(true);
        }
    }

    /** On the generating thread: the sequence ended. */
    void finish(StopReason reason) {
        if (reason == StopReason.CANCELLED && !stoppedBySequence) {
            fail("the sequence was stopped before its end (the server is shutting down, or the client left)");
            return;
        }
        if (!stoppedBySequence) {
            StopSequences.Step step = stops.accept(detokenizer.finish());
            release(step.released());
            if (step.stopped()) {
                stoppedBySequence = true;
            } else {
                release(stops.flush());
            }
        }
        String finish = stoppedBySequence || reason == StopReason.END_OF_GENERATION ? "stop" : "length";
        events.add(new Event.Done(new Result(text.toString(), finish, promptTokens, completionTokens,
                firstTokenNanos < 0 ? System.nanoTime() - submitted : firstTokenNanos)));
    }

    void fail(String message) {
        events.add(new Event.Failed(message));
    }

    private void release(String released) {
        String piece = trimLeading && text.isEmpty() ? released.stripLeading() : released;
        if (!piece.isEmpty()) {
            text.append(piece);
            events.add(new Event.Text(piece));
        }
    }
}
