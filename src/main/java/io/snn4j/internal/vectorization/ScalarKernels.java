package io.snn4j.internal.vectorization;

/**
 * The scalar twin of every kernel: plain Java float arithmetic in Norse's operation order. It is the
 * fallback when {@code jdk.incubator.vector} is absent and the reference the SIMD kernels are tested
 * against; the Panama kernels also call it for the tails of their loops. Stateless and thread-safe.
 */
public final class ScalarKernels implements Kernels {
    /** The single instance. */
    public static final ScalarKernels INSTANCE = new ScalarKernels();

    private ScalarKernels() {
    }

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public int lanes() {
        return 1;
    }

    /** The coefficient index stride: 0 when the arrays hold one shared value, else 1. */
    static int stride(float[][] c) {
        return c[0].length == 1 ? 0 : 1;
    }

    /** Norse's Heaviside: 1 if x > 0, else 0 (so H(0) = H(NaN) = 0). */
    static float heaviside(float x) {
        return x > 0f ? 1f : 0f;
    }

    @Override
    public void lif(float[] x, int xOff, float[] r, int rOff, float[] v, float[] i, int sOff, float[] z, int zOff, int len,
            float[][] c, int cOff) {
        float[] aMem = c[0], aSyn = c[1], vLeak = c[2], vTh = c[3], vReset = c[4];
        int cs = stride(c);
        for (int k = 0; k < len; k++) {
            int s = sOff + k, p = cOff + cs * k;
            float vs = v[s];
            float i1 = i[s] + x[xOff + k];
            if (r != null) {
                i1 = i1 + r[rOff + k];
            }
            float v1 = vs + aMem[p] * ((vLeak[p] - vs) + i1);
            float i2 = i1 + aSyn[p] * i1;
            float zk = heaviside(v1 - vTh[p]);
            v[s] = (1f - zk) * v1 + zk * vReset[p];
            i[s] = i2;
            z[zOff + k] = zk;
        }
    }

    @Override
    public void li(float[] x, int xOff, float[] r, int rOff, float[] v, float[] i, int sOff, float[] out, int outOff, int len,
            float[][] c, int cOff) {
        float[] aMem = c[0], aSyn = c[1], vLeak = c[2];
        int cs = stride(c);
        for (int k = 0; k < len; k++) {
            int s = sOff + k, p = cOff + cs * k;
            float vs = v[s];
            float i1 = i[s] + x[xOff + k];
            if (r != null) {
                i1 = i1 + r[rOff + k];
            }
            float v1 = vs + aMem[p] * ((vLeak[p] - vs) + i1);
            i[s] = i1 + aSyn[p] * i1;
            v[s] = v1;
            out[outOff + k] = v1;
        }
    }

    @Override
    public void gemm(float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float[] c, int cOff, int ldc, int m, int n,
            int k) {
        for (int row = 0; row < m; row++) {
            gemmRows(a, aOff + row * lda, b, bOff, ldb, c, cOff + row * ldc, 0, n, k);
        }
    }

    /** Columns {@code [j0, j1)} of one output row: the sequential sums, accumulated in the row of C. */
    static void gemmRows(float[] a, int aRow, float[] b, int bOff, int ldb, float[] c, int cRow, int j0, int j1, int k) {
        for (int j = j0; j < j1; j++) {
            c[cRow + j] = 0f;
        }
        for (int p = 0; p < k; p++) {
            float ap = a[aRow + p];
            int bRow = bOff + p * ldb;
            for (int j = j0; j < j1; j++) {
                c[cRow + j] = c[cRow + j] + ap * b[bRow + j];
            }
        }
    }

    @Override
    public void sumRows(int[] rows, int count, float[] w, int ldw, float[] out, int outOff, int n) {
        sumRowsColumns(rows, count, w, ldw, out, outOff, 0, n);
    }

    /** Columns {@code [j0, j1)} of {@link #sumRows}. */
    static void sumRowsColumns(int[] rows, int count, float[] w, int ldw, float[] out, int outOff, int j0, int j1) {
        for (int j = j0; j < j1; j++) {
            out[outOff + j] = 0f;
        }
        for (int q = 0; q < count; q++) {
            int base = rows[q] * ldw;
            for (int j = j0; j < j1; j++) {
                out[outOff + j] = out[outOff + j] + w[base + j];
            }
        }
    }
}
