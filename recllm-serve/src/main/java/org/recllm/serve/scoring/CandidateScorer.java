package org.recllm.serve.scoring;

import org.recllm.serve.BadRequestException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.recllm.core.ops.Activations;
import org.recllm.core.parallel.Parallel;
import org.recllm.core.tensor.Tape;
import org.recllm.core.tensor.Tensor;
import org.recllm.ctr.features.Batch;
import org.recllm.data.schema.FieldRole;
import org.recllm.data.schema.Schema;
import org.recllm.serve.bundle.ModelBundle;

/**
 * Scores requests against one bundle. The model's weights are shared; each of a fixed number of sessions owns a
 * tape, a batch sized for the largest request and an encoder, so a request allocates nothing in the model and at
 * most that many run at once (one per core by default), each on its own thread with every kernel inline: requests,
 * not the kernels of one request, share the cores. Call it from long-lived threads: the matrix kernels keep per-thread
 * packing buffers, which a fresh (virtual) thread per request would allocate every time.
 */
public final class CandidateScorer {
    private final ModelBundle bundle;
    private final ScoreRequests requests;
    private final BlockingQueue<Session> sessions;

    private record Session(Tape tape, Batch batch, RequestEncoder encoder) {}

    public CandidateScorer(ModelBundle bundle, int maxCandidates, int concurrency) {
        if (maxCandidates < 1 || concurrency < 1) {
            throw new IllegalArgumentException("a scorer needs room for a candidate and a session; got " + maxCandidates
                    + " candidates, " + concurrency + " sessions");
        }
        this.bundle = bundle;
        RawValues raw = RawValues.of(bundle.manifest());
        this.sessions = new ArrayBlockingQueue<>(concurrency);
        for (int i = 0; i < concurrency; i++) {
            sessions.add(new Session(new Tape().gradients(false).training(false), new Batch(bundle.layout(), maxCandidates),
                    new RequestEncoder(bundle, raw)));
        }
        Schema schema = bundle.manifest().schema();
        this.requests = new ScoreRequests(schema.requireIdField(FieldRole.USER_ID).name(),
                schema.requireIdField(FieldRole.ITEM_ID).name(), maxCandidates);
    }

    public ModelBundle bundle() {
        return bundle;
    }

    /** Parses a request body; errors are {@link BadRequestException}s naming the field. */
    public ScoreRequest parse(byte[] body) {
        return requests.parse(body);
    }

    /** Click probabilities for the request's candidates, in their order. */
    public float[] score(ScoreRequest request) throws InterruptedException {
        Session session = sessions.take();
        try {
            return Parallel.serially(() -> {
                session.encoder().encode(request, session.batch());
                session.tape().reset();
                Tensor logits = bundle.model().logits(session.tape(), session.batch());
                float[] scores = new float[request.candidates().size()];
                float[] data = logits.data();
                for (int i = 0; i < scores.length; i++) {
                    scores[i] = Activations.sigmoid(data[i]);
                }
                return scores;
            });
        } finally {
            sessions.add(session);
        }
    }
}
