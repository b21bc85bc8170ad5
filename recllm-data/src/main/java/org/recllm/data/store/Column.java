package org.recllm.data.store;

/**
 * A column held on the heap while a sample store is built: {@code width} values per row, row-major.
 */
public sealed interface Column {
    int width();

    int length();

    ColumnType type();

    default int rows() {
        return length() / width();
    }

    record Ints(int[] values, int width) implements Column {
        public Ints {
            checkShape(values.length, width);
        }

        public int get(int row, int j) {
            return values[row * width + j];
        }

        @Override
        public int length() {
            return values.length;
        }

        @Override
        public ColumnType type() {
            return ColumnType.INT32;
        }
    }

    record Longs(long[] values) implements Column {
        @Override
        public int width() {
            return 1;
        }

        @Override
        public int length() {
            return values.length;
        }

        @Override
        public ColumnType type() {
            return ColumnType.INT64;
        }
    }

    record Floats(float[] values, int width) implements Column {
        public Floats {
            checkShape(values.length, width);
        }

        @Override
        public int length() {
            return values.length;
        }

        @Override
        public ColumnType type() {
            return ColumnType.FLOAT32;
        }
    }

    private static void checkShape(int length, int width) {
        if (width < 1 || length % width != 0) {
            throw new IllegalArgumentException(length + " values do not form rows of width " + width);
        }
    }
}
