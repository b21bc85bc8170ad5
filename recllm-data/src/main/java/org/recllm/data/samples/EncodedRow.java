package org.recllm.data.samples;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.recllm.data.dataset.Rating;

/**
 * One sample as its split's columns hold it: vocabulary ids and numbers in its {@link RowLayout}, the label, the
 * history length and the raw rating for analysis. Reused from sample to sample; {@link #write} and {@link #read} move
 * it as fixed-size bytes (little-endian), so a row encoded in one process can be stored by another.
 */
public final class EncodedRow {
    /** Label, history length, user, item, timestamp, rating value. */
    static final int FIXED_BYTES = 4 + 4 + 4 + 4 + 8 + 4;

    private final RowLayout layout;
    private final int[] ids;
    private final float[] numbers;
    private float label;
    private int historyLength;
    private int user;
    private int item;
    private long timestamp;
    private float value;

    EncodedRow(RowLayout layout) {
        this.layout = layout;
        this.ids = new int[layout.idWidth()];
        this.numbers = new float[layout.numberWidth()];
    }

    public RowLayout layout() {
        return layout;
    }

    /** The id fields, each {@code width} ids at {@link RowLayout#offset}; unused multi-hot and history slots are 0. */
    public int[] ids() {
        return ids;
    }

    public float[] numbers() {
        return numbers;
    }

    public float label() {
        return label;
    }

    public int historyLength() {
        return historyLength;
    }

    public int user() {
        return user;
    }

    public int item() {
        return item;
    }

    public long timestamp() {
        return timestamp;
    }

    public float value() {
        return value;
    }

    /** Clears the ids (padding) and sets what comes from the rating itself. */
    void start(Rating rating, int historyLength) {
        Arrays.fill(ids, 0);
        this.label = rating.label();
        this.historyLength = historyLength;
        this.user = rating.userId();
        this.item = rating.itemId();
        this.timestamp = rating.timestamp();
        this.value = rating.value();
    }

    /** Appends the row to {@code out} ({@link RowLayout#rowBytes} bytes; the buffer must be little-endian). */
    public void write(ByteBuffer out) {
        for (int id : ids) {
            out.putInt(id);
        }
        for (float number : numbers) {
            out.putFloat(number);
        }
        out.putFloat(label).putInt(historyLength).putInt(user).putInt(item).putLong(timestamp).putFloat(value);
    }

    /** Reads a row {@link #write} wrote with the same layout. */
    public void read(ByteBuffer in) {
        for (int i = 0; i < ids.length; i++) {
            ids[i] = in.getInt();
        }
        for (int i = 0; i < numbers.length; i++) {
            numbers[i] = in.getFloat();
        }
        label = in.getFloat();
        historyLength = in.getInt();
        user = in.getInt();
        item = in.getInt();
        timestamp = in.getLong();
        value = in.getFloat();
    }
}
