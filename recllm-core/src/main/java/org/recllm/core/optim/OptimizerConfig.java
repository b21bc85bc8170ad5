package org.recllm.core.optim;

/**
 * How parameters are updated.
 *
 * @param kind               adam (L2 added to the gradient), adamw (decoupled weight decay) or adagrad
 * @param weightDecay        decay of dense parameters (L2 for adam/adagrad, decoupled for adamw)
 * @param embeddingDecay     L2 on the embedding rows a batch touches (FuxiCTR's embedding_regularizer)
 * @param clipNorm           global gradient-norm clipping threshold, or 0 for none
 */
public record OptimizerConfig(Kind kind, float learningRate, float beta1, float beta2, float epsilon, float weightDecay,
                              float embeddingDecay, float clipNorm) {

    public enum Kind { ADAM, ADAMW, ADAGRAD }

    public OptimizerConfig {
        if (!(learningRate > 0)) {
            throw new IllegalArgumentException("learning rate must be positive, got " + learningRate);
        }
        if (beta1 < 0 || beta1 >= 1 || beta2 < 0 || beta2 >= 1) {
            throw new IllegalArgumentException("betas must lie in [0, 1), got " + beta1 + ", " + beta2);
        }
        if (weightDecay < 0 || embeddingDecay < 0 || clipNorm < 0) {
            throw new IllegalArgumentException("decays and clip norm must not be negative");
        }
    }

    /** Adam with PyTorch's defaults and the given learning rate. */
    public static OptimizerConfig adam(float learningRate) {
        return new OptimizerConfig(Kind.ADAM, learningRate, 0.9f, 0.999f, 1e-8f, 0f, 0f, 0f);
    }

    public OptimizerConfig withLearningRate(float rate) {
        return new OptimizerConfig(kind, rate, beta1, beta2, epsilon, weightDecay, embeddingDecay, clipNorm);
    }

    public OptimizerConfig withDecay(float dense, float embeddings) {
        return new OptimizerConfig(kind, learningRate, beta1, beta2, epsilon, dense, embeddings, clipNorm);
    }

    public OptimizerConfig withKind(Kind newKind) {
        return new OptimizerConfig(newKind, learningRate, beta1, beta2, epsilon, weightDecay, embeddingDecay, clipNorm);
    }

    public OptimizerConfig withClipNorm(float norm) {
        return new OptimizerConfig(kind, learningRate, beta1, beta2, epsilon, weightDecay, embeddingDecay, norm);
    }
}
