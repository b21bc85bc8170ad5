package org.recllm.core.linalg;

/**
 * Eigenvalues and eigenvectors of a small symmetric matrix by cyclic Jacobi rotations in double precision: slow for
 * large matrices (O(n³) per sweep), exact to rounding for the few hundred rows it is used on.
 *
 * @param values  eigenvalues, largest first
 * @param vectors eigenvectors as the columns of an n × n row-major matrix, in the order of {@code values}
 */
public record SymmetricEigen(double[] values, double[] vectors) {
    private static final int MAX_SWEEPS = 100;

    /** @param matrix n × n row-major; only its symmetric part is read (it is not changed) */
    public static SymmetricEigen of(double[] matrix, int n) {
        if (matrix.length != n * n) {
            throw new IllegalArgumentException("expected " + n + " × " + n + " values, got " + matrix.length);
        }
        double[] a = matrix.clone();
        double[] v = new double[n * n];
        for (int i = 0; i < n; i++) {
            v[i * n + i] = 1;
        }
        double scale = 0;
        for (double x : a) {
            scale += x * x;
        }
        for (int sweep = 0; sweep < MAX_SWEEPS; sweep++) {
            double off = 0;
            for (int p = 0; p < n; p++) {
                for (int q = p + 1; q < n; q++) {
                    off += a[p * n + q] * a[p * n + q];
                }
            }
            if (off <= 1e-26 * scale) {
                break;
            }
            for (int p = 0; p < n; p++) {
                for (int q = p + 1; q < n; q++) {
                    rotate(a, v, n, p, q);
                }
            }
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (x, y) -> Double.compare(a[y * n + y], a[x * n + x]));
        double[] values = new double[n];
        double[] vectors = new double[n * n];
        for (int c = 0; c < n; c++) {
            int from = order[c];
            values[c] = a[from * n + from];
            for (int r = 0; r < n; r++) {
                vectors[r * n + c] = v[r * n + from];
            }
        }
        return new SymmetricEigen(values, vectors);
    }

    /** One rotation zeroing a[p][q] (Golub & Van Loan's symmetric Schur step). */
    private static void rotate(double[] a, double[] v, int n, int p, int q) {
        double apq = a[p * n + q];
        if (apq == 0) {
            return;
        }
        double theta = (a[q * n + q] - a[p * n + p]) / (2 * apq);
        double t = Math.signum(theta == 0 ? 1 : theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        double c = 1 / Math.sqrt(t * t + 1);
        double s = t * c;
        for (int k = 0; k < n; k++) {
            double akp = a[k * n + p];
            double akq = a[k * n + q];
            a[k * n + p] = c * akp - s * akq;
            a[k * n + q] = s * akp + c * akq;
        }
        for (int k = 0; k < n; k++) {
            double apk = a[p * n + k];
            double aqk = a[q * n + k];
            a[p * n + k] = c * apk - s * aqk;
            a[q * n + k] = s * apk + c * aqk;
        }
        for (int k = 0; k < n; k++) {
            double vkp = v[k * n + p];
            double vkq = v[k * n + q];
            v[k * n + p] = c * vkp - s * vkq;
            v[k * n + q] = s * vkp + c * vkq;
        }
    }
}
