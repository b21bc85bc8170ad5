package org.recllm.ctr.train;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonRawValue;
import java.util.List;

/**
 * The JSON report of {@code recllm train}: protocol, model, configuration, one entry per seed and the mean and
 * sample standard deviation of test AUC and LogLoss over seeds.
 */
public record TrainReport(
        String protocol,
        String dataset,
        String samples,
        String model,
        @JsonRawValue String config,
        String knowledge,
        String pretraining,
        TrainConfig train,
        List<Seed> seeds,
        @JsonProperty("test_auc_mean") double testAucMean,
        @JsonProperty("test_auc_std") double testAucStd,
        @JsonProperty("test_logloss_mean") double testLogLossMean,
        @JsonProperty("test_logloss_std") double testLogLossStd) {

    /** One seed's outcome with the field names the report promises. */
    public record Seed(
            long seed,
            @JsonProperty("test_auc") double testAuc,
            @JsonProperty("test_logloss") double testLogLoss,
            @JsonProperty("test_user_auc") Double testUserAuc,
            @JsonProperty("best_epoch") int bestEpoch,
            @JsonProperty("valid_auc") double validAuc,
            @JsonProperty("train_samples_per_s") double trainSamplesPerSecond,
            List<EpochResult> epochs) {

        static Seed of(SeedResult r) {
            return new Seed(r.seed(), r.testAuc(), r.testLogLoss(), r.testUserAuc(), r.bestEpoch(), r.validAuc(), r.trainSamplesPerSecond(), r.epochs());
        }
    }

    public static TrainReport of(String protocol, String dataset, String samples, String model, String configJson,
                                 String knowledge, String pretraining, TrainConfig train, List<SeedResult> results) {
        double[] auc = results.stream().mapToDouble(SeedResult::testAuc).toArray();
        double[] logLoss = results.stream().mapToDouble(SeedResult::testLogLoss).toArray();
        return new TrainReport(protocol, dataset, samples, model, configJson, knowledge, pretraining, train,
                results.stream().map(Seed::of).toList(), MeanStd.mean(auc), MeanStd.std(auc), MeanStd.mean(logLoss),
                MeanStd.std(logLoss));
    }
}
