package io.snn4j.internal.vectorization;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.CommonOps_FDRM;
import org.junit.jupiter.api.Test;

/** The active kernels' matrix product against EJML's, and the event-driven row sum against the product. */
class GemmTest {
    static final Kernels K = KernelProvider.kernels();

    @Test
    void gemmAgreesWithEjmlMultTransB() {
        for (int[] mnk : new int[][] {{1, 1, 1}, {7, 33, 19}, {64, 100, 257}, {5, 1024, 300}}) {
            int m = mnk[0], n = mnk[1], k = mnk[2];
            long seed = 99L * m + n + k;
            SplittableRandom r = new SplittableRandom(seed);
            FMatrixRMaj a = new FMatrixRMaj(m, k), w = new FMatrixRMaj(n, k);
            a.data = TestArrays.random(r, m * k, 1f, false);
            w.data = TestArrays.random(r, n * k, 1f, false);
            FMatrixRMaj want = new FMatrixRMaj(m, n);
            CommonOps_FDRM.multTransB(a, w, want);
            FMatrixRMaj wt = new FMatrixRMaj(k, n);
            CommonOps_FDRM.transpose(w, wt);
            float[] got = new float[m * n];
            K.gemm(a.data, 0, k, wt.data, 0, n, got, 0, n, m, n, k);
            for (int q = 0; q < got.length; q++) {
                assertEquals(want.data[q], got[q], 1e-5 * (1 + Math.abs(want.data[q])) * Math.sqrt(k),
                        "m=" + m + " n=" + n + " k=" + k + " seed=" + seed + " element " + q);
            }
        }
    }

    @Test
    void gemmIsTheSequentialDotProduct() {
        SplittableRandom r = new SplittableRandom(5);
        int m = 3, n = 40, k = 700;
        float[] a = TestArrays.random(r, m * k, 1f, false), b = TestArrays.random(r, k * n, 1f, false);
        float[] c = new float[m * n];
        K.gemm(a, 0, k, b, 0, n, c, 0, n, m, n, k);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float acc = 0f;
                for (int p = 0; p < k; p++) {
                    acc = acc + a[i * k + p] * b[p * n + j];
                }
                assertEquals(Float.floatToIntBits(acc), Float.floatToIntBits(c[i * n + j]), "seed 5, element " + i + "," + j);
            }
        }
    }

    @Test
    void sumRowsEqualsProductWithSpikeVector() {
        SplittableRandom r = new SplittableRandom(17);
        int h = 77, n = 53;
        float[] w = TestArrays.random(r, h * n, 1f, false);
        float[] z = new float[h];
        int[] active = new int[h];
        int count = 0;
        for (int q = 0; q < h; q++) {
            if (r.nextInt(5) == 0) {
                z[q] = 1f;
                active[count++] = q;
            }
        }
        float[] dense = new float[n], sparse = new float[n];
        K.gemm(z, 0, h, w, 0, n, dense, 0, n, 1, n, h);
        K.sumRows(active, count, w, 0, n, sparse, 0, n);
        for (int j = 0; j < n; j++) {
            assertEquals(Float.floatToIntBits(dense[j]), Float.floatToIntBits(sparse[j]), "seed 17, column " + j);
        }
    }

    /**
     * Scaled events, one row at a time ({@code sumEvents}) and many rows blocked ({@code sumEventRows}),
     * against the dense product of the same rows (zeros included), bit for bit: widths around the panel
     * and vector sizes, values with negative numbers, ones and -0, rows in a scrambled order.
     */
    @Test
    void eventProductsEqualTheDenseProduct() {
        int l = K.lanes();
        for (int n : new int[] {1, l - 1 > 0 ? l - 1 : 2, l + 3, 4 * l, 4 * l + 1, 5 * l + 7, 203}) {
            for (boolean values : new boolean[] {false, true}) {
                long seed = 1000L * n + (values ? 1 : 0);
                SplittableRandom r = new SplittableRandom(seed);
                int kRows = n == 203 ? 4500 : 37, m = 23; // 4500 rows: several depth blocks of the SIMD kernel
                float[] w = TestArrays.random(r, kRows * (n + 3), 1f, false);
                int ldw = n + 3;
                float[] x = new float[m * kRows];
                int[] rowStart = new int[m + 1];
                int[] idx = new int[m * kRows];
                float[] val = new float[m * kRows];
                int e = 0;
                for (int i = 0; i < m; i++) {
                    for (int k = 0; k < kRows; k++) {
                        if (r.nextInt(kRows > 100 ? 200 : 4) == 0 || (i == 5 && k < 30)) {
                            float v = !values ? 1f : switch (r.nextInt(4)) {
                                case 0 -> 1f;
                                case 1 -> -0f;
                                default -> (float) (r.nextDouble() * 4 - 2);
                            };
                            x[i * kRows + k] = v;
                            idx[e] = k;
                            val[e++] = v;
                        }
                    }
                    rowStart[i + 1] = e;
                }
                float[] dense = new float[m * n];
                // w has leading dimension ldw: multiply against a compact copy
                float[] wc = new float[kRows * n];
                for (int k = 0; k < kRows; k++) {
                    System.arraycopy(w, k * ldw, wc, k * n, n);
                }
                K.gemm(x, 0, kRows, wc, 0, n, dense, 0, n, m, n, kRows);
                int[] order = {3, 0, 22, 5, 7, 1, 2, 4, 6, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21};
                int ldo = n + 2;
                float[] blocked = new float[m * ldo + 1];
                K.sumEventRows(rowStart, idx, values ? val : null, order, m, w, ldw, kRows, 0, n, blocked, 1, ldo,
                        new float[K.eventPackFloats(kRows)], null, null);
                float[] one = new float[n + 1];
                for (int q = 0; q < m; q++) {
                    int i = order[q];
                    K.sumEvents(idx, values ? val : null, rowStart[i], rowStart[i + 1], w, 0, ldw, one, 1, n);
                    for (int j = 0; j < n; j++) {
                        String at = "n=" + n + " values=" + values + " seed=" + seed + " row " + i + " column " + j;
                        assertEquals(Float.floatToIntBits(dense[i * n + j]), Float.floatToIntBits(one[1 + j]), "sumEvents " + at);
                        assertEquals(Float.floatToIntBits(dense[i * n + j]), Float.floatToIntBits(blocked[1 + q * ldo + j]),
                                "sumEventRows " + at);
                    }
                }
            }
        }
    }
}
