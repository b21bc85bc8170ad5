package org.recllm.knowledge.encoder;

/** One text as word-piece ids (special tokens included, no padding), and whether it was cut to the token limit. */
record TokenizedText(long[] ids, long[] typeIds, boolean truncated) {

    int length() {
        return ids.length;
    }
}
