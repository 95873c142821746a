package io.snn4j.internal.vectorization;

import io.snn4j.internal.vectorization.Slots.CobaLif;
import io.snn4j.internal.vectorization.Slots.Iaf;
import io.snn4j.internal.vectorization.Slots.Izhikevich;
import io.snn4j.internal.vectorization.Slots.Li;
import io.snn4j.internal.vectorization.Slots.LiBox;
import io.snn4j.internal.vectorization.Slots.Lif;
import io.snn4j.internal.vectorization.Slots.LifAdEx;
import io.snn4j.internal.vectorization.Slots.LifBox;
import io.snn4j.internal.vectorization.Slots.LifMc;
import io.snn4j.internal.vectorization.Slots.Lsnn;

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

    /** Norse's reset {@code (1 - z) * v1 + z * target}. */
    static float reset(float z, float v1, float target) {
        return (1f - z) * v1 + z * target;
    }

    /** {@code max(x, 0)}, NaN staying NaN (torch's relu). */
    static float relu(float x) {
        return Math.max(x, 0f);
    }

    // exp for LIFEx/LIFAdEx: Cody-Waite reduction and a degree-5 minimax polynomial (the classic Cephes
    // expf constants), every step a separately rounded float operation, so that the SIMD kernels can
    // repeat it bit for bit. The scaling by 2^n is split into two exact factors so that results near
    // the float range's ends (and subnormal ones) come out right. Within 2 ulp of the exact value.
    static final float EXP_HI = 88.72283f;
    static final float EXP_LO = -103.97208f;
    static final float LOG2E = 1.44269504088896341f;
    static final float LN2_HI = 0.693359375f;
    static final float LN2_LO = -2.12194440e-4f;
    static final float ROUND = 12582912f; // 1.5 * 2^23: (t + ROUND) - ROUND rounds t to an integer
    static final float P0 = 1.9875691500E-4f, P1 = 1.3981999507E-3f, P2 = 8.3334519073E-3f, P3 = 4.1665795894E-2f,
            P4 = 1.6666665459E-1f, P5 = 5.0000001201E-1f;

    /** e^x in float32, reproducible by the SIMD kernels; +inf above 88.72, 0 below -103.97, NaN for NaN. */
    static float exp(float x) {
        if (x != x) {
            return x;
        }
        if (x > EXP_HI) {
            return Float.POSITIVE_INFINITY;
        }
        if (x < EXP_LO) {
            return 0f;
        }
        float n = (x * LOG2E + ROUND) - ROUND;
        float r = (x - n * LN2_HI) - n * LN2_LO;
        float r2 = r * r;
        float y = (((((P0 * r + P1) * r + P2) * r + P3) * r + P4) * r + P5) * r2 + r + 1f;
        int ni = (int) n;
        int n1 = ni >> 1;
        return (y * Float.intBitsToFloat((n1 + 127) << 23)) * Float.intBitsToFloat((ni - n1 + 127) << 23);
    }

    @Override
    public void lif(float[] x, int xOff, float[] r, int rOff, float[] v, float[] i, int sOff, float[] z, int zOff, int len,
            float[][] c, int cOff) {
        float[] aMem = c[Lif.A_MEM], aSyn = c[Lif.A_SYN], vLeak = c[Lif.V_LEAK], vTh = c[Lif.V_TH], vReset = c[Lif.V_RESET];
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
    public void lifRecorded(float[] x, int xOff, float[] r, int rOff, float[] v, float[] i, int sOff, float[] z, int zOff,
            int len, float[][] c, int cOff, float[] recV, float[] recI, int recOff) {
        for (int k = 0; k < len; k++) {
            int s = sOff + k;
            recV[recOff + k] = v[s];
            float i1 = i[s] + x[xOff + k];
            recI[recOff + k] = r == null ? i1 : i1 + r[rOff + k];
        }
        lif(x, xOff, r, rOff, v, i, sOff, z, zOff, len, c, cOff);
    }

    @Override
    public void lifSteps(float[] x, int xOff, int xStride, float[] v, float[] i, int sOff, float[] z, int zOff, int zStride,
            int len, int steps, float[][] c, int cOff) {
        for (int t = 0; t < steps; t++) {
            lif(x, xOff + t * xStride, null, 0, v, i, sOff, z, zOff + t * zStride, len, c, cOff);
        }
    }

    @Override
    public void li(float[] x, int xOff, float[] r, int rOff, float[] v, float[] i, int sOff, float[] out, int outOff, int len,
            float[][] c, int cOff) {
        float[] aMem = c[Li.A_MEM], aSyn = c[Li.A_SYN], vLeak = c[Li.V_LEAK];
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
    public void liSteps(float[] x, int xOff, int xStride, float[] v, float[] i, int sOff, float[] out, int outOff,
            int outStride, int len, int steps, float[][] c, int cOff) {
        for (int t = 0; t < steps; t++) {
            li(x, xOff + t * xStride, null, 0, v, i, sOff, out, outOff + t * outStride, len, c, cOff);
        }
    }

    @Override
    public void gemm(float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float[] c, int cOff, int ldc, int m, int n,
            int k) {
        for (int row = 0; row < m; row++) {
            gemmRows(a, aOff + row * lda, b, bOff, ldb, c, cOff + row * ldc, 0, n, k);
        }
    }

    @Override
    public void gemmFma(float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float[] c, int cOff, int ldc, int m,
            int n, int k) {
        for (int row = 0; row < m; row++) {
            int aRow = aOff + row * lda, cRow = cOff + row * ldc;
            for (int j = 0; j < n; j++) {
                c[cRow + j] = 0f;
            }
            for (int p = 0; p < k; p++) {
                float ap = a[aRow + p];
                int bRow = bOff + p * ldb;
                for (int j = 0; j < n; j++) {
                    c[cRow + j] = Math.fma(ap, b[bRow + j], c[cRow + j]);
                }
            }
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
    public void sumRows(int[] rows, int count, float[] w, int wOff, int ldw, float[] out, int outOff, int n) {
        sumRowsColumns(rows, count, w, wOff, ldw, out, outOff, 0, n);
    }

    /** Columns {@code [j0, j1)} of {@link #sumRows}. */
    static void sumRowsColumns(int[] rows, int count, float[] w, int wOff, int ldw, float[] out, int outOff, int j0, int j1) {
        sumEventsColumns(rows, null, 0, count, w, wOff, ldw, out, outOff, j0, j1);
    }

    @Override
    public void sumEvents(int[] idx, float[] val, int e0, int e1, float[] w, int wOff, int ldw, float[] out, int outOff, int n) {
        sumEventsColumns(idx, val, e0, e1, w, wOff, ldw, out, outOff, 0, n);
    }

    @Override
    public void scatterColumns(int[] idx, float[] val, int e0, int e1, int[] ptr, int stride, int off, int[] rows,
            float[] w, float[] out, int outOff) {
        int sink = 0;
        for (int g = e0; g < e1; g += TOUCH_GROUP) {
            int g1 = Math.min(e1, g + TOUCH_GROUP);
            sink += touch(idx, g, g1, ptr, stride, off, rows, w);
            for (int e = g; e < g1; e++) {
                int c = idx[e] * stride + off;
                scatterColumn(ptr[c], ptr[c + 1], rows, w, val == null ? 1f : val[e], val == null, out, outOff);
            }
        }
        touched = sink;
    }

    @Override
    public void scatterColumnsUniform(int[] idx, float[] val, int e0, int e1, int[] ptr, int stride, int off, int[] rows,
            float[] colW, float[] out, int outOff) {
        int sink = 0;
        for (int g = e0; g < e1; g += TOUCH_GROUP) {
            int g1 = Math.min(e1, g + TOUCH_GROUP);
            sink += touch(idx, g, g1, ptr, stride, off, rows, null);
            for (int e = g; e < g1; e++) {
                int k = idx[e], c = k * stride + off;
                float wk = val == null ? colW[k] : colW[k] * val[e];
                for (int p = ptr[c], p1 = ptr[c + 1]; p < p1; p++) {
                    out[outOff + rows[p]] += wk;
                }
            }
        }
        touched = sink;
    }

    /** Events whose columns are touched together before any of them is added (see {@link #touch}). */
    static final int TOUCH_GROUP = 16;
    /** Where the kernels leave what {@link #touch} read (once per call), so that the reads are not optimised away. */
    static int touched;

    /**
     * Reads the first element of the columns of events {@code [e0, e1)} before they are added. In a large
     * network each spiking neuron's column is somewhere in hundreds of megabytes and its first read misses
     * every cache; reading a group's first elements back to back lets those misses overlap instead of
     * waiting for them one column at a time (Java has no prefetch instruction). Changes no value.
     */
    private static int touch(int[] idx, int e0, int e1, int[] ptr, int stride, int off, int[] rows, float[] w) {
        int t = 0;
        for (int e = e0; e < e1; e++) {
            int c = idx[e] * stride + off;
            int p = ptr[c];
            if (p < ptr[c + 1]) {
                t += rows[p];
                if (w != null) {
                    t += Float.floatToRawIntBits(w[p]);
                }
            }
        }
        return t;
    }

    @Override
    public void scatterColumnsDelayed(int[] idx, float[] val, int e0, int e1, int[] ptr, int stride, int off, int[] rows,
            float[] w, int[] delays, float[] out, int outOff, int slotStride, int head, int slots) {
        for (int e = e0; e < e1; e++) {
            int c = idx[e] * stride + off;
            float v = val == null ? 1f : val[e];
            for (int p = ptr[c]; p < ptr[c + 1]; p++) {
                int slot = head + delays[p] - 1;
                int at = outOff + (slot >= slots ? slot - slots : slot) * slotStride + rows[p];
                out[at] = val == null ? out[at] + w[p] : out[at] + w[p] * v;
            }
        }
    }

    /** Positions {@code [p0, p1)} of one column of {@link #scatterColumns}, scaled by {@code v} unless {@code plain}. */
    static void scatterColumn(int p0, int p1, int[] rows, float[] w, float v, boolean plain, float[] out, int outOff) {
        if (plain) {
            for (int p = p0; p < p1; p++) {
                out[outOff + rows[p]] = out[outOff + rows[p]] + w[p];
            }
        } else {
            for (int p = p0; p < p1; p++) {
                out[outOff + rows[p]] = out[outOff + rows[p]] + w[p] * v;
            }
        }
    }

    /** Columns {@code [j0, j1)} of {@link #sumEvents}: {@code out[j] = (((0 + w[i0][j] * v0) + w[i1][j] * v1) + ...)}. */
    static void sumEventsColumns(int[] idx, float[] val, int e0, int e1, float[] w, int wOff, int ldw, float[] out,
            int outOff, int j0, int j1) {
        for (int j = j0; j < j1; j++) {
            out[outOff + j] = 0f;
        }
        for (int e = e0; e < e1; e++) {
            int base = wOff + idx[e] * ldw;
            if (val == null) {
                for (int j = j0; j < j1; j++) {
                    out[outOff + j] = out[outOff + j] + w[base + j];
                }
            } else {
                float v = val[e];
                for (int j = j0; j < j1; j++) {
                    out[outOff + j] = out[outOff + j] + w[base + j] * v;
                }
            }
        }
    }

    @Override
    public void sumEventRows(int[] rowStart, int[] idx, float[] val, int[] rows, int count, float[] w, int ldw, int kRows,
            int j0, int j1, float[] out, int outOff, int ldo, float[] pack, EventPanels panels, int[] blocks) {
        // row q's column j goes to out[outOff + q * ldo + j - j0]: sumEventsColumns with the output shifted by j0
        for (int q = 0; q < count; q++) {
            int r = rows[q];
            sumEventsColumns(idx, val, rowStart[r], rowStart[r + 1], w, 0, ldw, out, outOff + q * ldo - j0, j0, j1);
        }
    }

    @Override
    public int nonzeros(float[] x, int off, int len, int[] idx, int at, int limit) {
        int c = 0;
        for (int k = 0; k < len; k++) {
            if (x[off + k] != 0f) {
                if (c == limit) {
                    return -1;
                }
                idx[at + c++] = k;
            }
        }
        return c;
    }

    @Override
    public int spikeIndices(float[] z, int off, int len, int[] idx) {
        return spikeIndicesFrom(z, off, 0, len, idx, 0);
    }

    /**
     * {@link #spikeIndices} of elements {@code [k, len)}, continuing a list of {@code c} positions (the SIMD
     * kernel's tail).
     */
    static int spikeIndicesFrom(float[] z, int off, int k, int len, int[] idx, int c) {
        for (; k < len; k++) {
            float v = z[off + k];
            if (v != 0f) {
                if (v != 1f) {
                    return -1;
                }
                idx[c++] = k;
            }
        }
        return c;
    }

    @Override
    public int eventPackFloats(int kRows) {
        return 0;
    }

    @Override
    public void lifBox(float[] x, int xOff, float[] v, int sOff, float[] z, int zOff, int len, float[][] c, int cOff,
            boolean subtract) {
        float[] aMem = c[LifBox.A_MEM], vLeak = c[LifBox.V_LEAK], vTh = c[LifBox.V_TH], vReset = c[LifBox.V_RESET];
        int cs = stride(c);
        for (int k = 0; k < len; k++) {
            int s = sOff + k, p = cOff + cs * k;
            float vs = v[s];
            float v1 = vs + aMem[p] * ((x[xOff + k] + vLeak[p]) - vs);
            float zk = heaviside(v1 - vTh[p]);
            v[s] = reset(zk, v1, subtract ? v1 - vTh[p] : vReset[p]);
            z[zOff + k] = zk;
        }
    }

    @Override
    public void lifBoxSteps(float[] x, int xOff, int xStride, float[] v, int sOff, float[] z, int zOff, int zStride, int len,
            int steps, float[][] c, int cOff, boolean subtract) {
        for (int t = 0; t < steps; t++) {
            lifBox(x, xOff + t * xStride, v, sOff, z, zOff + t * zStride, len, c, cOff, subtract);
        }
    }

    @Override
    public void liBox(float[] x, int xOff, float[] v, int sOff, float[] out, int outOff, int len, float[][] c, int cOff) {
        float[] aMem = c[LiBox.A_MEM], vLeak = c[LiBox.V_LEAK];
        int cs = stride(c);
        for (int k = 0; k < len; k++) {
            int s = sOff + k, p = cOff + cs * k;
            float vs = v[s];
            float v1 = vs + aMem[p] * ((vLeak[p] - vs) + x[xOff + k]);
            v[s] = v1;
            out[outOff + k] = v1;
        }
    }

    @Override
    public void liBoxSteps(float[] x, int xOff, int xStride, float[] v, int sOff, float[] out, int outOff, int outStride,
            int len, int steps, float[][] c, int cOff) {
        for (int t = 0; t < steps; t++) {
            liBox(x, xOff + t * xStride, v, sOff, out, outOff + t * outStride, len, c, cOff);
        }
    }

    @Override
    public void iaf(float[] x, int xOff, float[] v, int sOff, float[] z, int zOff, int len, float[][] c, int cOff) {
        float[] vTh = c[Iaf.V_TH], vReset = c[Iaf.V_RESET];
        int cs = stride(c);
        for (int k = 0; k < len; k++) {
            int s = sOff + k, p = cOff + cs * k;
            float v1 = v[s] + x[xOff + k];
            float zk = heaviside(v1 - vTh[p]);
            v[s] = reset(zk, v1, vReset[p]);
            z[zOff + k] = zk;
        }
    }

    @Override
    public void iafSteps(float[] x, int xOff, int xStride, float[] v, int sOff, float[] z, int zOff, int zStride, int len,
            int steps, float[][] c, int cOff) {
        for (int t = 0; t < steps; t++) {
            iaf(x, xOff + t * xStride, v, sOff, z, zOff + t * zStride, len, c, cOff);
        }
    }

    @Override
    public void lsnn(float[] x, int xOff, float[] r, int rOff, float[] v, float[] i, float[] b, int sOff, float[] z, int zOff,
            int len, float[][] c, int cOff) {
        float[] aMem = c[Lsnn.A_MEM], aSyn = c[Lsnn.A_SYN], aAdapt = c[Lsnn.A_ADAPT], vLeak = c[Lsnn.V_LEAK], vTh = c[Lsnn.V_TH], vReset = c[Lsnn.V_RESET], beta = c[Lsnn.BETA];
        int cs = stride(c);
        for (int k = 0; k < len; k++) {
            int s = sOff + k, p = cOff + cs * k;
            float vs = v[s], is = i[s], bs = b[s];
            float v1 = vs + aMem[p] * ((vLeak[p] - vs) + is);
            float i1 = is + aSyn[p] * is;
            float b1 = bs + aAdapt[p] * (vTh[p] - bs);
            float zk = heaviside(v1 - b1);
            v[s] = reset(zk, v1, vReset[p]);
            b[s] = b1 + zk * beta[p];
            float i2 = i1 + x[xOff + k];
            i[s] = r == null ? i2 : i2 + r[rOff + k];
            z[zOff + k] = zk;
        }
    }

    @Override
    public void lsnnSteps(float[] x, int xOff, int xStride, float[] v, float[] i, float[] b, int sOff, float[] z, int zOff,
            int zStride, int len, int steps, float[][] c, int cOff) {
        for (int t = 0; t < steps; t++) {
            lsnn(x, xOff + t * xStride, null, 0, v, i, b, sOff, z, zOff + t * zStride, len, c, cOff);
        }
    }

    @Override
    public void lifEx(float[] x, int xOff, float[] r, int rOff, float[] v, float[] i, int sOff, float[] z, int zOff, int len,
            float[][] c, int cOff) {
        float[] aMem = c[LifAdEx.A_MEM], aSyn = c[LifAdEx.A_SYN], vLeak = c[LifAdEx.V_LEAK], vTh = c[LifAdEx.V_TH], vReset = c[LifAdEx.V_RESET], deltaT = c[LifAdEx.DELTA_T];
        int cs = stride(c);
        for (int k = 0; k < len; k++) {
            int s = sOff + k, p = cOff + cs * k;
            float vs = v[s];
            float i1 = i[s] + x[xOff + k];
            if (r != null) {
                i1 = i1 + r[rOff + k];
            }
            float dvExp = deltaT[p] * exp((vs - vTh[p]) / deltaT[p]);
            float v1 = vs + aMem[p] * (((vLeak[p] - vs) + dvExp) + i1);
            i[s] = i1 + aSyn[p] * i1;
            float zk = heaviside(v1 - vTh[p]);
            v[s] = reset(zk, v1, vReset[p]);
            z[zOff + k] = zk;
        }
    }

    @Override
    public void lifAdEx(float[] x, int xOff, float[] r, int rOff, float[] v, float[] i, float[] a, int sOff, float[] z,
            int zOff, int len, float[][] c, int cOff) {
        lifAdExRefrac(x, xOff, r, rOff, v, i, a, null, sOff, z, zOff, len, c, cOff, true);
    }

    @Override
    public void lifAdExRefrac(float[] x, int xOff, float[] r, int rOff, float[] v, float[] i, float[] a, float[] rho, int sOff,
            float[] z, int zOff, int len, float[][] c, int cOff, boolean adaptOnSuppressed) {
        float[] aMem = c[LifAdEx.A_MEM], aSyn = c[LifAdEx.A_SYN], vLeak = c[LifAdEx.V_LEAK], vTh = c[LifAdEx.V_TH], vReset = c[LifAdEx.V_RESET], deltaT = c[LifAdEx.DELTA_T], aAda = c[LifAdEx.A_ADA], adaCur = c[LifAdEx.ADAPTATION_CURRENT], adaSpike = c[LifAdEx.ADAPTATION_SPIKE];
        float[] rhoReset = rho == null ? null : c[LifAdEx.RHO_RESET];
        int cs = stride(c);
        for (int k = 0; k < len; k++) {
            int s = sOff + k, p = cOff + cs * k;
            float vs = v[s], as = a[s];
            float i1 = i[s] + x[xOff + k];
            if (r != null) {
                i1 = i1 + r[rOff + k];
            }
            float dvExp = deltaT[p] * exp((vs - vTh[p]) / deltaT[p]);
            float v1 = vs + aMem[p] * ((((vLeak[p] - vs) + dvExp) + i1) - as);
            i[s] = i1 + aSyn[p] * i1;
            float a1 = as + aAda[p] * (adaCur[p] * (vs - vLeak[p]) - as);
            float zk = heaviside(v1 - vTh[p]);
            float v2 = reset(zk, v1, vReset[p]);
            if (rho == null) {
                v[s] = v2;
                a[s] = a1 + zk * adaSpike[p];
                z[zOff + k] = zk;
            } else {
                float rs = rho[s];
                float m = heaviside(rs);
                float zm = (1f - m) * zk;
                v[s] = (1f - m) * v2 + m * vs;
                a[s] = a1 + (adaptOnSuppressed ? zk : zm) * adaSpike[p];
                rho[s] = (1f - zm) * relu(rs - m) + zm * rhoReset[p];
                z[zOff + k] = zm;
            }
        }
    }

    @Override
    public void lifRefrac(float[] x, int xOff, float[] r, int rOff, float[] v, float[] i, float[] rho, int sOff, float[] z,
            int zOff, int len, float[][] c, int cOff) {
        float[] aMem = c[Lif.A_MEM], aSyn = c[Lif.A_SYN], vLeak = c[Lif.V_LEAK], vTh = c[Lif.V_TH], vReset = c[Lif.V_RESET], rhoReset = c[Lif.RHO_RESET];
        int cs = stride(c);
        for (int k = 0; k < len; k++) {
            int s = sOff + k, p = cOff + cs * k;
            float vs = v[s], rs = rho[s];
            float i1 = i[s] + x[xOff + k];
            if (r != null) {
                i1 = i1 + r[rOff + k];
            }
            float v1 = vs + aMem[p] * ((vLeak[p] - vs) + i1);
            i[s] = i1 + aSyn[p] * i1;
            float zk = heaviside(v1 - vTh[p]);
            float v2 = reset(zk, v1, vReset[p]);
            float m = heaviside(rs);
            float zm = (1f - m) * zk;
            v[s] = (1f - m) * v2 + m * vs;
            rho[s] = (1f - zm) * relu(rs - m) + zm * rhoReset[p];
            z[zOff + k] = zm;
        }
    }

    @Override
    public void lifRefracSteps(float[] x, int xOff, int xStride, float[] v, float[] i, float[] rho, int sOff, float[] z,
            int zOff, int zStride, int len, int steps, float[][] c, int cOff) {
        for (int t = 0; t < steps; t++) {
            lifRefrac(x, xOff + t * xStride, null, 0, v, i, rho, sOff, z, zOff + t * zStride, len, c, cOff);
        }
    }

    @Override
    public void izhikevich(float[] x, int xOff, float[] r, int rOff, float[] v, float[] u, int sOff, float[] z, int zOff,
            int len, float[][] c, int cOff) {
        float[] kv = c[Izhikevich.KV], ku = c[Izhikevich.KU], sq = c[Izhikevich.SQ], mn = c[Izhikevich.MN], bias = c[Izhikevich.BIAS], b = c[Izhikevich.B], vTh = c[Izhikevich.V_TH], cReset = c[Izhikevich.C], d = c[Izhikevich.D];
        int cs = stride(c);
        for (int k = 0; k < len; k++) {
            int s = sOff + k, p = cOff + cs * k;
            float vs = v[s], us = u[s];
            float in = (((sq[p] * (vs * vs) + mn[p] * vs) + bias[p]) - us) + x[xOff + k];
            if (r != null) {
                in = in + r[rOff + k];
            }
            float v1 = vs + kv[p] * in;
            float u1 = us + ku[p] * (b[p] * vs - us);
            float zk = heaviside(v1 - vTh[p]);
            v[s] = reset(zk, v1, cReset[p]);
            u[s] = reset(zk, u1, u1 + d[p]);
            z[zOff + k] = zk;
        }
    }

    @Override
    public void izhikevichSteps(float[] x, int xOff, int xStride, float[] v, float[] u, int sOff, float[] z, int zOff,
            int zStride, int len, int steps, float[][] c, int cOff) {
        for (int t = 0; t < steps; t++) {
            izhikevich(x, xOff + t * xStride, null, 0, v, u, sOff, z, zOff + t * zStride, len, c, cOff);
        }
    }

    @Override
    public void cobaLif(float[] de, int deOff, float[] di, int diOff, boolean split, float[] v, float[] ge, float[] gi,
            int sOff, float[] z, int zOff, int len, float[][] c, int cOff) {
        float[] aE = c[CobaLif.A_E], aI = c[CobaLif.A_I], aMem = c[CobaLif.A_MEM], gL = c[CobaLif.G_L], eRevI = c[CobaLif.E_REV_I], eRevE = c[CobaLif.E_REV_E], vRest = c[CobaLif.V_REST], vReset = c[CobaLif.V_RESET], vTh = c[CobaLif.V_TH];
        int cs = stride(c);
        for (int k = 0; k < len; k++) {
            int s = sOff + k, p = cOff + cs * k;
            float ge1 = ge[s], gi1 = gi[s];
            if (split) {
                ge1 = ge1 + relu(de[deOff + k]);
                gi1 = gi1 + relu(-de[deOff + k]);
            } else {
                if (de != null) {
                    ge1 = ge1 + de[deOff + k];
                }
                if (di != null) {
                    gi1 = gi1 + di[diOff + k];
                }
            }
            ge1 = ge1 + aE[p] * ge1;
            gi1 = gi1 + aI[p] * gi1;
            float vs = v[s];
            float v1 = vs + aMem[p] * ((gL[p] * (vRest[p] - vs) + ge1 * (eRevE[p] - vs)) + gi1 * (eRevI[p] - vs));
            float zk = heaviside(v1 - vTh[p]);
            v[s] = reset(zk, v1, vReset[p]);
            ge[s] = ge1;
            gi[s] = gi1;
            z[zOff + k] = zk;
        }
    }

    @Override
    public void lifMcRefrac(float[] x, int xOff, float[] r, int rOff, float[] cpl, int cplOff, float[] v, float[] i,
            float[] rho, int sOff, float[] z, int zOff, int len, float[][] c, int cOff, boolean maskSpikes) {
        float[] tauMem = c[LifMc.TAU_MEM], aSyn = c[LifMc.A_SYN], vLeak = c[LifMc.V_LEAK], vTh = c[LifMc.V_TH], vReset = c[LifMc.V_RESET], rhoReset = c[LifMc.RHO_RESET], fdt = c[LifMc.DT], cplScale = c[LifMc.COUPLING_SCALE];
        int cs = stride(c);
        for (int k = 0; k < len; k++) {
            int s = sOff + k, p = cOff + cs * k;
            float vs = v[s], is = i[s], rs = rho[s];
            float m = heaviside(rs);
            float dv = (((1f - m) * fdt[p]) * tauMem[p]) * ((vLeak[p] - vs) + is) + cplScale[p] * cpl[cplOff + k];
            float v1 = vs + dv;
            float i1 = is + aSyn[p] * is;
            float zk = heaviside(v1 - vTh[p]);
            if (maskSpikes) {
                zk = (1f - m) * zk;
            }
            v[s] = reset(zk, v1, vReset[p]);
            float i2 = i1 + x[xOff + k];
            i[s] = r == null ? i2 : i2 + r[rOff + k];
            rho[s] = (1f - zk) * relu(rs - m) + zk * rhoReset[p];
            z[zOff + k] = zk;
        }
    }

    @Override
    public void addScaled(float[] v, int vOff, float[] t, int tOff, float a, int len) {
        for (int k = 0; k < len; k++) {
            v[vOff + k] = v[vOff + k] + a * t[tOff + k];
        }
    }

    @Override
    public void divide(float[] v, int vOff, float d, int len) {
        for (int k = 0; k < len; k++) {
            v[vOff + k] = v[vOff + k] / d;
        }
    }

    @Override
    public void lifCurrentEncoder(float[] x, int xOff, float[] v, int sOff, float[] z, int zOff, int len, float[][] c,
            int cOff) {
        float[] aMem = c[LifBox.A_MEM], vLeak = c[LifBox.V_LEAK], vTh = c[LifBox.V_TH], vReset = c[LifBox.V_RESET];
        int cs = stride(c);
        for (int k = 0; k < len; k++) {
            int s = sOff + k, p = cOff + cs * k;
            float vs = v[s];
            float v1 = vs + aMem[p] * ((vLeak[p] - vs) + x[xOff + k]);
            float zk = heaviside(v1 - vTh[p]);
            v[s] = v1 - zk * (v1 - vReset[p]);
            z[zOff + k] = zk;
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Backward passes. The formulas follow the chain rule through the forward step written above each
    // kernel; the SIMD kernels repeat them operation for operation.

    static final float SQRT_PI = 1.7724539f;

    /** The surrogate gradient of the threshold for upstream gradient {@code g} at {@code x = v - v_th}. */
    static float surrogate(int method, float g, float x, float alpha) {
        switch (method) {
            case SURROGATE_SUPER: {
                float d = alpha * Math.abs(x) + 1f;
                return g / (d * d);
            }
            case SURROGATE_HEAVISIDE:
                return 0f;
            case SURROGATE_TRIANGLE:
                return (g * alpha) * relu(1f - Math.abs(x));
            case SURROGATE_TANH: {
                // |tanh(y)| = 1 - 2 / (exp(2|y|) + 1), rounded to float: it saturates to exactly 1 where torch's
                // float tanh does, so the surrogate is exactly 0 there, as in Norse
                float t = 1f - 2f / (exp(2f * Math.abs(alpha * x)) + 1f);
                return g * (1f - t * t);
            }
            case SURROGATE_CIRC: {
                float s = alpha * alpha + x * x;
                float r = (float) Math.sqrt(s);
                return (g * (1f / (2f * r) - (x * x) / (2f * (s * r)))) * (2f * alpha);
            }
            case SURROGATE_HEAVI_ERFC: {
                float ax = alpha * x;
                return ((g * 2f) * exp(-(ax * ax))) / SQRT_PI;
            }
            default:
                throw new IllegalArgumentException("unknown surrogate method code " + method);
        }
    }

    @Override
    public void surrogate(int method, float[] g, float[] x, float[] out, int len, float alpha) {
        for (int k = 0; k < len; k++) {
            out[k] = surrogate(method, g[k], x[k], alpha);
        }
    }

    /*
     * lif forward:  w = (v_leak - v) + i1;  v1 = v + a_mem*w;  i2 = i1 + a_syn*i1;
     *               z = H(v1 - v_th);  v2 = (1 - z)*v1 + z*v_reset
     */
    @Override
    public void lifBackward(float[][] rec, int recOff, float[] gOut, int gOutOff, float[] gv, float[] gi, int sOff,
            float[] gx, int gxOff, float[][] gc, int len, float[][] c, int cOff, int method, boolean detachReset) {
        float[] aMem = c[Lif.A_MEM], aSyn = c[Lif.A_SYN], vLeak = c[Lif.V_LEAK], vTh = c[Lif.V_TH], vReset = c[Lif.V_RESET], alpha = c[Lif.ALPHA];
        float[] rv = rec[0], ri = rec[1];
        int cs = stride(c);
        for (int k = 0; k < len; k++) {
            int s = sOff + k, p = cOff + cs * k, q = recOff + k;
            float v = rv[q], i1 = ri[q];
            float w = (vLeak[p] - v) + i1;
            float v1 = v + aMem[p] * w;
            float z = heaviside(v1 - vTh[p]);
            float gv2 = gv[s], gi2 = gi[s];
            float gz = gOut == null ? 0f : gOut[gOutOff + k];
            if (!detachReset) {
                gz = gz + gv2 * (vReset[p] - v1);
            }
            float sg = surrogate(method, gz, v1 - vTh[p], alpha[p]);
            float gv1 = gv2 * (1f - z) + sg;
            float gw = gv1 * aMem[p];
            float gi1 = (gi2 + gi2 * aSyn[p]) + gw;
            gv[s] = gv1 - gw;
            gi[s] = gi1;
            gx[gxOff + k] = gi1;
            if (gc != null) {
                gc[Lif.A_MEM][s] += gv1 * w;
                gc[Lif.A_SYN][s] += gi2 * i1;
                gc[Lif.V_LEAK][s] += gw;
                gc[Lif.V_TH][s] -= sg;
                gc[Lif.V_RESET][s] += gv2 * z;
            }
        }
    }

    /* li forward:  w = (v_leak - v) + i1;  v1 = v + a_mem*w (output and new v);  i2 = i1 + a_syn*i1 */
    @Override
    public void liBackward(float[][] rec, int recOff, float[] gOut, int gOutOff, float[] gv, float[] gi, int sOff,
            float[] gx, int gxOff, float[][] gc, int len, float[][] c, int cOff) {
        float[] aMem = c[Li.A_MEM], aSyn = c[Li.A_SYN], vLeak = c[Li.V_LEAK];
        float[] rv = rec[0], ri = rec[1];
        int cs = stride(c);
        for (int k = 0; k < len; k++) {
            int s = sOff + k, p = cOff + cs * k, q = recOff + k;
            float v = rv[q], i1 = ri[q];
            float w = (vLeak[p] - v) + i1;
            float gi2 = gi[s];
            float gv1 = gOut == null ? gv[s] : gv[s] + gOut[gOutOff + k];
            float gw = gv1 * aMem[p];
            float gi1 = (gi2 + gi2 * aSyn[p]) + gw;
            gv[s] = gv1 - gw;
            gi[s] = gi1;
            gx[gxOff + k] = gi1;
            if (gc != null) {
                gc[Li.A_MEM][s] += gv1 * w;
                gc[Li.A_SYN][s] += gi2 * i1;
                gc[Li.V_LEAK][s] += gw;
            }
        }
    }

    /*
     * lsnn forward:  w = (v_leak - v) + i;  v1 = v + a_mem*w;  i1 = i + a_syn*i;  u = v_th - b;
     *                b1 = b + a_ad*u;  z = H(v1 - b1);  v2 = (1 - z)*v1 + z*v_reset;  b2 = b1 + z*beta;
     *                i2 = i1 + x (+ r)
     */
    @Override
    public void lsnnBackward(float[][] rec, int recOff, float[] gOut, int gOutOff, float[] gv, float[] gi, float[] gb,
            int sOff, float[] gx, int gxOff, float[][] gc, int len, float[][] c, int cOff, int method,
            boolean detachReset) {
        float[] aMem = c[Lsnn.A_MEM], aSyn = c[Lsnn.A_SYN], aAd = c[Lsnn.A_ADAPT], vLeak = c[Lsnn.V_LEAK], vTh = c[Lsnn.V_TH], vReset = c[Lsnn.V_RESET], beta = c[Lsnn.BETA], alpha = c[Lsnn.ALPHA];
        float[] rv = rec[0], ri = rec[1], rb = rec[2];
        int cs = stride(c);
        for (int k = 0; k < len; k++) {
            int s = sOff + k, p = cOff + cs * k, q = recOff + k;
            float v = rv[q], i = ri[q], b = rb[q];
            float w = (vLeak[p] - v) + i;
            float v1 = v + aMem[p] * w;
            float u = vTh[p] - b;
            float b1 = b + aAd[p] * u;
            float z = heaviside(v1 - b1);
            float gv2 = gv[s], gi2 = gi[s], gb2 = gb[s];
            float gz = gOut == null ? 0f : gOut[gOutOff + k];
            if (!detachReset) {
                gz = (gz + gv2 * (vReset[p] - v1)) + gb2 * beta[p];
            }
            float sg = surrogate(method, gz, v1 - b1, alpha[p]);
            float gv1 = gv2 * (1f - z) + sg;
            float gb1 = gb2 - sg;
            float gw = gv1 * aMem[p];
            float gu = gb1 * aAd[p];
            gv[s] = gv1 - gw;
            gi[s] = (gi2 + gi2 * aSyn[p]) + gw;
            gb[s] = gb1 - gu;
            gx[gxOff + k] = gi2;
            if (gc != null) {
                gc[Lsnn.A_MEM][s] += gv1 * w;
                gc[Lsnn.A_SYN][s] += gi2 * i;
                gc[Lsnn.A_ADAPT][s] += gb1 * u;
                gc[Lsnn.V_LEAK][s] += gw;
                gc[Lsnn.V_TH][s] += gu;
                gc[Lsnn.V_RESET][s] += gv2 * z;
                gc[Lsnn.BETA][s] += gb2 * z;
            }
        }
    }
}
