package org.recllm.ctr.train;

/** One epoch: mean training loss, validation AUC/LogLoss, the learning rate used, and time taken. */
public record EpochResult(int epoch, double trainLoss, double validAuc, double validLogLoss, float learningRate,
                          double seconds) {}
