package org.recllm.core.quant;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Scalar float64 decoders for each storage type, written from ggml's block definitions and reference dequantisation
 * (ggml-common.h, dequantize_row_*) independently of the kernels under test: the oracle the kernels must agree with.
 */
final class GgmlReference {
    private static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private GgmlReference() {}

    /** Row {@code row} of a [rows, cols] matrix of {@code type} stored in {@code data}, in float64. */
    static double[] row(GgmlType type, MemorySegment data, int row, int cols) {
        long start = type.bytesFor((long) row * cols);
        double[] out = new double[cols];
        for (int block = 0; block < cols / type.blockSize(); block++) {
            long at = start + (long) block * type.blockBytes();
            int first = block * type.blockSize();
            switch (type) {
                case F32 -> out[first] = data.get(FLOAT, at);
                case F16 -> out[first] = half(data, at);
                case BF16 -> out[first] = Float.intBitsToFloat((data.get(SHORT, at) & 0xFFFF) << 16);
                case Q8_0 -> q8_0(data, at, out, first);
                case Q4_0 -> q4_0(data, at, out, first);
                case Q4_K -> q4_K(data, at, out, first);
                case Q6_K -> q6_K(data, at, out, first);
                default -> throw new IllegalArgumentException(type.toString());
            }
        }
        return out;
    }

    static double dot(double[] w, float[] x, int xOffset) {
        double sum = 0;
        for (int j = 0; j < w.length; j++) {
            sum += w[j] * x[xOffset + j];
        }
        return sum;
    }

    private static double half(MemorySegment data, long at) {
        return Float.float16ToFloat(data.get(SHORT, at));
    }

    private static int u8(MemorySegment data, long at) {
        return data.get(ValueLayout.JAVA_BYTE, at) & 0xFF;
    }

    /** block_q8_0 { half d; int8 qs[32]; }: y = d·q. */
    private static void q8_0(MemorySegment data, long at, double[] out, int first) {
        double d = half(data, at);
        for (int j = 0; j < 32; j++) {
            out[first + j] = d * data.get(ValueLayout.JAVA_BYTE, at + 2 + j);
        }
    }

    /** block_q4_0 { half d; uint8 qs[16]; }: y[j] = d·((qs[j] & 15) − 8), y[j + 16] = d·((qs[j] >> 4) − 8). */
    private static void q4_0(MemorySegment data, long at, double[] out, int first) {
        double d = half(data, at);
        for (int j = 0; j < 16; j++) {
            int q = u8(data, at + 2 + j);
            out[first + j] = d * ((q & 15) - 8);
            out[first + j + 16] = d * ((q >> 4) - 8);
        }
    }

    /** block_q4_K { half d; half dmin; uint8 scales[12]; uint8 qs[128]; }, as dequantize_row_q4_K walks it. */
    private static void q4_K(MemorySegment data, long at, double[] out, int first) {
        double d = half(data, at);
        double dmin = half(data, at + 2);
        long scales = at + 4;
        long q = at + 16;
        int y = first;
        for (int j = 0, is = 0; j < 256; j += 64, is += 2, q += 32) {
            int[] sm1 = scaleMinK4(data, scales, is);
            int[] sm2 = scaleMinK4(data, scales, is + 1);
            for (int l = 0; l < 32; l++) {
                out[y++] = d * sm1[0] * (u8(data, q + l) & 0xF) - dmin * sm1[1];
            }
            for (int l = 0; l < 32; l++) {
                out[y++] = d * sm2[0] * (u8(data, q + l) >> 4) - dmin * sm2[1];
            }
        }
    }

    /** get_scale_min_k4. */
    private static int[] scaleMinK4(MemorySegment data, long q, int j) {
        if (j < 4) {
            return new int[] {u8(data, q + j) & 63, u8(data, q + j + 4) & 63};
        }
        return new int[] {(u8(data, q + j + 4) & 0xF) | ((u8(data, q + j - 4) >> 6) << 4),
                (u8(data, q + j + 4) >> 4) | ((u8(data, q + j) >> 6) << 4)};
    }

    /** block_q6_K { uint8 ql[128]; uint8 qh[64]; int8 scales[16]; half d; }, as dequantize_row_q6_K walks it. */
    private static void q6_K(MemorySegment data, long at, double[] out, int first) {
        double d = half(data, at + 208);
        long ql = at;
        long qh = at + 128;
        long sc = at + 192;
        int y = first;
        for (int n = 0; n < 256; n += 128) {
            for (int l = 0; l < 32; l++) {
                int is = l / 16;
                int q1 = ((u8(data, ql + l) & 0xF) | (((u8(data, qh + l) >> 0) & 3) << 4)) - 32;
                int q2 = ((u8(data, ql + l + 32) & 0xF) | (((u8(data, qh + l) >> 2) & 3) << 4)) - 32;
                int q3 = ((u8(data, ql + l) >> 4) | (((u8(data, qh + l) >> 4) & 3) << 4)) - 32;
                int q4 = ((u8(data, ql + l + 32) >> 4) | (((u8(data, qh + l) >> 6) & 3) << 4)) - 32;
                out[y + l] = d * data.get(ValueLayout.JAVA_BYTE, sc + is) * q1;
                out[y + l + 32] = d * data.get(ValueLayout.JAVA_BYTE, sc + is + 2) * q2;
                out[y + l + 64] = d * data.get(ValueLayout.JAVA_BYTE, sc + is + 4) * q3;
                out[y + l + 96] = d * data.get(ValueLayout.JAVA_BYTE, sc + is + 6) * q4;
            }
            y += 128;
            ql += 64;
            qh += 32;
            sc += 8;
        }
    }
}
