package org.recllm.ctr.alignment;

import java.util.Arrays;
import java.util.List;
import org.recllm.core.nn.ParameterSet;
import org.recllm.core.ops.Elementwise;
import org.recllm.core.ops.MatMul;
import org.recllm.core.ops.MaxSimilarity;
import org.recllm.core.ops.Norms;
import org.recllm.core.ops.Reductions;
import org.recllm.core.ops.Shaping;
import org.recllm.core.tensor.Tape;
import org.recllm.core.tensor.Tensor;
import org.recllm.ctr.layers.Activation;
import org.recllm.ctr.layers.Mlp;

/**
 * The projections of stage 1, trained with the backbone and dropped after it: the flattened field embeddings through
 * an MLP and the pooled text vector through a linear layer into the shared space (coarse term); each field embedding
 * and each token state through a linear map into the fine-grained space. Every projected vector is scaled to unit
 * length, so similarities are cosines.
 */
final class AlignmentHead {
    private final ParameterSet params;
    private final AlignmentConfig config;
    private final AlignmentTexts texts;
    private final int fields;
    private final int fieldDim;
    private final Mlp tabular;
    private final Tensor textWeight;
    private final Tensor textBias;
    private final Tensor fieldWeight;
    private final Tensor tokenWeight;
    private final Tensor sharedUnit;
    private final Tensor fineUnit;
    private final InfoNce coarseLoss = new InfoNce();
    private final InfoNce fineLoss = new InfoNce();
    /** Per token of the table, its entry among the batch's distinct tokens (−1 between batches). */
    private final int[] slotOfToken;
    /** The batch's distinct tokens, in first-seen order. */
    private final int[] batchTokens;

    AlignmentHead(long seed, int fields, int fieldDim, AlignmentTexts texts, AlignmentConfig config) {
        this.params = new ParameterSet(seed ^ 0x43_54_52_4CL);
        this.config = config;
        this.texts = texts;
        this.fields = fields;
        this.fieldDim = fieldDim;
        this.tabular = new Mlp(params, "ctrl.tabular", fields * fieldDim, List.of(config.projectionHidden()),
                Activation.RELU, 0f, false, config.sharedDim());
        this.textWeight = params.xavier("ctrl.text.weight", texts.dim(), config.sharedDim());
        this.textBias = params.constant("ctrl.text.bias", 0f, config.sharedDim());
        this.fieldWeight = params.xavier("ctrl.field.weight", fieldDim, config.fineDim());
        this.tokenWeight = params.xavier("ctrl.token.weight", texts.dim(), config.fineDim());
        this.sharedUnit = unitScale(config.sharedDim());
        this.fineUnit = unitScale(config.fineDim());
        int tableSize = texts.tokens().length / texts.dim();
        this.slotOfToken = new int[tableSize];
        Arrays.fill(slotOfToken, -1);
        this.batchTokens = new int[tableSize];
    }

    ParameterSet parameters() {
        return params;
    }

    /**
     * The stage-1 loss of one batch: symmetric InfoNCE over the batch on the coarse views, plus the weighted
     * fine-grained InfoNCE within consecutive groups (rows past the last whole group take part in the coarse term only).
     *
     * @param fieldEmbeddings [B, F, D], the backbone's stacked field embeddings of the batch
     * @param rows            the training row of each batch position
     */
    Tensor loss(Tape tape, Tensor fieldEmbeddings, int[] rows) {
        int count = fieldEmbeddings.dim(0);
        if (fieldEmbeddings.dim(1) != fields || fieldEmbeddings.dim(2) != fieldDim) {
            throw new IllegalArgumentException("expected [B, " + fields + ", " + fieldDim + "] field embeddings, got " + fieldEmbeddings);
        }
        Tensor tab = unit(tape, tabular.apply(tape, fieldEmbeddings.view(count, fields * fieldDim)), sharedUnit);
        Tensor text = unit(tape, MatMul.linear(tape, pooledTexts(tape, rows, count), textWeight, textBias), sharedUnit);
        Tensor similarity = Elementwise.scale(tape, MatMul.matmul(tape, tab, text, false, true), 1f / config.temperature());
        Tensor loss = coarseLoss.loss(tape, similarity.view(1, count, count));
        int group = config.fineGroup();
        int groups = count / group;
        if (config.fineWeight() == 0f || groups == 0) {
            return loss;
        }
        Tensor fine = fineGrained(tape, Shaping.slice(tape, fieldEmbeddings, 0, 0, groups * group), rows, groups, group);
        return Elementwise.add(tape, loss, Elementwise.scale(tape, fine, config.fineWeight()));
    }

    /**
     * Per group of G rows, the similarity of text j and sample i is the mean over i's fields of the field's largest
     * cosine with any token of j; contrasted as the coarse views are. Rows share segments (a user's, an item's), so
     * each distinct token state of the batch is projected once and gathered per row.
     */
    private Tensor fineGrained(Tape tape, Tensor fieldEmbeddings, int[] rows, int groups, int group) {
        int used = groups * group;
        int length = 1;
        for (int i = 0; i < used; i++) {
            length = Math.max(length, texts.tokens(rows[i]));
        }
        int[] positions = tape.workspace().takeInts(used * length);
        float[] valid = tape.workspace().take(used * length);
        int distinct = indexTokens(rows, used, length, positions, valid);
        Tensor states = tape.constant(distinct, texts.dim());
        for (int u = 0; u < distinct; u++) {
            System.arraycopy(texts.tokens(), batchTokens[u] * texts.dim(), states.data(), u * texts.dim(), texts.dim());
        }
        int fineDim = config.fineDim();
        Tensor projected = unit(tape, MatMul.matmul(tape, states, tokenWeight, false, false), fineUnit);
        Tensor tokens = Shaping.gatherRows(tape, projected, positions, used * length).view(groups, group, length, fineDim);
        Tensor fieldsProjected = unit(tape, MatMul.matmul(tape, fieldEmbeddings.view(used * fields, fieldDim), fieldWeight,
                false, false), fineUnit).view(groups, group * fields, fineDim);
        Tensor best = MaxSimilarity.apply(tape, tokens, fieldsProjected, valid);
        Tensor textBySample = Reductions.mean(tape, best.view(groups, group, group, fields), 3);
        return fineLoss.loss(tape, Elementwise.scale(tape, textBySample, 1f / config.temperature()));
    }

    /**
     * Lists the batch's distinct tokens in {@link #batchTokens} and points each (row, position) at its entry; padding
     * positions point at entry 0 and are marked invalid. Returns the number of distinct tokens.
     */
    private int indexTokens(int[] rows, int used, int length, int[] positions, float[] valid) {
        int distinct = 0;
        for (int i = 0; i < used; i++) {
            int from = texts.rowTokenOffsets()[rows[i]];
            int n = texts.tokens(rows[i]);
            for (int t = 0; t < length; t++) {
                int at = i * length + t;
                if (t >= n) {
                    positions[at] = 0;
                    valid[at] = 0f;
                    continue;
                }
                int token = texts.rowTokens()[from + t];
                if (slotOfToken[token] < 0) {
                    slotOfToken[token] = distinct;
                    batchTokens[distinct++] = token;
                }
                positions[at] = slotOfToken[token];
                valid[at] = 1f;
            }
        }
        for (int u = 0; u < distinct; u++) {
            slotOfToken[batchTokens[u]] = -1;
        }
        return distinct;
    }

    private Tensor pooledTexts(Tape tape, int[] rows, int count) {
        int dim = texts.dim();
        Tensor pooled = tape.constant(count, dim);
        for (int i = 0; i < count; i++) {
            System.arraycopy(texts.pooled(), rows[i] * dim, pooled.data(), i * dim, dim);
        }
        return pooled;
    }

    /** Rows scaled to unit length: RMS normalisation with a fixed gain of 1/√n divides a row by its norm. */
    private static Tensor unit(Tape tape, Tensor x, Tensor unitScale) {
        return Norms.rmsNorm(tape, x, unitScale, 1e-12f);
    }

    private static Tensor unitScale(int n) {
        float[] gain = new float[n];
        Arrays.fill(gain, (float) (1 / Math.sqrt(n)));
        return Tensor.constant(gain, n);
    }
}
