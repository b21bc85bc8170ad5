package org.recllm.knowledge.encoder;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How fast one way of encoding went through a set of texts. */
public record EncoderThroughput(String path, int texts, double seconds) {

    @JsonProperty("textsPerSecond")
    public double textsPerSecond() {
        return seconds > 0 ? texts / seconds : 0;
    }
}
