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
    public void lifSteps(float[] x, int xOff, int xStride, float[] v, float[] i, int sOff, float[] z, int zOff, int zStride,
            int len, int steps, float[][] c, int cOff) {
        for (int t = 0; t < steps; t++) {
            lif(x, xOff + t * xStride, null, 0, v, i, sOff, z, zOff + t * zStride, len, c, cOff);
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

    @Override
    public void lifBox(float[] x, int xOff, float[] v, int sOff, float[] z, int zOff, int len, float[][] c, int cOff,
            boolean subtract) {
        float[] aMem = c[0], vLeak = c[1], vTh = c[2], vReset = c[3];
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
    public void liBox(float[] x, int xOff, float[] v, int sOff, float[] out, int outOff, int len, float[][] c, int cOff) {
        float[] aMem = c[0], vLeak = c[1];
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
    public void iaf(float[] x, int xOff, float[] v, int sOff, float[] z, int zOff, int len, float[][] c, int cOff) {
        float[] vTh = c[0], vReset = c[1];
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
    public void lsnn(float[] x, int xOff, float[] r, int rOff, float[] v, float[] i, float[] b, int sOff, float[] z, int zOff,
            int len, float[][] c, int cOff) {
        float[] aMem = c[0], aSyn = c[1], aAdapt = c[2], vLeak = c[3], vTh = c[4], vReset = c[5], beta = c[6];
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
    public void lifEx(float[] x, int xOff, float[] r, int rOff, float[] v, float[] i, int sOff, float[] z, int zOff, int len,
            float[][] c, int cOff) {
        float[] aMem = c[0], aSyn = c[1], vLeak = c[2], vTh = c[3], vReset = c[4], deltaT = c[5];
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
        float[] aMem = c[0], aSyn = c[1], vLeak = c[2], vTh = c[3], vReset = c[4], deltaT = c[5], aAda = c[6],
                adaCur = c[7], adaSpike = c[8];
        float[] rhoReset = rho == null ? null : c[9];
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
        float[] aMem = c[0], aSyn = c[1], vLeak = c[2], vTh = c[3], vReset = c[4], rhoReset = c[5];
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
    public void izhikevich(float[] x, int xOff, float[] r, int rOff, float[] v, float[] u, int sOff, float[] z, int zOff,
            int len, float[][] c, int cOff) {
        float[] kv = c[0], ku = c[1], sq = c[2], mn = c[3], bias = c[4], b = c[5], vTh = c[6], cReset = c[7], d = c[8];
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
    public void cobaLif(float[] de, int deOff, float[] di, int diOff, boolean split, float[] v, float[] ge, float[] gi,
            int sOff, float[] z, int zOff, int len, float[][] c, int cOff) {
        float[] aE = c[0], aI = c[1], aMem = c[2], gL = c[3], eRevI = c[4], eRevE = c[5], vRest = c[6], vReset = c[7],
                vTh = c[8];
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
        float[] tauMem = c[0], aSyn = c[1], vLeak = c[2], vTh = c[3], vReset = c[4], rhoReset = c[5], fdt = c[6],
                cplScale = c[7];
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
    public void lifCurrentEncoder(float[] x, int xOff, float[] v, int sOff, float[] z, int zOff, int len, float[][] c,
            int cOff) {
        float[] aMem = c[0], vLeak = c[1], vTh = c[2], vReset = c[3];
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
        float[] aMem = c[0], aSyn = c[1], vLeak = c[2], vTh = c[3], vReset = c[4], alpha = c[5];
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
                gc[0][s] += gv1 * w;
                gc[1][s] += gi2 * i1;
                gc[2][s] += gw;
                gc[3][s] -= sg;
                gc[4][s] += gv2 * z;
            }
        }
    }

    /* li forward:  w = (v_leak - v) + i1;  v1 = v + a_mem*w (output and new v);  i2 = i1 + a_syn*i1 */
    @Override
    public void liBackward(float[][] rec, int recOff, float[] gOut, int gOutOff, float[] gv, float[] gi, int sOff,
            float[] gx, int gxOff, float[][] gc, int len, float[][] c, int cOff) {
        float[] aMem = c[0], aSyn = c[1], vLeak = c[2];
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
                gc[0][s] += gv1 * w;
                gc[1][s] += gi2 * i1;
                gc[2][s] += gw;
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
        float[] aMem = c[0], aSyn = c[1], aAd = c[2], vLeak = c[3], vTh = c[4], vReset = c[5], beta = c[6], alpha = c[7];
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
                gc[0][s] += gv1 * w;
                gc[1][s] += gi2 * i;
                gc[2][s] += gb1 * u;
                gc[3][s] += gw;
                gc[4][s] += gu;
                gc[5][s] += gv2 * z;
                gc[6][s] += gb2 * z;
            }
        }
    }
}
