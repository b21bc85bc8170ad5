package org.recllm.data.download;

/** A download that did not produce a verified file; the message says what to do next. */
public class DownloadException extends Exception {
    public DownloadException(String message) {
        super(message);
    }

    public DownloadException(String message, Throwable cause) {
        super(message, cause);
    }
}
