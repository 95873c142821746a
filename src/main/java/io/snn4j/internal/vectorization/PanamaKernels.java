package io.snn4j.internal.vectorization;

import static jdk.incubator.vector.FloatVector.fromArray;

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

import java.util.Arrays;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The SIMD kernels, written with {@code jdk.incubator.vector} on the platform's preferred float species.
 * Each loop runs to {@code loopBound} and hands the tail to the {@link ScalarKernels scalar twin}, so the
 * two give bit-identical results. No vector is kept in a field and nothing is allocated per call
 * (the JIT scalar-replaces the vector temporaries). Only loaded when the module is present; see
 * {@link KernelProvider}. Stateless and thread-safe.
 *
 * <p>Coefficients go through {@link #coef}: a broadcast when the arrays hold one shared value, a load
 * otherwise. The test is loop-invariant, so the JIT unswitches the loop and the shared case loads
 * nothing per iteration (measured: about 1.5x faster than loading per-neuron copies). The fused LIF
 * steps load both kinds ({@link #spread}), once per vector for a whole block of steps.
 *
 * <p>C2 inlines a helper of ours that takes or returns vectors (coef, leak, heaviside, ...) only while its
 * compilation has fewer than about 18,000 nodes (NodeCountInliningCutoff, counted with every branch the
 * profile has seen); past that the call stays a call and its vectors are boxed, allocated per call. The
 * Vector API's own methods are inlined past that budget (late, up to C2's larger limit of live nodes). So
 * the row and event sums call the API only, each loop of a multi-loop kernel is a method of its own that
 * takes arrays (never vectors), and a loop that keeps step helpers stays under the budget (lifSteps, the
 * largest, measured at 18,000 nodes in the whole suite with every helper inlined: at the edge, so keep it
 * from growing; scripts/jit-check lists any helper C2 left as a call). The allocation tests run in the
 * whole suite, whose profiles reach every branch.
 */
final class PanamaKernels implements Kernels {
    static final VectorSpecies<Float> SPECIES = species(System.getProperty(KernelProvider.VECTOR_BITS_PROPERTY, ""));
    private static final int L = SPECIES.length();
    private static final ScalarKernels TAIL = ScalarKernels.INSTANCE;

    /**
     * The float species for a requested vector size in bits ({@value KernelProvider#VECTOR_BITS_PROPERTY}):
     * 128, 256 or 512 if the hardware's preferred size is at least that large, so that the kernels for
     * narrower machines (AVX2, ARM NEON) can be tested on a wider one; otherwise the preferred species.
     */
    static VectorSpecies<Float> species(String bits) {
        VectorSpecies<Float> preferred = FloatVector.SPECIES_PREFERRED;
        if (bits == null || bits.isBlank()) {
            return preferred;
        }
        VectorSpecies<Float> s;
        switch (bits.trim()) {
            case "128":
                s = FloatVector.SPECIES_128;
                break;
            case "256":
                s = FloatVector.SPECIES_256;
                break;
            case "512":
                s = FloatVector.SPECIES_512;
                break;
            default:
                System.getLogger("io.snn4j").log(System.Logger.Level.WARNING, "snn4j: -D"
                        + KernelProvider.VECTOR_BITS_PROPERTY + "=" + bits + " is not 128, 256 or 512; using "
                        + preferred.vectorBitSize() + " bits");
                return preferred;
        }
        if (s.vectorBitSize() > preferred.vectorBitSize()) {
            System.getLogger("io.snn4j").log(System.Logger.Level.WARNING, "snn4j: this machine's vectors have "
                    + preferred.vectorBitSize() + " bits, fewer than the requested " + bits + "; using "
                    + preferred.vectorBitSize());
            return preferred;
        }
        return s;
    }

    /** Instantiated by {@link KernelProvider} only. */
    PanamaKernels() {
    }

    @Override
    public String name() {
        return "panama";
    }

    @Override
    public int lanes() {
        return L;
    }

    /** Coefficient vector at index {@code p}: broadcast of {@code a[0]} if {@code shared}, else a load. */
    private static FloatVector coef(float[] a, int p, boolean shared) {
        return shared ? FloatVector.broadcast(SPECIES, a[0]) : fromArray(SPECIES, a, p);
    }

    /** Whether the coefficient arrays hold one value shared by all neurons. */
    private static boolean shared(float[][] c) {
        return c[0].length == 1;
    }

    /** The coefficient offset for the scalar tail that starts at element {@code k}. */
    private static int tailOff(int cOff, int k, boolean shared) {
        return shared ? cOff : cOff + k;
    }

    /** The current jump in Norse's order: {@code (i + x) + r}, or {@code i + x} without a recurrent term. */
    private static FloatVector input(float[] i, int s, float[] x, int xk, float[] r, int rk) {
        FloatVector i1 = fromArray(SPECIES, i, s).add(fromArray(SPECIES, x, xk));
        return r == null ? i1 : i1.add(fromArray(SPECIES, r, rk));
    }

    /*
     * The constants 0 and 1 are created once per call and passed down rather than created in the loop.
     */

    /**
     * 1 where {@code v1 - th > 0} (false for NaN), else 0. Computed as {@code v1 > th}, one operation less
     * and the same for every pair of floats: without flush-to-zero, {@code a - b} is zero only if
     * {@code a == b}, rounding keeps its sign, and infinities and NaN compare alike both ways.
     */
    private static FloatVector heaviside(FloatVector v1, FloatVector th, FloatVector one) {
        // The blend's receiver is made here, not passed in: a zero made before a kernel's loop reaches an
        // on-stack-replacement compilation of the loop as a plain FloatVector, and with no type profile at
        // this call C2 left the blend a virtual call (boxing its vectors; scripts/jit-check). A constant
        // species' zero has its exact class, and C2 takes it out of the loop.
        return FloatVector.zero(SPECIES).blend(one, v1.compare(VectorOperators.GT, th));
    }

    /** {@code (1 - z) * v1 + z * reset}, as Norse writes the reset (so NaN and infinities propagate alike). */
    private static FloatVector reset(FloatVector z, FloatVector v1, FloatVector reset, FloatVector one) {
        return one.sub(z).mul(v1).add(z.mul(reset));
    }

    /**
     * {@link #reset} with {@code z} given as the mask where it is 1: {@code (1 - z) * v1} is {@code v1}
     * ({@code 1 * v1}) or {@code 0 * v1}, {@code z * target} is {@code 0 * target} or {@code target}, so the
     * bits are reset's for every float, while the spike test feeds two blends and an add instead of
     * blend, subtract, multiply, add: a shorter dependency chain, which is what bounds the fused multi-step
     * kernels (a loop-invariant {@code 0 * target} is hoisted by the JIT).
     */
    private static FloatVector reset(VectorMask<Float> z, FloatVector v1, FloatVector target, FloatVector zero) {
        return v1.blend(zero.mul(v1), z).add(zero.mul(target).blend(target, z));
    }

    /*
     * One step's equations, shared by each single-step kernel and its multi-step (register-blocked) form,
     * so that the two cannot drift apart: the multi-step loop is the single step with the state kept in
     * registers and the coefficients loaded once per vector of neurons.
     */

    /** The leaky membrane {@code v + a * ((v_leak - v) + i)} (LIF, LI, LI box, LSNN, refractory LIF). */
    private static FloatVector leak(FloatVector v, FloatVector i, FloatVector a, FloatVector vLeak) {
        return v.add(a.mul(vLeak.sub(v).add(i)));
    }

    /** The synaptic decay {@code i + a * i} with {@code a = -dt * tau_syn_inv}. */
    private static FloatVector decay(FloatVector i, FloatVector a) {
        return i.add(a.mul(i));
    }

    @Override
    public void lif(float[] x, int xOff, float[] r, int rOff, float[] v, float[] i, int sOff, float[] z, int zOff, int len,
            float[][] c, int cOff) {
        float[] aMem = c[Lif.A_MEM], aSyn = c[Lif.A_SYN], vLeak = c[Lif.V_LEAK], vTh = c[Lif.V_TH], vReset = c[Lif.V_RESET];
        boolean u = shared(c);
        FloatVector one = FloatVector.broadcast(SPECIES, 1f);
        int k = 0;
        for (int bound = SPECIES.loopBound(len); k < bound; k += L) {
            int s = sOff + k, p = cOff + k;
            FloatVector vs = fromArray(SPECIES, v, s);
            FloatVector i1 = input(i, s, x, xOff + k, r, rOff + k);
            FloatVector v1 = leak(vs, i1, coef(aMem, p, u), coef(vLeak, p, u));
            FloatVector zk = heaviside(v1, coef(vTh, p, u), one);
            reset(zk, v1, coef(vReset, p, u), one).intoArray(v, s);
            decay(i1, coef(aSyn, p, u)).intoArray(i, s);
            zk.intoArray(z, zOff + k);
        }
        if (k < len) {
            TAIL.lif(x, xOff + k, r, rOff + k, v, i, sOff + k, z, zOff + k, len - k, c, tailOff(cOff, k, u));
        }
    }

    @Override
    public void lifRecorded(float[] x, int xOff, float[] r, int rOff, float[] v, float[] i, int sOff, float[] z, int zOff,
            int len, float[][] c, int cOff, float[] recV, float[] recI, int recOff) {
        float[] aMem = c[Lif.A_MEM], aSyn = c[Lif.A_SYN], vLeak = c[Lif.V_LEAK], vTh = c[Lif.V_TH], vReset = c[Lif.V_RESET];
        boolean u = shared(c);
        FloatVector one = FloatVector.broadcast(SPECIES, 1f);
        int k = 0;
        for (int bound = SPECIES.loopBound(len); k < bound; k += L) {
            int s = sOff + k, p = cOff + k;
            FloatVector vs = fromArray(SPECIES, v, s);
            FloatVector i1 = input(i, s, x, xOff + k, r, rOff + k);
            vs.intoArray(recV, recOff + k);
            i1.intoArray(recI, recOff + k);
            FloatVector v1 = leak(vs, i1, coef(aMem, p, u), coef(vLeak, p, u));
            FloatVector zk = heaviside(v1, coef(vTh, p, u), one);
            reset(zk, v1, coef(vReset, p, u), one).intoArray(v, s);
            decay(i1, coef(aSyn, p, u)).intoArray(i, s);
            zk.intoArray(z, zOff + k);
        }
        if (k < len) {
            TAIL.lifRecorded(x, xOff + k, r, rOff + k, v, i, sOff + k, z, zOff + k, len - k, c, tailOff(cOff, k, u), recV,
                    recI, recOff + k);
        }
    }

    @Override
    public void lifSteps(float[] x, int xOff, int xStride, float[] v, float[] i, int sOff, float[] z, int zOff, int zStride,
            int len, int steps, float[][] c, int cOff) {
        // Register blocking over time: each vector of neurons goes through all the steps before the next,
        // so v and i are loaded and stored once per block of steps (measured: 4 steps per block streamed
        // about 1.25x faster than one step per pass). Blocks of up to four steps (the sequence modules')
        // take one vector at a time, longer ones two side by side (lifPairs); each is a method of its own.
        boolean u = shared(c);
        int bound = SPECIES.loopBound(len);
        if (bound > 0) {
            if (steps <= VECTOR_STEPS) {
                lifVectors(x, xOff, xStride, v, i, sOff, z, zOff, zStride, bound, steps, c, cOff, u);
            } else {
                lifPairs(x, xOff, xStride, v, i, sOff, z, zOff, zStride, bound, steps, c, cOff, u);
            }
        }
        if (bound < len) {
            TAIL.lifSteps(x, xOff + bound, xStride, v, i, sOff + bound, z, zOff + bound, zStride, len - bound, steps, c,
                    tailOff(cOff, bound, u));
        }
    }

    /**
     * {@link #lifSteps} over {@code len} neurons (a multiple of the lane count), two vectors side by side,
     * for long blocks on few neurons.
     */
    private static void lifPairs(float[] x, int xOff, int xStride, float[] v, float[] i, int sOff, float[] z,
            int zOff, int zStride, int len, int steps, float[][] c, int cOff, boolean u) {
        // Two vectors of neurons go through the steps side by side (two independent chains): one step of
        // one vector is a chain of about ten dependent operations, so a short range run for many steps at
        // once (the fused Linear -> LIF run: 64 neurons for a chunk's 32 steps) was latency-bound with one.
        // A last vector without a partner runs as a pair with itself (d = 0: both chains compute the same
        // values and store them to the same places), so one loop serves both: a separate single-vector loop,
        // in this method or in one of its own that C2 inlined here, ran past C2's node budget or was judged
        // cold (JDK 17: "already compiled into a medium method"), and its helpers' vectors were boxed.
        // Every coefficient is a load: shared ones (one value each) from a per-thread copy spread over two
        // vectors, at a fixed index (mask 0). With coef's broadcast-or-load branch for all ten, the loop had
        // 21,000 nodes once the test suite had run both kinds, past C2's budget of 18,000 after which the step
        // helpers below are no longer inlined.
        float[] cs = u ? spread(c) : null;
        float[] aMem = u ? cs : c[Lif.A_MEM], aSyn = u ? cs : c[Lif.A_SYN], vLeak = u ? cs : c[Lif.V_LEAK];
        float[] vTh = u ? cs : c[Lif.V_TH], vReset = u ? cs : c[Lif.V_RESET];
        int mask = u ? 0 : -1, bAm = u ? Lif.A_MEM * 2 * L : cOff, bAs = u ? Lif.A_SYN * 2 * L : cOff;
        int bVl = u ? Lif.V_LEAK * 2 * L : cOff, bTh = u ? Lif.V_TH * 2 * L : cOff, bVr = u ? Lif.V_RESET * 2 * L : cOff;
        FloatVector one = FloatVector.broadcast(SPECIES, 1f);
        for (int k = 0; k < len; k += 2 * L) {
            int d = len - k >= 2 * L ? L : 0;
            int s = sOff + k, p = k & mask;
            FloatVector v0 = fromArray(SPECIES, v, s), v1 = fromArray(SPECIES, v, s + d);
            FloatVector i0 = fromArray(SPECIES, i, s), i1 = fromArray(SPECIES, i, s + d);
            FloatVector am0 = fromArray(SPECIES, aMem, bAm + p), am1 = fromArray(SPECIES, aMem, bAm + p + d);
            FloatVector as0 = fromArray(SPECIES, aSyn, bAs + p), as1 = fromArray(SPECIES, aSyn, bAs + p + d);
            FloatVector vl0 = fromArray(SPECIES, vLeak, bVl + p), vl1 = fromArray(SPECIES, vLeak, bVl + p + d);
            FloatVector th0 = fromArray(SPECIES, vTh, bTh + p), th1 = fromArray(SPECIES, vTh, bTh + p + d);
            FloatVector vr0 = fromArray(SPECIES, vReset, bVr + p), vr1 = fromArray(SPECIES, vReset, bVr + p + d);
            for (int t = 0; t < steps; t++) {
                int xt = xOff + t * xStride + k, zt = zOff + t * zStride + k;
                FloatVector j0 = i0.add(fromArray(SPECIES, x, xt)), j1 = i1.add(fromArray(SPECIES, x, xt + d));
                FloatVector w0 = leak(v0, j0, am0, vl0), w1 = leak(v1, j1, am1, vl1);
                i0 = decay(j0, as0);
                i1 = decay(j1, as1);
                FloatVector z0 = heaviside(w0, th0, one), z1 = heaviside(w1, th1, one);
                v0 = reset(z0, w0, vr0, one);
                v1 = reset(z1, w1, vr1, one);
                z0.intoArray(z, zt);
                z1.intoArray(z, zt + d);
            }
            v0.intoArray(v, s);
            v1.intoArray(v, s + d);
            i0.intoArray(i, s);
            i1.intoArray(i, s + d);
        }
    }

    /** Blocks of at most this many steps go through {@link #lifVectors}, one vector of neurons at a time. */
    private static final int VECTOR_STEPS = 4;

    /**
     * {@link #lifSteps} over {@code len} neurons (a multiple of the lane count), one vector at a time through
     * the steps, for short blocks (the sequence modules hand over four steps).
     */
    private static void lifVectors(float[] x, int xOff, int xStride, float[] v, float[] i, int sOff, float[] z,
            int zOff, int zStride, int len, int steps, float[][] c, int cOff, boolean u) {
        float[] aMem = c[Lif.A_MEM], aSyn = c[Lif.A_SYN], vLeak = c[Lif.V_LEAK], vTh = c[Lif.V_TH];
        float[] vReset = c[Lif.V_RESET];
        FloatVector one = FloatVector.broadcast(SPECIES, 1f);
        for (int k = 0; k < len; k += L) {
            int s = sOff + k, p = cOff + k;
            FloatVector vs = fromArray(SPECIES, v, s), is = fromArray(SPECIES, i, s);
            FloatVector am = coef(aMem, p, u), as = coef(aSyn, p, u), vl = coef(vLeak, p, u), th = coef(vTh, p, u);
            FloatVector vr = coef(vReset, p, u);
            for (int t = 0; t < steps; t++) {
                FloatVector j = is.add(fromArray(SPECIES, x, xOff + t * xStride + k));
                FloatVector w = leak(vs, j, am, vl);
                is = decay(j, as);
                FloatVector zk = heaviside(w, th, one);
                vs = reset(zk, w, vr, one);
                zk.intoArray(z, zOff + t * zStride + k);
            }
            vs.intoArray(v, s);
            is.intoArray(i, s);
        }
    }

    /** Per thread: {@link #spread}'s copy of shared LIF coefficients. */
    private static final ThreadLocal<float[]> SPREAD = ThreadLocal.withInitial(() -> new float[Lif.COUNT * 2 * L]);

    /** The LIF coefficients {@code c} (one value each) spread over two vectors each, coefficient q from {@code q * 2L}. */
    private static float[] spread(float[][] c) {
        float[] cs = SPREAD.get();
        for (int q = 0; q < Lif.COUNT; q++) {
            Arrays.fill(cs, q * 2 * L, (q + 1) * 2 * L, c[q][0]);
        }
        return cs;
    }

    @Override
    public void li(float[] x, int xOff, float[] r, int rOff, float[] v, float[] i, int sOff, float[] out, int outOff, int len,
            float[][] c, int cOff) {
        float[] aMem = c[Li.A_MEM], aSyn = c[Li.A_SYN], vLeak = c[Li.V_LEAK];
        boolean u = shared(c);
        int k = 0;
        for (int bound = SPECIES.loopBound(len); k < bound; k += L) {
            int s = sOff + k, p = cOff + k;
            FloatVector i1 = input(i, s, x, xOff + k, r, rOff + k);
            FloatVector v1 = leak(fromArray(SPECIES, v, s), i1, coef(aMem, p, u), coef(vLeak, p, u));
            decay(i1, coef(aSyn, p, u)).intoArray(i, s);
            v1.intoArray(v, s);
            v1.intoArray(out, outOff + k);
        }
        if (k < len) {
            TAIL.li(x, xOff + k, r, rOff + k, v, i, sOff + k, out, outOff + k, len - k, c, tailOff(cOff, k, u));
        }
    }

    @Override
    public void liSteps(float[] x, int xOff, int xStride, float[] v, float[] i, int sOff, float[] out, int outOff,
            int outStride, int len, int steps, float[][] c, int cOff) {
        float[] aMem = c[Li.A_MEM], aSyn = c[Li.A_SYN], vLeak = c[Li.V_LEAK];
        boolean u = shared(c);
        int k = 0;
        for (int bound = SPECIES.loopBound(len); k < bound; k += L) {
            int s = sOff + k, p = cOff + k;
            FloatVector vs = fromArray(SPECIES, v, s), is = fromArray(SPECIES, i, s);
            FloatVector am = coef(aMem, p, u), as = coef(aSyn, p, u), vl = coef(vLeak, p, u);
            for (int t = 0; t < steps; t++) {
                FloatVector i1 = is.add(fromArray(SPECIES, x, xOff + t * xStride + k));
                vs = leak(vs, i1, am, vl);
                is = decay(i1, as);
                vs.intoArray(out, outOff + t * outStride + k);
            }
            vs.intoArray(v, s);
            is.intoArray(i, s);
        }
        if (k < len) {
            TAIL.liSteps(x, xOff + k, xStride, v, i, sOff + k, out, outOff + k, outStride, len - k, steps, c,
                    tailOff(cOff, k, u));
        }
    }

    /** Depth of one block of the product: the B panel of one column tile stays in L1 while all rows pass. */
    private static final int KC = 256;
    /** Rows of the narrow tiles of the one-vector columns; products of fewer rows stream B ({@link #streamRows}). */
    private static final int MR = 4;

    @Override
    public void gemm(float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float[] c, int cOff, int ldc, int m, int n,
            int k) {
        product(a, aOff, lda, b, bOff, ldb, null, c, cOff, ldc, m, n, k, false);
    }

    /**
     * Columns {@code [n1, n)} (fewer than a vector) of {@link #gemm} or {@link #gemmFma}: copied into a
     * zero-padded panel one vector wide, multiplied as full vectors, copied back. Each real lane is the
     * same sequential sum as the scalar twin's (measured: masked loads instead made the digits training,
     * where n = 10, 1.3x slower).
     */
    private static void lastColumns(float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float[] c, int cOff, int ldc,
            int m, int n, int k, int n1, boolean fma) {
        int w = n - n1;
        float[] bp = new float[k * L];
        for (int p = 0; p < k; p++) {
            System.arraycopy(b, bOff + p * ldb + n1, bp, p * L, w);
        }
        float[] cp = new float[m * L];
        if (fma) {
            fmaOneVectorColumns(a, aOff, lda, bp, 0, L, cp, 0, L, m, 0, k);
        } else {
            oneVectorColumns(a, aOff, lda, bp, 0, L, cp, 0, L, m, 0, k);
        }
        for (int row = 0; row < m; row++) {
            System.arraycopy(cp, row * L, c, cOff + row * ldc + n1, w);
        }
    }

    /** Columns of C that {@link #streamRows} keeps in L1 while the rows of B pass (8 KB). */
    private static final int STREAM_COLUMNS = 2048;

    /**
     * {@link #gemm} or {@link #gemmFma} for fewer rows than a register tile (one batch row, a single key's
     * step) and at least a vector of columns: with nothing to reuse B for, the column panels' strided walk down B (one or two cache lines
     * per 4 KB row) left the product latency-bound (1024 x 1024: about 0.5 ms). Here B is read row after
     * row, contiguously, four rows at a time, into a block of C's row that stays in L1; each element of C
     * is still the sum over p in ascending order, rounded after every step (or fused, for the fast mode),
     * the same operations as the register tiles and the scalar twin.
     */
    private static void streamRows(float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float[] c, int cOff,
            int ldc, int m, int n, int k, boolean fma) {
        int n1 = n - n % L;
        for (int row = 0; row < m; row++) {
            int aRow = aOff + row * lda, cRow = cOff + row * ldc;
            java.util.Arrays.fill(c, cRow, cRow + n, 0f);
            for (int j0 = 0; j0 < n1; j0 += STREAM_COLUMNS) {
                int j1 = Math.min(n1, j0 + STREAM_COLUMNS);
                int p = k - k % 4;
                fourRows(a, aRow, b, bOff, ldb, c, cRow, j0, j1, p, fma);
                for (; p < k; p++) {
                    oneRow(a[aRow + p], b, bOff + p * ldb, c, cRow, j0, j1, fma);
                }
            }
            // the last columns (fewer than a vector), lane by lane with the same operations
            for (int p = 0; p < k && n1 < n; p++) {
                float ap = a[aRow + p];
                int bp = bOff + p * ldb;
                for (int j = n1; j < n; j++) {
                    c[cRow + j] = fma ? Math.fma(ap, b[bp + j], c[cRow + j]) : c[cRow + j] + ap * b[bp + j];
                }
            }
        }
    }

    /**
     * Rows {@code [0, k4)} of B (k4 a multiple of 4) into {@code c[j0, j1)}, four at a time:
     * {@code c[j] = (((c[j] + a0 b0[j]) + a1 b1[j]) + a2 b2[j]) + a3 b3[j]}, each term rounded (exact) or
     * fused into the sum ({@code fma}); the mode test is loop-invariant, so C2 takes it out of the loop.
     */
    private static void fourRows(float[] a, int aRow, float[] b, int bOff, int ldb, float[] c, int cRow, int j0, int j1,
            int k4, boolean fma) {
        for (int p = 0; p < k4; p += 4) {
            int ap = aRow + p, b0 = bOff + p * ldb;
            FloatVector v0 = FloatVector.broadcast(SPECIES, a[ap]), v1 = FloatVector.broadcast(SPECIES, a[ap + 1]);
            FloatVector v2 = FloatVector.broadcast(SPECIES, a[ap + 2]), v3 = FloatVector.broadcast(SPECIES, a[ap + 3]);
            int b1 = b0 + ldb, b2 = b1 + ldb, b3 = b2 + ldb;
            for (int j = j0; j < j1; j += L) {
                FloatVector x = fromArray(SPECIES, c, cRow + j);
                if (fma) {
                    x = v3.fma(fromArray(SPECIES, b, b3 + j), v2.fma(fromArray(SPECIES, b, b2 + j), v1.fma(fromArray(SPECIES, b, b1 + j), v0.fma(fromArray(SPECIES, b, b0 + j), x))));
                } else {
                    x = x.add(v0.mul(fromArray(SPECIES, b, b0 + j))).add(v1.mul(fromArray(SPECIES, b, b1 + j))).add(v2.mul(fromArray(SPECIES, b, b2 + j)))
                            .add(v3.mul(fromArray(SPECIES, b, b3 + j)));
                }
                x.intoArray(c, cRow + j);
            }
        }
    }

    /** {@code c[j] += a b[j]} (or fused) for {@code j} in {@code [j0, j1)}. */
    private static void oneRow(float a, float[] b, int bp, float[] c, int cRow, int j0, int j1, boolean fma) {
        FloatVector v = FloatVector.broadcast(SPECIES, a);
        for (int j = j0; j < j1; j += L) {
            FloatVector x = fromArray(SPECIES, c, cRow + j);
            (fma ? v.fma(fromArray(SPECIES, b, bp + j), x) : x.add(v.mul(fromArray(SPECIES, b, bp + j)))).intoArray(c, cRow + j);
        }
    }

    /** Rows of the products' register tile (6 x 2 vectors: 12 accumulators, 2 B vectors, 1 broadcast). */
    private static final int TILE_ROWS = 6;

    @Override
    public void gemmFma(float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float[] c, int cOff, int ldc, int m,
            int n, int k) {
        product(a, aOff, lda, b, bOff, ldb, null, c, cOff, ldc, m, n, k, true);
    }

    @Override
    public void gemm(boolean fused, float[] a, int aOff, int lda, float[] b, int bOff, int ldb, PackedMatrix packed,
            float[] c, int cOff, int ldc, int m, int n, int k) {
        product(a, aOff, lda, b, bOff, ldb, packed != null && packed.fits(L, k, n) ? packed : null, c, cOff, ldc, m, n,
                k, fused);
    }

    @Override
    public PackedMatrix pack(float[] b, int bOff, int ldb, int k, int n) {
        int w2 = 2 * L, count = (n - n % w2) / w2, blocks = (k + KC - 1) / KC;
        float[][] panels = new float[count * blocks][];
        for (int q = 0; q < blocks; q++) {
            int p0 = q * KC, p1 = Math.min(k, p0 + KC);
            for (int j = 0; j < count; j++) {
                panels[j * blocks + q] = new float[(p1 - p0) * w2];
            }
            copyPanels(b, bOff, ldb, 0, count, p0, p1, w2, panels, q, blocks);
        }
        return new PackedMatrix(L, k, n, blocks, panels);
    }

    /**
     * Depth rows {@code [p0, p1)} of {@code count} consecutive column panels of B ({@code w2} floats wide,
     * the first at column {@code j0}) into {@code dst[first + q * stride]} for panel q (row p at
     * {@code (p - p0) * w2}): each row of B is read once, contiguously across the panels.
     */
    private static void copyPanels(float[] b, int bOff, int ldb, int j0, int count, int p0, int p1, int w2, float[][] dst,
            int first, int stride) {
        for (int p = p0; p < p1; p++) {
            int src = bOff + p * ldb + j0, at = (p - p0) * w2;
            for (int q = 0; q < count; q++) {
                System.arraycopy(b, src + q * w2, dst[first + q * stride], at, w2);
            }
        }
    }

    /**
     * {@link #gemm} ({@code fma} false: each term rounded, then added) or {@link #gemmFma}: each element of C
     * is the sum over p in ascending order, as the scalar twin's. One row, two or three: {@link #streamRows}.
     * Otherwise column panels two vectors wide; each depth block of a panel is a contiguous buffer (KC x 2L
     * floats, in L1) that register tiles of six rows stream through: taken from {@code packed} when given
     * ({@link #pack}), else copied out of B here, a group of panels at a time ({@link #panelGroup}); above
     * {@link #TALL_ROWS} rows, a chunk of {@link #NC} columns at a time with A in blocks of {@link #MC} rows.
     * The exact product
     * used to run four-row tiles over B in place: the same (6400 x 1024) x (1024 x 1024) took 218-245 ms
     * that way and 148 ms packed in six-row tiles (GemmBenchmark, one run each).
     */
    private static void product(float[] a, int aOff, int lda, float[] b, int bOff, int ldb, PackedMatrix packed,
            float[] c, int cOff, int ldc, int m, int n, int k, boolean fma) {
        if (k == 0) {
            for (int row = 0; row < m; row++) {
                java.util.Arrays.fill(c, cOff + row * ldc, cOff + row * ldc + n, 0f);
            }
            return;
        }
        if (m < MR && n >= L) {
            streamRows(a, aOff, lda, b, bOff, ldb, c, cOff, ldc, m, n, k, fma);
            return;
        }
        int w2 = 2 * L;
        int n2 = n - n % w2;
        int n1 = n - n % L;
        // Chunks of columns, each taken depth block by depth block (its panels copied out of B unless packed),
        // and within a depth block blocks of rows through every panel of the chunk. Up to TALL_ROWS rows: a
        // panel group and all rows as one block; above: NC columns and blocks of MC rows (A read once per
        // depth block, from L2 across the chunk's panels, instead of once per panel). Each element's sum over
        // p is the same either way.
        boolean tall = m > TALL_ROWS;
        int chunk = tall ? NC : (packed != null ? 1 : panelGroup(m, w2)) * w2, rowBlock = tall ? MC : m;
        // one array per panel of the chunk: the tiles index their panel from 0 (an offset into one shared
        // array made the tall (6400 x 1024) x (1024 x 1024) product 15-25 % slower, GemmBenchmark)
        float[][] pack = packed != null || n2 == 0 ? null : panels(Math.min(chunk, n2) / w2, Math.min(k, KC) * w2);
        for (int jc = 0; jc < n2; jc += chunk) {
            int count = (Math.min(n2, jc + chunk) - jc) / w2;
            for (int p0 = 0; p0 < k; p0 += KC) {
                int p1 = Math.min(k, p0 + KC), depth = p1 - p0;
                if (pack != null) {
                    copyPanels(b, bOff, ldb, jc, count, p0, p1, w2, pack, 0, 1);
                }
                for (int r0 = 0; r0 < m; r0 += rowBlock) {
                    int r1 = Math.min(m, r0 + rowBlock);
                    for (int q = 0; q < count; q++) {
                        int j = jc + q * w2;
                        float[] panel = packed != null ? packed.panels[(j / w2) * packed.blocks + p0 / KC] : pack[q];
                        rowTiles(a, aOff, lda, panel, c, cOff, ldc, j, r0, r1, p0, depth, fma);
                    }
                }
            }
        }
        if (n1 > n2) {
            if (fma) {
                fmaOneVectorColumns(a, aOff, lda, b, bOff, ldb, c, cOff, ldc, m, n2, k);
            } else {
                oneVectorColumns(a, aOff, lda, b, bOff, ldb, c, cOff, ldc, m, n2, k);
            }
        }
        if (n > n1) {
            lastColumns(a, aOff, lda, b, bOff, ldb, c, cOff, ldc, m, n, k, n1, fma);
        }
    }

    /**
     * Rows above which {@link #product} blocks A by rows as well: a depth block of A ({@code m x KC} floats) is
     * then more than 2 MB, which the panel-by-panel order read again from L3 or memory for every panel, with
     * A's rows 4 KB apart (GemmBenchmark's (6400 x 1024) x (1024 x 1024) on an AVX2 core: exact 552-559 ms
     * that way and 414-433 blocked by rows, fast 476-543 and 273-277). The tiles and each element's sum over
     * p are the same either way, so the bits are.
     */
    private static final int TALL_ROWS = 2048;
    /** Rows of A per row block of a product of more than {@link #TALL_ROWS} rows: 72 KB per depth block, kept in L2. */
    private static final int MC = 72;
    /**
     * Columns per chunk of a product of more than {@link #TALL_ROWS} rows: a depth block of the chunk's panels is
     * 1 MB (KC x 1024 floats), more than an AVX2 Zen 3 core's L2, so it comes from L3 once per row block.
     */
    private static final int NC = 1024;

    /** Rows {@code [r0, r1)} of C at columns {@code [j, j + 2L)} over one depth block: six-row tiles, then single rows. */
    private static void rowTiles(float[] a, int aOff, int lda, float[] panel, float[] c, int cOff, int ldc, int j, int r0,
            int r1, int p0, int depth, boolean fma) {
        int row = r0;
        for (; row + TILE_ROWS <= r1; row += TILE_ROWS) {
            tile6x2(a, aOff + row * lda + p0, lda, panel, c, cOff + row * ldc + j, ldc, p0 == 0, depth, fma);
        }
        for (; row < r1; row++) {
            tile1x2(a, aOff + row * lda + p0, panel, c, cOff + row * ldc + j, p0 == 0, depth, fma);
        }
    }

    /**
     * The calling thread's panel buffers, kept between products (a batched cell step calls one per step): a
     * panel group's (at most 16 panels, 256 KB), or after a product of more than {@link #TALL_ROWS} rows a
     * column chunk's ({@code NC / 2L} panels of {@code KC x 2L} floats, 1 MB at any width).
     */
    private static final ThreadLocal<float[][]> PANELS = new ThreadLocal<>();

    /** At least {@code count} panel buffers of at least {@code size} floats, from the calling thread's cache. */
    private static float[][] panels(int count, int size) {
        float[][] p = PANELS.get();
        if (p == null || p.length < count || p[0].length < size) {
            int c = Math.max(count, p == null ? 0 : p.length), z = Math.max(size, p == null ? 0 : p[0].length);
            p = new float[c][z];
            PANELS.set(p);
        }
        return p;
    }

    /**
     * Bytes of C that one depth block of a panel group updates: the group's C rows stay in L2 (1 MB on the
     * AVX-512 machine, 512 KB on the Zen 3).
     */
    private static final int GROUP_C_BYTES = 128 * 1024;
    /** The widest piece of a row of B that a panel group reads at once (8 panels of 2 x 16 floats). */
    private static final int MAX_GROUP_BYTES = 1024;

    /**
     * How many column panels ({@code w2} floats wide) are packed together per depth block: B's rows are
     * then read in pieces of {@code group * w2} floats instead of one panel's 128 bytes per 8 KB row (a
     * strided walk that left packing a third of a (128 x 4096) x (4096 x 2048) product), as long as the
     * group's block of C ({@code m} rows) stays in L2 between depth blocks; one panel from about 1,024 rows (16
     * lanes) or 2,048 (8 lanes). Not consulted above {@link #TALL_ROWS} rows.
     */
    static int panelGroup(int m, int w2) {
        int panelBytes = w2 * Float.BYTES;
        long byC = GROUP_C_BYTES / ((long) Math.max(1, m) * panelBytes);
        return (int) Math.max(1, Math.min(MAX_GROUP_BYTES / panelBytes, byC));
    }

    /** Accumulator start of a tile: zero for the first depth block, else the partial sum in C. */
    private static FloatVector start(float[] c, int at, boolean first) {
        return first ? FloatVector.zero(SPECIES) : fromArray(SPECIES, c, at);
    }

    /**
     * Six rows by two vectors of C over a packed depth block of {@code depth} rows of the panel. The two
     * modes differ in their update only, and each is a method of its own: with the mode tested per update
     * the fast product took 184 ms instead of 132 (GemmBenchmark, two forks each: C2 did not take the test
     * out); with both loops in one method, C2's parse of it had about 30,000 nodes, past its inlining budget
     * of 18,000, where it inlines the Vector API's methods late and some of their intrinsics can fail (see
     * {@link #rowEvents}). Each loop alone stays under it.
     */
    private static void tile6x2(float[] a, int a0, int lda, float[] panel, float[] c, int c0, int ldc, boolean first,
            int depth, boolean fma) {
        if (fma) {
            tile6x2Fma(a, a0, lda, panel, c, c0, ldc, first, depth);
        } else {
            tile6x2Exact(a, a0, lda, panel, c, c0, ldc, first, depth);
        }
    }

    /** {@link #tile6x2} in the fast mode: {@code c = fma(a, b, c)}. */
    private static void tile6x2Fma(float[] a, int a0, int lda, float[] panel, float[] c, int c0, int ldc, boolean first,
            int depth) {
        int a1 = a0 + lda, a2 = a1 + lda, a3 = a2 + lda, a4 = a3 + lda, a5 = a4 + lda;
        int c1 = c0 + ldc, c2 = c1 + ldc, c3 = c2 + ldc, c4 = c3 + ldc, c5 = c4 + ldc;
        FloatVector x00 = start(c, c0, first), x01 = start(c, c0 + L, first);
        FloatVector x10 = start(c, c1, first), x11 = start(c, c1 + L, first);
        FloatVector x20 = start(c, c2, first), x21 = start(c, c2 + L, first);
        FloatVector x30 = start(c, c3, first), x31 = start(c, c3 + L, first);
        FloatVector x40 = start(c, c4, first), x41 = start(c, c4 + L, first);
        FloatVector x50 = start(c, c5, first), x51 = start(c, c5 + L, first);
        for (int p = 0; p < depth; p++) {
            int bp = p * 2 * L;
            FloatVector b0 = fromArray(SPECIES, panel, bp);
            FloatVector b1 = fromArray(SPECIES, panel, bp + L);
            FloatVector v = FloatVector.broadcast(SPECIES, a[a0 + p]);
            x00 = v.fma(b0, x00);
            x01 = v.fma(b1, x01);
            v = FloatVector.broadcast(SPECIES, a[a1 + p]);
            x10 = v.fma(b0, x10);
            x11 = v.fma(b1, x11);
            v = FloatVector.broadcast(SPECIES, a[a2 + p]);
            x20 = v.fma(b0, x20);
            x21 = v.fma(b1, x21);
            v = FloatVector.broadcast(SPECIES, a[a3 + p]);
            x30 = v.fma(b0, x30);
            x31 = v.fma(b1, x31);
            v = FloatVector.broadcast(SPECIES, a[a4 + p]);
            x40 = v.fma(b0, x40);
            x41 = v.fma(b1, x41);
            v = FloatVector.broadcast(SPECIES, a[a5 + p]);
            x50 = v.fma(b0, x50);
            x51 = v.fma(b1, x51);
        }
        x00.intoArray(c, c0);
        x01.intoArray(c, c0 + L);
        x10.intoArray(c, c1);
        x11.intoArray(c, c1 + L);
        x20.intoArray(c, c2);
        x21.intoArray(c, c2 + L);
        x30.intoArray(c, c3);
        x31.intoArray(c, c3 + L);
        x40.intoArray(c, c4);
        x41.intoArray(c, c4 + L);
        x50.intoArray(c, c5);
        x51.intoArray(c, c5 + L);
    }

    /** {@link #tile6x2} in the exact mode: {@code c = c + a * b}, rounded twice as Norse's product is. */
    private static void tile6x2Exact(float[] a, int a0, int lda, float[] panel, float[] c, int c0, int ldc,
            boolean first, int depth) {
        int a1 = a0 + lda, a2 = a1 + lda, a3 = a2 + lda, a4 = a3 + lda, a5 = a4 + lda;
        int c1 = c0 + ldc, c2 = c1 + ldc, c3 = c2 + ldc, c4 = c3 + ldc, c5 = c4 + ldc;
        FloatVector x00 = start(c, c0, first), x01 = start(c, c0 + L, first);
        FloatVector x10 = start(c, c1, first), x11 = start(c, c1 + L, first);
        FloatVector x20 = start(c, c2, first), x21 = start(c, c2 + L, first);
        FloatVector x30 = start(c, c3, first), x31 = start(c, c3 + L, first);
        FloatVector x40 = start(c, c4, first), x41 = start(c, c4 + L, first);
        FloatVector x50 = start(c, c5, first), x51 = start(c, c5 + L, first);
        for (int p = 0; p < depth; p++) {
            int bp = p * 2 * L;
            FloatVector b0 = fromArray(SPECIES, panel, bp);
            FloatVector b1 = fromArray(SPECIES, panel, bp + L);
            FloatVector v = FloatVector.broadcast(SPECIES, a[a0 + p]);
            x00 = x00.add(v.mul(b0));
            x01 = x01.add(v.mul(b1));
            v = FloatVector.broadcast(SPECIES, a[a1 + p]);
            x10 = x10.add(v.mul(b0));
            x11 = x11.add(v.mul(b1));
            v = FloatVector.broadcast(SPECIES, a[a2 + p]);
            x20 = x20.add(v.mul(b0));
            x21 = x21.add(v.mul(b1));
            v = FloatVector.broadcast(SPECIES, a[a3 + p]);
            x30 = x30.add(v.mul(b0));
            x31 = x31.add(v.mul(b1));
            v = FloatVector.broadcast(SPECIES, a[a4 + p]);
            x40 = x40.add(v.mul(b0));
            x41 = x41.add(v.mul(b1));
            v = FloatVector.broadcast(SPECIES, a[a5 + p]);
            x50 = x50.add(v.mul(b0));
            x51 = x51.add(v.mul(b1));
        }
        x00.intoArray(c, c0);
        x01.intoArray(c, c0 + L);
        x10.intoArray(c, c1);
        x11.intoArray(c, c1 + L);
        x20.intoArray(c, c2);
        x21.intoArray(c, c2 + L);
        x30.intoArray(c, c3);
        x31.intoArray(c, c3 + L);
        x40.intoArray(c, c4);
        x41.intoArray(c, c4 + L);
        x50.intoArray(c, c5);
        x51.intoArray(c, c5 + L);
    }

    private static void tile1x2(float[] a, int a0, float[] panel, float[] c, int c0, boolean first, int depth, boolean fma) {
        FloatVector x0 = start(c, c0, first), x1 = start(c, c0 + L, first);
        for (int p = 0; p < depth; p++) {
            FloatVector v = FloatVector.broadcast(SPECIES, a[a0 + p]);
            FloatVector b0 = fromArray(SPECIES, panel, p * 2 * L);
            FloatVector b1 = fromArray(SPECIES, panel, p * 2 * L + L);
            x0 = fma ? v.fma(b0, x0) : x0.add(v.mul(b0));
            x1 = fma ? v.fma(b1, x1) : x1.add(v.mul(b1));
        }
        x0.intoArray(c, c0);
        x1.intoArray(c, c0 + L);
    }

    /** Columns {@code [j, j + L)} of every row of the fast product: four rows at a time, then one. */
    private static void fmaOneVectorColumns(float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float[] c,
            int cOff, int ldc, int m, int j, int k) {
        int row = 0;
        for (; row + MR <= m; row += MR) {
            int a0 = aOff + row * lda, a1 = a0 + lda, a2 = a1 + lda, a3 = a2 + lda, c0 = cOff + row * ldc + j;
            FloatVector x0 = FloatVector.zero(SPECIES), x1 = x0, x2 = x0, x3 = x0;
            for (int p = 0; p < k; p++) {
                FloatVector bv = fromArray(SPECIES, b, bOff + p * ldb + j);
                x0 = FloatVector.broadcast(SPECIES, a[a0 + p]).fma(bv, x0);
                x1 = FloatVector.broadcast(SPECIES, a[a1 + p]).fma(bv, x1);
                x2 = FloatVector.broadcast(SPECIES, a[a2 + p]).fma(bv, x2);
                x3 = FloatVector.broadcast(SPECIES, a[a3 + p]).fma(bv, x3);
            }
            x0.intoArray(c, c0);
            x1.intoArray(c, c0 + ldc);
            x2.intoArray(c, c0 + 2 * ldc);
            x3.intoArray(c, c0 + 3 * ldc);
        }
        for (; row < m; row++) {
            int a0 = aOff + row * lda;
            FloatVector x0 = FloatVector.zero(SPECIES);
            for (int p = 0; p < k; p++) {
                x0 = FloatVector.broadcast(SPECIES, a[a0 + p]).fma(fromArray(SPECIES, b, bOff + p * ldb + j), x0);
            }
            x0.intoArray(c, cOff + row * ldc + j);
        }
    }

    /** Columns {@code [j, j + L)} of every row: four rows at a time, then one. */
    private static void oneVectorColumns(float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float[] c, int cOff,
            int ldc, int m, int j, int k) {
        int row = 0;
        for (; row + MR <= m; row += MR) {
            tile4x1(a, aOff + row * lda, lda, b, bOff, ldb, c, cOff + row * ldc, ldc, j, k);
        }
        for (; row < m; row++) {
            tile1x1(a, aOff + row * lda, b, bOff, ldb, c, cOff + row * ldc, j, k);
        }
    }

    private static void tile4x1(float[] a, int a0, int lda, float[] b, int bOff, int ldb, float[] c, int c0, int ldc, int j,
            int k) {
        int a1 = a0 + lda, a2 = a1 + lda, a3 = a2 + lda;
        FloatVector x0 = FloatVector.zero(SPECIES), x1 = x0, x2 = x0, x3 = x0;
        for (int p = 0; p < k; p++) {
            FloatVector bv = fromArray(SPECIES, b, bOff + p * ldb + j);
            x0 = x0.add(FloatVector.broadcast(SPECIES, a[a0 + p]).mul(bv));
            x1 = x1.add(FloatVector.broadcast(SPECIES, a[a1 + p]).mul(bv));
            x2 = x2.add(FloatVector.broadcast(SPECIES, a[a2 + p]).mul(bv));
            x3 = x3.add(FloatVector.broadcast(SPECIES, a[a3 + p]).mul(bv));
        }
        x0.intoArray(c, c0 + j);
        x1.intoArray(c, c0 + ldc + j);
        x2.intoArray(c, c0 + 2 * ldc + j);
        x3.intoArray(c, c0 + 3 * ldc + j);
    }

    private static void tile1x1(float[] a, int a0, float[] b, int bOff, int ldb, float[] c, int c0, int j, int k) {
        FloatVector x0 = FloatVector.zero(SPECIES);
        for (int p = 0; p < k; p++) {
            x0 = x0.add(FloatVector.broadcast(SPECIES, a[a0 + p]).mul(fromArray(SPECIES, b, bOff + p * ldb + j)));
        }
        x0.intoArray(c, c0 + j);
    }

    /**
     * {@link #sumRows} goes by column blocks for matrices of at most this many floats (8 MB) and at most
     * {@link #COLUMN_BLOCKS_MAX_ROWS} rows, else by groups of rows. Measured in a harness (two sums, the rows
     * drawn anew for each call): by column blocks 1.08-1.35x faster for 25-51 rows of matrices of 512 x 512
     * and 1,024 x 1,024 (in cache), 0.67-0.95x for 1,536 x 1,536, 2,048 x 2,048, 4,096 x 1,024 and
     * 1,000 x 10,000 (their rows come from memory, where the groups' few long streams are what the
     * prefetchers follow).
     */
    private static final int COLUMN_BLOCKS_MAX = 1 << 21;

    /**
     * At most this many rows by column blocks: a block reads 512 bytes of every row, 48 KB for 96 rows (this
     * machine's L1). Measured for 1,024 x 1,024: 1.04-1.11x faster for 25-200 rows with the rows 1,040 floats
     * apart (the module's layout), 0.88x for 500; with rows 4 KB apart equal up to 51 rows, 0.82-0.89x for
     * 100-200.
     */
    private static final int COLUMN_BLOCKS_MAX_ROWS = 96;

    @Override
    public void sumRows(int[] rows, int count, float[] w, int wOff, int ldw, float[] out, int outOff, int n) {
        // Two traversals, one order of addition (each column its rows' sum in ascending order from +0):
        // - by column blocks (a cached matrix, not too many rows): a block of eight vectors of columns sums every row in
        //   registers and is stored once, so the output is never loaded and each row gives the block 512
        //   contiguous bytes; a recurrent cell's step (51 rows of 1,024 floats twice): 1.2x faster than by
        //   groups (CellStepPartsBenchmark); with blocks of four vectors no faster than the groups;
        // - by groups of rows (a larger matrix, or many rows): eight rows at a time over whole rows, each output vector
        //   loaded and stored once per group, a few long sequential streams.
        int nv = n - n % L;
        if (w.length <= COLUMN_BLOCKS_MAX && count <= COLUMN_BLOCKS_MAX_ROWS) {
            int nb = nv - nv % (8 * L);
            rowBlocks(rows, count, w, wOff, ldw, out, outOff, nb);
            for (int j = nb; j < nv; j += L) { // the columns left over, one vector at a time
                FloatVector a0 = FloatVector.zero(SPECIES);
                for (int e = 0; e < count; e++) {
                    a0 = a0.add(fromArray(SPECIES, w, wOff + rows[e] * ldw + j));
                }
                a0.intoArray(out, outOff + j);
            }
        } else {
            plainRows(rows, count, w, wOff, ldw, out, outOff, nv);
        }
        if (nv < n) {
            ScalarKernels.sumRowsColumns(rows, count, w, wOff, ldw, out, outOff, nv, n);
        }
    }

    /** {@link #sumRows} of the columns {@code [0, nb)}, {@code nb} a multiple of eight vectors. */
    private static void rowBlocks(int[] rows, int count, float[] w, int wOff, int ldw, float[] out, int outOff, int nb) {
        // Only the Vector API's own calls in here, as in plainRows.
        for (int j = 0; j < nb; j += 8 * L) {
            FloatVector a0 = FloatVector.zero(SPECIES), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
            for (int e = 0; e < count; e++) {
                int p = wOff + rows[e] * ldw + j;
                a0 = a0.add(fromArray(SPECIES, w, p));
                a1 = a1.add(fromArray(SPECIES, w, p + L));
                a2 = a2.add(fromArray(SPECIES, w, p + 2 * L));
                a3 = a3.add(fromArray(SPECIES, w, p + 3 * L));
                a4 = a4.add(fromArray(SPECIES, w, p + 4 * L));
                a5 = a5.add(fromArray(SPECIES, w, p + 5 * L));
                a6 = a6.add(fromArray(SPECIES, w, p + 6 * L));
                a7 = a7.add(fromArray(SPECIES, w, p + 7 * L));
            }
            int o = outOff + j;
            a0.intoArray(out, o);
            a1.intoArray(out, o + L);
            a2.intoArray(out, o + 2 * L);
            a3.intoArray(out, o + 3 * L);
            a4.intoArray(out, o + 4 * L);
            a5.intoArray(out, o + 5 * L);
            a6.intoArray(out, o + 6 * L);
            a7.intoArray(out, o + 7 * L);
        }
    }

    private static void plainRows(int[] rows, int count, float[] w, int wOff, int ldw, float[] out, int outOff, int nv) {
        // Only the Vector API's own calls in here: with a load helper of our own, C2 ran out of its node budget
        // (NodeCountInliningCutoff) in the whole test suite, left the later loads as calls and boxed their
        // vectors (5 KB per cell step in RecurrentCellBuffersTest); the API's methods are inlined past that
        // budget (they are force-inlined, late). The first eight rows start from a zero register instead of a
        // zeroed output (no zeroing pass, and the first group loads no output): 4-5 % faster for 40 to 63 rows
        // of 1,024 floats (each count, harness, same bits). Two things that did not pay: the first count % 8
        // (or 8) rows by a loop over them inside the column loop (5 % slower on average), and a group of two
        // before the single rows (1.4-2.2x slower for counts that used it; most likely C2 no longer kept this
        // larger method's vectors in registers; not checked).
        int e = 0;
        if (count >= 8) {
            int w0 = wOff + rows[0] * ldw, w1 = wOff + rows[1] * ldw, w2 = wOff + rows[2] * ldw;
            int w3 = wOff + rows[3] * ldw, w4 = wOff + rows[4] * ldw, w5 = wOff + rows[5] * ldw;
            int w6 = wOff + rows[6] * ldw, w7 = wOff + rows[7] * ldw;
            for (int j = 0; j < nv; j += L) {
                FloatVector.zero(SPECIES).add(fromArray(SPECIES, w, w0 + j)).add(fromArray(SPECIES, w, w1 + j)).add(fromArray(SPECIES, w, w2 + j)).add(fromArray(SPECIES, w, w3 + j))
                        .add(fromArray(SPECIES, w, w4 + j)).add(fromArray(SPECIES, w, w5 + j)).add(fromArray(SPECIES, w, w6 + j)).add(fromArray(SPECIES, w, w7 + j))
                        .intoArray(out, outOff + j);
            }
            e = 8;
        } else {
            for (int j = 0; j < nv; j += L) {
                FloatVector.zero(SPECIES).intoArray(out, outOff + j);
            }
        }
        for (; e + 8 <= count; e += 8) {
            int w0 = wOff + rows[e] * ldw, w1 = wOff + rows[e + 1] * ldw, w2 = wOff + rows[e + 2] * ldw;
            int w3 = wOff + rows[e + 3] * ldw, w4 = wOff + rows[e + 4] * ldw, w5 = wOff + rows[e + 5] * ldw;
            int w6 = wOff + rows[e + 6] * ldw, w7 = wOff + rows[e + 7] * ldw;
            for (int j = 0; j < nv; j += L) {
                fromArray(SPECIES, out, outOff + j).add(fromArray(SPECIES, w, w0 + j)).add(fromArray(SPECIES, w, w1 + j)).add(fromArray(SPECIES, w, w2 + j)).add(fromArray(SPECIES, w, w3 + j))
                        .add(fromArray(SPECIES, w, w4 + j)).add(fromArray(SPECIES, w, w5 + j)).add(fromArray(SPECIES, w, w6 + j)).add(fromArray(SPECIES, w, w7 + j))
                        .intoArray(out, outOff + j);
            }
        }
        if (e + 4 <= count) {
            int w0 = wOff + rows[e] * ldw, w1 = wOff + rows[e + 1] * ldw, w2 = wOff + rows[e + 2] * ldw;
            int w3 = wOff + rows[e + 3] * ldw;
            for (int j = 0; j < nv; j += L) {
                fromArray(SPECIES, out, outOff + j).add(fromArray(SPECIES, w, w0 + j)).add(fromArray(SPECIES, w, w1 + j)).add(fromArray(SPECIES, w, w2 + j)).add(fromArray(SPECIES, w, w3 + j))
                        .intoArray(out, outOff + j);
            }
            e += 4;
        }
        for (; e < count; e++) {
            int w0 = wOff + rows[e] * ldw;
            for (int j = 0; j < nv; j += L) {
                fromArray(SPECIES, out, outOff + j).add(fromArray(SPECIES, w, w0 + j)).intoArray(out, outOff + j);
            }
        }
    }

    @Override
    public void scatterColumns(int[] idx, float[] val, int e0, int e1, int[] ptr, int stride, int off, int[] rows,
            float[] w, float[] out, int outOff) {
        // Scalar on purpose: the Vector API's gather and scatter through an index map (fromArray/intoArray with
        // int[] indexMap) ran 10-800x slower than this loop in SparseScatterBenchmark on JDK 25 / AVX-512
        // (not intrinsified for this shape; the fallback allocates per vector).
        TAIL.scatterColumns(idx, val, e0, e1, ptr, stride, off, rows, w, out, outOff);
    }

    @Override
    public void scatterColumnsUniform(int[] idx, float[] val, int e0, int e1, int[] ptr, int stride, int off, int[] rows,
            float[] colW, float[] out, int outOff) {
        TAIL.scatterColumnsUniform(idx, val, e0, e1, ptr, stride, off, rows, colW, out, outOff); // as scatterColumns
    }

    @Override
    public void scatterColumnsDelayed(int[] idx, float[] val, int e0, int e1, int[] ptr, int stride, int off, int[] rows,
            float[] w, int[] delays, float[] out, int outOff, int slotStride, int head, int slots) {
        TAIL.scatterColumnsDelayed(idx, val, e0, e1, ptr, stride, off, rows, w, delays, out, outOff,
                slotStride, head, slots);
    }

    @Override
    public void sumEvents(int[] idx, float[] val, int e0, int e1, float[] w, int wOff, int ldw, float[] out, int outOff, int n) {
        // Events stream through in groups of four: each output vector is loaded and stored once per group
        // and the four additions stay in ascending order (measured for plain rows: about 1.5x faster than
        // one row at a time, and faster than keeping a column block in registers across all rows). Plain
        // and scaled events are separate methods: each stays small enough for C2 to inline every vector
        // operation (a larger loop nest had its vector temporaries boxed, allocating per event).
        int nv = n - n % L;
        if (val == null) {
            plainEvents(idx, e0, e1, w, wOff, ldw, out, outOff, nv);
        } else {
            scaledEvents(idx, val, e0, e1, w, wOff, ldw, out, outOff, nv);
        }
        if (nv < n) {
            ScalarKernels.sumEventsColumns(idx, val, e0, e1, w, wOff, ldw, out, outOff, nv, n);
        }
    }

    private static void plainEvents(int[] idx, int e0, int e1, float[] w, int wOff, int ldw, float[] out, int outOff,
            int nv) {
        for (int j = 0; j < nv; j += L) {
            FloatVector.zero(SPECIES).intoArray(out, outOff + j);
        }
        int e = e0;
        for (; e + 4 <= e1; e += 4) {
            int w0 = wOff + idx[e] * ldw, w1 = wOff + idx[e + 1] * ldw, w2 = wOff + idx[e + 2] * ldw;
            int w3 = wOff + idx[e + 3] * ldw;
            for (int j = 0; j < nv; j += L) {
                fromArray(SPECIES, out, outOff + j).add(fromArray(SPECIES, w, w0 + j)).add(fromArray(SPECIES, w, w1 + j)).add(fromArray(SPECIES, w, w2 + j))
                        .add(fromArray(SPECIES, w, w3 + j)).intoArray(out, outOff + j);
            }
        }
        for (; e < e1; e++) {
            int w0 = wOff + idx[e] * ldw;
            for (int j = 0; j < nv; j += L) {
                fromArray(SPECIES, out, outOff + j).add(fromArray(SPECIES, w, w0 + j)).intoArray(out, outOff + j);
            }
        }
    }

    private static void scaledEvents(int[] idx, float[] val, int e0, int e1, float[] w, int wOff, int ldw, float[] out,
            int outOff, int nv) {
        for (int j = 0; j < nv; j += L) {
            FloatVector.zero(SPECIES).intoArray(out, outOff + j);
        }
        int e = e0;
        for (; e + 4 <= e1; e += 4) {
            int w0 = wOff + idx[e] * ldw, w1 = wOff + idx[e + 1] * ldw, w2 = wOff + idx[e + 2] * ldw;
            int w3 = wOff + idx[e + 3] * ldw;
            FloatVector v0 = FloatVector.broadcast(SPECIES, val[e]), v1 = FloatVector.broadcast(SPECIES, val[e + 1]);
            FloatVector v2 = FloatVector.broadcast(SPECIES, val[e + 2]), v3 = FloatVector.broadcast(SPECIES, val[e + 3]);
            for (int j = 0; j < nv; j += L) {
                fromArray(SPECIES, out, outOff + j).add(fromArray(SPECIES, w, w0 + j).mul(v0)).add(fromArray(SPECIES, w, w1 + j).mul(v1))
                        .add(fromArray(SPECIES, w, w2 + j).mul(v2)).add(fromArray(SPECIES, w, w3 + j).mul(v3)).intoArray(out, outOff + j);
            }
        }
        for (; e < e1; e++) {
            int w0 = wOff + idx[e] * ldw;
            FloatVector v0 = FloatVector.broadcast(SPECIES, val[e]);
            for (int j = 0; j < nv; j += L) {
                fromArray(SPECIES, out, outOff + j).add(fromArray(SPECIES, w, w0 + j).mul(v0)).intoArray(out, outOff + j);
            }
        }
    }

    @Override
    public int nonzeros(float[] x, int off, int len, int[] idx, int at, int limit) {
        // One compare per vector; a vector with a nonzero lane lists them from the mask's bits (as
        // spikeIndices does), or on JDK 17, where VectorMask.toLong is no intrinsic and would allocate, lane by
        // lane after anyTrue. NE is Java's !=: true for NaN, false for -0.
        int c = 0, k = 0;
        for (int bound = SPECIES.loopBound(len); k < bound; k += L) {
            VectorMask<Float> nz = fromArray(SPECIES, x, off + k).compare(VectorOperators.NE, 0f);
            if (MASK_BITS) {
                for (long bits = nz.toLong(); bits != 0; bits &= bits - 1) {
                    if (c == limit) {
                        return -1;
                    }
                    idx[at + c++] = k + Long.numberOfTrailingZeros(bits);
                }
            } else if (nz.anyTrue()) {
                for (int j = k; j < k + L; j++) {
                    if (x[off + j] != 0f) {
                        if (c == limit) {
                            return -1;
                        }
                        idx[at + c++] = j;
                    }
                }
            }
        }
        for (; k < len; k++) {
            if (x[off + k] != 0f) {
                if (c == limit) {
                    return -1;
                }
                idx[at + c++] = k;
            }
        }
        return c;
    }

    /**
     * Whether a mask's lanes are read through its bits ({@link VectorMask#toLong}): an intrinsic on the JDKs
     * since 21 (measured: a spike list of 1,024 neurons at 5 % in a third of the time of a loop over the lanes
     * of each vector with a spike), not on JDK 17, where it allocates. A constant, so the JIT keeps one branch.
     */
    private static final boolean MASK_BITS = Runtime.version().feature() >= 21 && L <= 64;

    @Override
    public int spikeIndices(float[] z, int off, int len, int[] idx) {
        // One compare per vector; a vector with a nonzero lane is checked for values other than 1 with a
        // second compare, then its ones are listed from the mask's bits (or, on JDK 17, lane by lane).
        int c = 0, k = 0;
        for (int bound = SPECIES.loopBound(len); k < bound; k += L) {
            FloatVector v = fromArray(SPECIES, z, off + k);
            VectorMask<Float> nz = v.compare(VectorOperators.NE, 0f);
            if (MASK_BITS) {
                long bits = nz.toLong();
                if (bits != 0) {
                    if ((v.compare(VectorOperators.NE, 1f).toLong() & bits) != 0) {
                        return -1;
                    }
                    do {
                        idx[c++] = k + Long.numberOfTrailingZeros(bits);
                        bits &= bits - 1;
                    } while (bits != 0);
                }
            } else if (nz.anyTrue()) {
                if (v.compare(VectorOperators.NE, 1f).and(nz).anyTrue()) {
                    return -1;
                }
                for (int j = k; j < k + L; j++) {
                    if (z[off + j] != 0f) {
                        idx[c++] = j;
                    }
                }
            }
        }
        return k < len ? ScalarKernels.spikeIndicesFrom(z, off, k, len, idx, c) : c;
    }

    /**
     * Columns per panel of {@link #sumEventRows}: eight vectors (128 columns at 16 lanes), one output row's sums
     * in registers. An event then reads 512 contiguous bytes of its block. Measured on Norse's workload at
     * n = 5000 (the same process, the two versions' classes side by side, alternating): 1.2-1.3x faster than
     * panels of four vectors taken by pairs of rows (whose shorter row read a zero row to keep in step with
     * the longer). In a harness of the sweep alone, two rows by eight vectors ran no faster than one.
     */
    private static final int PANEL = 8 * L;

    /** Rows of W^T per depth block of {@link #sumEventRows} ({@link EventBlocks#DEPTH}: 512 KB of a panel at 16 lanes). */
    private static final int DEPTH = EventBlocks.DEPTH;

    @Override
    public int eventPackFloats(int kRows) {
        return Math.multiplyExact(Math.min(kRows, DEPTH), PANEL);
    }

    @Override
    public void sumEventRows(int[] rowStart, int[] idx, float[] val, int[] rows, int count, float[] w, int ldw, int kRows,
            int j0, int j1, float[] out, int outOff, int ldo, float[] pack, EventPanels panels, int[] blocks) {
        // Panels of eight vectors: a depth block of the panel's columns of w (DEPTH rows, 512 KB at 16 lanes) is
        // copied into pack (or read where it lies in the EventPanels layout, when one is given and fits: no
        // copy per call), then every output row goes through it: eight sums in registers, one event per
        // round, the eight loads of an event from one contiguous 512-byte row of the block. Each column is its
        // events' sequential sum, as in sumEvents. The rows' events per block come from the EventBlocks table. A
        // row's partial sums are stored at the end of a block and loaded at the next (the same sequential
        // sums). The last panel of a range that is not a multiple of eight vectors is zero-padded in pack and
        // summed into a scratch of whole panels whose real lanes are copied out (no masks in the hot loop:
        // masked loads and stores merged into its vector values made C2 box them); the scratch is the calling
        // thread's, kept between calls (a fused run's every chunk has such a panel when n is not a multiple of
        // 128). Every row's sums of that panel are written (from +0 in the first block) before they are read.
        int nb = EventBlocks.blocks(kRows), st = nb + 1;
        int[] tb = blocks != null ? blocks : EventBlocks.of(rowStart, idx, rows, count, kRows);
        boolean packed = panels != null && panels.fits(L, kRows, j1) && j0 % PANEL == 0;
        for (int j = j0; j < j1; j += PANEL) {
            int width = Math.min(PANEL, j1 - j);
            boolean whole = width == PANEL;
            float[] dst = whole ? out : narrowScratch(count * PANEL);
            int o = whole ? outOff + (j - j0) : 0, ld = whole ? ldo : PANEL;
            for (int b = 0; b < nb; b++) {
                int k0 = b * DEPTH, k1 = Math.min(kRows, k0 + DEPTH);
                // row k of the block at src[at + (k - k0) * PANEL]
                float[] src = packed ? panels.data : copyBlock(w, ldw, j, width, k0, k1, pack);
                int base = (packed ? panels.offset(j / PANEL, b) : 0) - k0 * PANEL;
                boolean resume = b > 0;
                for (int q = 0; q < count; q++) {
                    rowEvents(idx, val, tb, q * st + b, base, resume, src, dst, o + q * ld);
                }
            }
            if (!whole) {
                for (int q = 0; q < count; q++) {
                    System.arraycopy(dst, q * PANEL, out, outOff + q * ldo + (j - j0), width);
                }
            }
        }
    }

    /** The calling thread's scratch for the narrow last panel of {@link #sumEventRows}, kept between calls. */
    private static final ThreadLocal<float[]> NARROW = new ThreadLocal<>();

    /** At least {@code size} floats from the calling thread's narrow-panel scratch (its contents are stale). */
    private static float[] narrowScratch(int size) {
        float[] p = NARROW.get();
        if (p == null || p.length < size) {
            p = new float[size];
            NARROW.set(p);
        }
        return p;
    }

    /**
     * Rows {@code [k0, k1)} of the {@code width} columns of {@code w} from column j into {@code pack} (row k at
     * {@code (k - k0) * PANEL}, zero past {@code width}); returns {@code pack}.
     */
    private static float[] copyBlock(float[] w, int ldw, int j, int width, int k0, int k1, float[] pack) {
        copyBlock(w, ldw, j, width, k0, k1, pack, 0);
        return pack;
    }

    /** {@link #copyBlock(float[], int, int, int, int, int, float[])} to {@code pack[at ..]}. */
    private static void copyBlock(float[] w, int ldw, int j, int width, int k0, int k1, float[] pack, int at) {
        for (int k = k0; k < k1; k++) {
            int p = at + (k - k0) * PANEL;
            System.arraycopy(w, k * ldw + j, pack, p, width);
            if (width < PANEL) {
                Arrays.fill(pack, p + width, p + PANEL, 0f);
            }
        }
    }

    @Override
    public EventPanels packEvents(float[] w, int ldw, int kRows, int n) {
        int nb = EventBlocks.blocks(kRows), count = (n + PANEL - 1) / PANEL;
        long floats = EventPanels.FIRST + (long) count * kRows * PANEL;
        if (floats > Integer.MAX_VALUE - 64) {
            return null; // beyond one array: the blocks are copied per call
        }
        EventPanels panels = new EventPanels(L, kRows, n, PANEL, DEPTH, new float[(int) floats]);
        for (int jp = 0; jp < count; jp++) {
            int j = jp * PANEL, width = Math.min(PANEL, n - j);
            for (int b = 0; b < nb; b++) {
                int k0 = b * DEPTH, k1 = Math.min(kRows, k0 + DEPTH);
                copyBlock(w, ldw, j, width, k0, k1, panels.data, panels.offset(jp, b));
            }
        }
        return panels;
    }

    /**
     * One output row of a depth block: its events are {@code [tb[t], tb[t + 1])} of {@code idx}, each a row of
     * the block at {@code pack[base + idx * PANEL ..]}, scaled by its value unless {@code val} is null (rounded
     * before it is added); the sums go to {@code out[o .. o + PANEL)}, added to what is there when
     * {@code resume}. Plain and scaled events are methods of their own: in one method, with both loops live
     * (as in a JVM that has run both kinds), C2's parse of it passed its inlining budget of 18,000 nodes
     * (18,016 and 22,709 in two compilations), and past that budget C2 inlines the Vector API's methods late;
     * some of their intrinsics then failed and their vectors were boxed (CI, JDK 25: about six vectors per
     * event, see the README's Allocation-free SIMD kernels). Each method alone stays under it.
     */
    private static void rowEvents(int[] idx, float[] val, int[] tb, int t, int base, boolean resume, float[] pack,
            float[] out, int o) {
        int e0 = tb[t], e1 = tb[t + 1];
        if (e0 == e1 && resume) {
            return;
        }
        if (val == null) {
            plainRowEvents(idx, e0, e1, base, resume, pack, out, o);
        } else {
            scaledRowEvents(idx, val, e0, e1, base, resume, pack, out, o);
        }
    }

    /** {@link #rowEvents} of unscaled events {@code [e0, e1)}: eight accumulators, one load each per event. */
    private static void plainRowEvents(int[] idx, int e0, int e1, int base, boolean resume, float[] pack,
            float[] out, int o) {
        FloatVector a0, a1, a2, a3, a4, a5, a6, a7;
        if (resume) {
            a0 = fromArray(SPECIES, out, o);
            a1 = fromArray(SPECIES, out, o + L);
            a2 = fromArray(SPECIES, out, o + 2 * L);
            a3 = fromArray(SPECIES, out, o + 3 * L);
            a4 = fromArray(SPECIES, out, o + 4 * L);
            a5 = fromArray(SPECIES, out, o + 5 * L);
            a6 = fromArray(SPECIES, out, o + 6 * L);
            a7 = fromArray(SPECIES, out, o + 7 * L);
        } else {
            a0 = FloatVector.zero(SPECIES);
            a1 = a0;
            a2 = a0;
            a3 = a0;
            a4 = a0;
            a5 = a0;
            a6 = a0;
            a7 = a0;
        }
        for (int i = e0; i < e1; i++) {
            int p = base + idx[i] * PANEL;
            a0 = a0.add(fromArray(SPECIES, pack, p));
            a1 = a1.add(fromArray(SPECIES, pack, p + L));
            a2 = a2.add(fromArray(SPECIES, pack, p + 2 * L));
            a3 = a3.add(fromArray(SPECIES, pack, p + 3 * L));
            a4 = a4.add(fromArray(SPECIES, pack, p + 4 * L));
            a5 = a5.add(fromArray(SPECIES, pack, p + 5 * L));
            a6 = a6.add(fromArray(SPECIES, pack, p + 6 * L));
            a7 = a7.add(fromArray(SPECIES, pack, p + 7 * L));
        }
        a0.intoArray(out, o);
        a1.intoArray(out, o + L);
        a2.intoArray(out, o + 2 * L);
        a3.intoArray(out, o + 3 * L);
        a4.intoArray(out, o + 4 * L);
        a5.intoArray(out, o + 5 * L);
        a6.intoArray(out, o + 6 * L);
        a7.intoArray(out, o + 7 * L);
    }

    /** {@link #rowEvents} of events {@code [e0, e1)} scaled by {@code val}: each row times its value, then added. */
    private static void scaledRowEvents(int[] idx, float[] val, int e0, int e1, int base, boolean resume,
            float[] pack, float[] out, int o) {
        FloatVector a0, a1, a2, a3, a4, a5, a6, a7;
        if (resume) {
            a0 = fromArray(SPECIES, out, o);
            a1 = fromArray(SPECIES, out, o + L);
            a2 = fromArray(SPECIES, out, o + 2 * L);
            a3 = fromArray(SPECIES, out, o + 3 * L);
            a4 = fromArray(SPECIES, out, o + 4 * L);
            a5 = fromArray(SPECIES, out, o + 5 * L);
            a6 = fromArray(SPECIES, out, o + 6 * L);
            a7 = fromArray(SPECIES, out, o + 7 * L);
        } else {
            a0 = FloatVector.zero(SPECIES);
            a1 = a0;
            a2 = a0;
            a3 = a0;
            a4 = a0;
            a5 = a0;
            a6 = a0;
            a7 = a0;
        }
        for (int i = e0; i < e1; i++) {
            int p = base + idx[i] * PANEL;
            FloatVector v = FloatVector.broadcast(SPECIES, val[i]);
            a0 = a0.add(fromArray(SPECIES, pack, p).mul(v));
            a1 = a1.add(fromArray(SPECIES, pack, p + L).mul(v));
            a2 = a2.add(fromArray(SPECIES, pack, p + 2 * L).mul(v));
            a3 = a3.add(fromArray(SPECIES, pack, p + 3 * L).mul(v));
            a4 = a4.add(fromArray(SPECIES, pack, p + 4 * L).mul(v));
            a5 = a5.add(fromArray(SPECIES, pack, p + 5 * L).mul(v));
            a6 = a6.add(fromArray(SPECIES, pack, p + 6 * L).mul(v));
            a7 = a7.add(fromArray(SPECIES, pack, p + 7 * L).mul(v));
        }
        a0.intoArray(out, o);
        a1.intoArray(out, o + L);
        a2.intoArray(out, o + 2 * L);
        a3.intoArray(out, o + 3 * L);
        a4.intoArray(out, o + 4 * L);
        a5.intoArray(out, o + 5 * L);
        a6.intoArray(out, o + 6 * L);
        a7.intoArray(out, o + 7 * L);
    }

    // ---------------------------------------------------------------------------------------------
    // The neuron-model zoo. Each kernel is its scalar twin's equations, operation for operation.

    /** torch's relu: {@code max(x, 0)}, as Math.max (NaN stays NaN). */
    private static FloatVector relu(FloatVector x) {
        // x <= 0 (false for NaN) gives +0, as Math.max(x, 0f) does for -0 and negatives; else x. A compare and
        // a blend: C2's Java-semantics MAX is a longer sequence (NaN and signed-zero fix-ups around vmaxps).
        return x.blend(0f, x.compare(VectorOperators.LE, 0f));
    }

    /** The scalar twin's {@code exp}, lane by lane, bit for bit. */
    private static FloatVector exp(FloatVector x) {
        FloatVector xc = x.lanewise(VectorOperators.MAX, ScalarKernels.EXP_LO).lanewise(VectorOperators.MIN, ScalarKernels.EXP_HI);
        FloatVector n = xc.mul(ScalarKernels.LOG2E).add(ScalarKernels.ROUND).sub(ScalarKernels.ROUND);
        FloatVector r = xc.sub(n.mul(ScalarKernels.LN2_HI)).sub(n.mul(ScalarKernels.LN2_LO));
        FloatVector r2 = r.mul(r);
        FloatVector y = r.mul(ScalarKernels.P0).add(ScalarKernels.P1).mul(r).add(ScalarKernels.P2).mul(r)
                .add(ScalarKernels.P3).mul(r).add(ScalarKernels.P4).mul(r).add(ScalarKernels.P5).mul(r2).add(r).add(1f);
        IntVector ni = (IntVector) n.convert(VectorOperators.F2I, 0);
        IntVector n1 = ni.lanewise(VectorOperators.ASHR, 1);
        FloatVector p1 = n1.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        FloatVector p2 = ni.sub(n1).add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        FloatVector res = y.mul(p1).mul(p2);
        return res.blend(Float.POSITIVE_INFINITY, x.compare(VectorOperators.GT, ScalarKernels.EXP_HI))
                .blend(0f, x.compare(VectorOperators.LT, ScalarKernels.EXP_LO));
    }

    /** {@code v + a * ((x + v_leak) - v)}: the box models' membrane, in Norse's order. */
    private static FloatVector boxLeak(FloatVector v, FloatVector x, FloatVector a, FloatVector vLeak) {
        return v.add(a.mul(x.add(vLeak).sub(v)));
    }

    /**
     * One LIF box step on a vector: stores the spikes at {@code z[zAt]} and returns the new voltage (reset
     * to {@code v_reset}, or by subtracting {@code v_th} when {@code subtract}).
     */
    private static FloatVector lifBoxStep(FloatVector vs, FloatVector xk, FloatVector am, FloatVector vl, FloatVector th,
            FloatVector vr, boolean subtract, FloatVector zero, FloatVector one, float[] z, int zAt) {
        FloatVector v1 = boxLeak(vs, xk, am, vl);
        FloatVector zk = heaviside(v1, th, one);
        zk.intoArray(z, zAt);
        return reset(zk, v1, subtract ? v1.sub(th) : vr, one);
    }

    @Override
    public void lifBox(float[] x, int xOff, float[] v, int sOff, float[] z, int zOff, int len, float[][] c, int cOff,
            boolean subtract) {
        float[] aMem = c[LifBox.A_MEM], vLeak = c[LifBox.V_LEAK], vTh = c[LifBox.V_TH], vReset = c[LifBox.V_RESET];
        boolean u = shared(c);
        FloatVector zero = FloatVector.zero(SPECIES), one = FloatVector.broadcast(SPECIES, 1f);
        int k = 0;
        for (int bound = SPECIES.loopBound(len); k < bound; k += L) {
            int s = sOff + k, p = cOff + k;
            lifBoxStep(fromArray(SPECIES, v, s), fromArray(SPECIES, x, xOff + k), coef(aMem, p, u), coef(vLeak, p, u), coef(vTh, p, u),
                    coef(vReset, p, u), subtract, zero, one, z, zOff + k).intoArray(v, s);
        }
        if (k < len) {
            TAIL.lifBox(x, xOff + k, v, sOff + k, z, zOff + k, len - k, c, tailOff(cOff, k, u), subtract);
        }
    }

    @Override
    public void lifBoxSteps(float[] x, int xOff, int xStride, float[] v, int sOff, float[] z, int zOff, int zStride, int len,
            int steps, float[][] c, int cOff, boolean subtract) {
        float[] aMem = c[LifBox.A_MEM], vLeak = c[LifBox.V_LEAK], vTh = c[LifBox.V_TH], vReset = c[LifBox.V_RESET];
        boolean u = shared(c);
        FloatVector zero = FloatVector.zero(SPECIES), one = FloatVector.broadcast(SPECIES, 1f);
        int k = 0;
        for (int bound = SPECIES.loopBound(len); k < bound; k += L) {
            int s = sOff + k, p = cOff + k;
            FloatVector vs = fromArray(SPECIES, v, s);
            FloatVector am = coef(aMem, p, u), vl = coef(vLeak, p, u), th = coef(vTh, p, u), vr = coef(vReset, p, u);
            for (int t = 0; t < steps; t++) {
                vs = lifBoxStep(vs, fromArray(SPECIES, x, xOff + t * xStride + k), am, vl, th, vr, subtract, zero, one, z,
                        zOff + t * zStride + k);
            }
            vs.intoArray(v, s);
        }
        if (k < len) {
            TAIL.lifBoxSteps(x, xOff + k, xStride, v, sOff + k, z, zOff + k, zStride, len - k, steps, c, tailOff(cOff, k, u),
                    subtract);
        }
    }

    @Override
    public void liBox(float[] x, int xOff, float[] v, int sOff, float[] out, int outOff, int len, float[][] c, int cOff) {
        float[] aMem = c[LiBox.A_MEM], vLeak = c[LiBox.V_LEAK];
        boolean u = shared(c);
        int k = 0;
        for (int bound = SPECIES.loopBound(len); k < bound; k += L) {
            int s = sOff + k, p = cOff + k;
            FloatVector v1 = leak(fromArray(SPECIES, v, s), fromArray(SPECIES, x, xOff + k), coef(aMem, p, u), coef(vLeak, p, u));
            v1.intoArray(v, s);
            v1.intoArray(out, outOff + k);
        }
        if (k < len) {
            TAIL.liBox(x, xOff + k, v, sOff + k, out, outOff + k, len - k, c, tailOff(cOff, k, u));
        }
    }

    @Override
    public void liBoxSteps(float[] x, int xOff, int xStride, float[] v, int sOff, float[] out, int outOff, int outStride,
            int len, int steps, float[][] c, int cOff) {
        float[] aMem = c[LiBox.A_MEM], vLeak = c[LiBox.V_LEAK];
        boolean u = shared(c);
        int k = 0;
        for (int bound = SPECIES.loopBound(len); k < bound; k += L) {
            int s = sOff + k, p = cOff + k;
            FloatVector vs = fromArray(SPECIES, v, s);
            FloatVector am = coef(aMem, p, u), vl = coef(vLeak, p, u);
            for (int t = 0; t < steps; t++) {
                vs = leak(vs, fromArray(SPECIES, x, xOff + t * xStride + k), am, vl);
                vs.intoArray(out, outOff + t * outStride + k);
            }
            vs.intoArray(v, s);
        }
        if (k < len) {
            TAIL.liBoxSteps(x, xOff + k, xStride, v, sOff + k, out, outOff + k, outStride, len - k, steps, c,
                    tailOff(cOff, k, u));
        }
    }

    /** One integrate-and-fire step on a vector: stores the spikes at {@code z[zAt]}, returns the new voltage. */
    private static FloatVector iafStep(FloatVector vs, FloatVector xk, FloatVector th, FloatVector vr, FloatVector zero,
            FloatVector one, float[] z, int zAt) {
        FloatVector v1 = vs.add(xk);
        FloatVector zk = heaviside(v1, th, one);
        zk.intoArray(z, zAt);
        return reset(zk, v1, vr, one);
    }

    @Override
    public void iaf(float[] x, int xOff, float[] v, int sOff, float[] z, int zOff, int len, float[][] c, int cOff) {
        float[] vTh = c[Iaf.V_TH], vReset = c[Iaf.V_RESET];
        boolean u = shared(c);
        FloatVector zero = FloatVector.zero(SPECIES), one = FloatVector.broadcast(SPECIES, 1f);
        int k = 0;
        for (int bound = SPECIES.loopBound(len); k < bound; k += L) {
            int s = sOff + k, p = cOff + k;
            iafStep(fromArray(SPECIES, v, s), fromArray(SPECIES, x, xOff + k), coef(vTh, p, u), coef(vReset, p, u), zero, one, z, zOff + k)
                    .intoArray(v, s);
        }
        if (k < len) {
            TAIL.iaf(x, xOff + k, v, sOff + k, z, zOff + k, len - k, c, tailOff(cOff, k, u));
        }
    }

    @Override
    public void iafSteps(float[] x, int xOff, int xStride, float[] v, int sOff, float[] z, int zOff, int zStride, int len,
            int steps, float[][] c, int cOff) {
        float[] vTh = c[Iaf.V_TH], vReset = c[Iaf.V_RESET];
        boolean u = shared(c);
        FloatVector zero = FloatVector.zero(SPECIES), one = FloatVector.broadcast(SPECIES, 1f);
        int k = 0;
        for (int bound = SPECIES.loopBound(len); k < bound; k += L) {
            int s = sOff + k, p = cOff + k;
            FloatVector vs = fromArray(SPECIES, v, s);
            FloatVector th = coef(vTh, p, u), vr = coef(vReset, p, u);
            for (int t = 0; t < steps; t++) {
                vs = iafStep(vs, fromArray(SPECIES, x, xOff + t * xStride + k), th, vr, zero, one, z, zOff + t * zStride + k);
            }
            vs.intoArray(v, s);
        }
        if (k < len) {
            TAIL.iafSteps(x, xOff + k, xStride, v, sOff + k, z, zOff + k, zStride, len - k, steps, c, tailOff(cOff, k, u));
        }
    }

    /** LSNN's threshold adaptation {@code b + a * (v_th - b)}. */
    private static FloatVector adapt(FloatVector b, FloatVector a, FloatVector vTh) {
        return b.add(a.mul(vTh.sub(b)));
    }

    @Override
    public void lsnn(float[] x, int xOff, float[] r, int rOff, float[] v, float[] i, float[] b, int sOff, float[] z, int zOff,
            int len, float[][] c, int cOff) {
        float[] aMem = c[Lsnn.A_MEM], aSyn = c[Lsnn.A_SYN], aAdapt = c[Lsnn.A_ADAPT], vLeak = c[Lsnn.V_LEAK], vTh = c[Lsnn.V_TH], vReset = c[Lsnn.V_RESET], beta = c[Lsnn.BETA];
        boolean u = shared(c);
        FloatVector one = FloatVector.broadcast(SPECIES, 1f);
        int k = 0;
        for (int bound = SPECIES.loopBound(len); k < bound; k += L) {
            int s = sOff + k, p = cOff + k;
            FloatVector vs = fromArray(SPECIES, v, s), is = fromArray(SPECIES, i, s);
            FloatVector v1 = leak(vs, is, coef(aMem, p, u), coef(vLeak, p, u));
            FloatVector b1 = adapt(fromArray(SPECIES, b, s), coef(aAdapt, p, u), coef(vTh, p, u));
            FloatVector zk = heaviside(v1, b1, one);
            reset(zk, v1, coef(vReset, p, u), one).intoArray(v, s);
            b1.add(zk.mul(coef(beta, p, u))).intoArray(b, s);
            FloatVector i2 = decay(is, coef(aSyn, p, u)).add(fromArray(SPECIES, x, xOff + k));
            (r == null ? i2 : i2.add(fromArray(SPECIES, r, rOff + k))).intoArray(i, s);
            zk.intoArray(z, zOff + k);
        }
        if (k < len) {
            TAIL.lsnn(x, xOff + k, r, rOff + k, v, i, b, sOff + k, z, zOff + k, len - k, c, tailOff(cOff, k, u));
        }
    }

    @Override
    public void lsnnSteps(float[] x, int xOff, int xStride, float[] v, float[] i, float[] b, int sOff, float[] z, int zOff,
            int zStride, int len, int steps, float[][] c, int cOff) {
        float[] aMem = c[Lsnn.A_MEM], aSyn = c[Lsnn.A_SYN], aAdapt = c[Lsnn.A_ADAPT], vLeak = c[Lsnn.V_LEAK], vTh = c[Lsnn.V_TH], vReset = c[Lsnn.V_RESET], beta = c[Lsnn.BETA];
        boolean u = shared(c);
        FloatVector one = FloatVector.broadcast(SPECIES, 1f);
        int k = 0;
        for (int bound = SPECIES.loopBound(len); k < bound; k += L) {
            int s = sOff + k, p = cOff + k;
            FloatVector vs = fromArray(SPECIES, v, s), is = fromArray(SPECIES, i, s), bs = fromArray(SPECIES, b, s);
            FloatVector am = coef(aMem, p, u), as = coef(aSyn, p, u), aa = coef(aAdapt, p, u), vl = coef(vLeak, p, u),
                    th = coef(vTh, p, u), vr = coef(vReset, p, u), be = coef(beta, p, u);
            for (int t = 0; t < steps; t++) {
                FloatVector v1 = leak(vs, is, am, vl);
                FloatVector b1 = adapt(bs, aa, th);
                FloatVector zk = heaviside(v1, b1, one);
                vs = reset(zk, v1, vr, one);
                bs = b1.add(zk.mul(be));
                is = decay(is, as).add(fromArray(SPECIES, x, xOff + t * xStride + k));
                zk.intoArray(z, zOff + t * zStride + k);
            }
            vs.intoArray(v, s);
            is.intoArray(i, s);
            bs.intoArray(b, s);
        }
        if (k < len) {
            TAIL.lsnnSteps(x, xOff + k, xStride, v, i, b, sOff + k, z, zOff + k, zStride, len - k, steps, c,
                    tailOff(cOff, k, u));
        }
    }

    /*
     * The exp models run in two passes over chunks of EXP_CHUNK neurons: first the exponential term into a
     * per-thread scratch array, then the update. In one pass the loop body grew past C2's inlining node
     * budget, the vector helpers were not inlined and the vectors were boxed (measured: 10x slower).
     * The stored exp values are reloaded exactly, so the numbers are those of the one-pass scalar twin.
     */
    private static final int EXP_CHUNK = 1024;
    private static final ThreadLocal<float[]> EXP_SCRATCH = ThreadLocal.withInitial(() -> new float[EXP_CHUNK]);

    /** {@code e[k] = exp((v[sOff + k] - v_th) / delta_T)} for {@code k < n}. */
    private static void expTerm(float[] v, int sOff, float[] vTh, float[] deltaT, int cOff, boolean u, float[] e, int n) {
        int k = 0;
        for (int bound = SPECIES.loopBound(n); k < bound; k += L) {
            int p = cOff + k;
            exp(fromArray(SPECIES, v, sOff + k).sub(coef(vTh, p, u)).div(coef(deltaT, p, u))).intoArray(e, k);
        }
        for (; k < n; k++) {
            int p = u ? cOff : cOff + k;
            e[k] = ScalarKernels.exp((v[sOff + k] - vTh[p]) / deltaT[p]);
        }
    }

    @Override
    public void lifEx(float[] x, int xOff, float[] r, int rOff, float[] v, float[] i, int sOff, float[] z, int zOff, int len,
            float[][] c, int cOff) {
        boolean u = shared(c);
        float[] e = EXP_SCRATCH.get();
        for (int at = 0; at < len; at += EXP_CHUNK) {
            int n = Math.min(EXP_CHUNK, len - at);
            int cAt = u ? cOff : cOff + at;
            expTerm(v, sOff + at, c[LifAdEx.V_TH], c[LifAdEx.DELTA_T], cAt, u, e, n);
            lifExUpdate(x, xOff + at, r, rOff + at, v, i, sOff + at, z, zOff + at, n, c, cAt, u, e);
        }
    }

    private static void lifExUpdate(float[] x, int xOff, float[] r, int rOff, float[] v, float[] i, int sOff, float[] z,
            int zOff, int len, float[][] c, int cOff, boolean u, float[] e) {
        float[] aMem = c[LifAdEx.A_MEM], aSyn = c[LifAdEx.A_SYN], vLeak = c[LifAdEx.V_LEAK], vTh = c[LifAdEx.V_TH], vReset = c[LifAdEx.V_RESET], deltaT = c[LifAdEx.DELTA_T];
        FloatVector one = FloatVector.broadcast(SPECIES, 1f);
        int k = 0;
        for (int bound = SPECIES.loopBound(len); k < bound; k += L) {
            int s = sOff + k, p = cOff + k;
            FloatVector vs = fromArray(SPECIES, v, s);
            FloatVector i1 = input(i, s, x, xOff + k, r, rOff + k);
            FloatVector dvExp = coef(deltaT, p, u).mul(fromArray(SPECIES, e, k));
            FloatVector v1 = vs.add(coef(aMem, p, u).mul(coef(vLeak, p, u).sub(vs).add(dvExp).add(i1)));
            i1.add(coef(aSyn, p, u).mul(i1)).intoArray(i, s);
            FloatVector zk = heaviside(v1, coef(vTh, p, u), one);
            reset(zk, v1, coef(vReset, p, u), one).intoArray(v, s);
            zk.intoArray(z, zOff + k);
        }
        if (k < len) {
            TAIL.lifEx(x, xOff + k, r, rOff + k, v, i, sOff + k, z, zOff + k, len - k, c, tailOff(cOff, k, u));
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
        boolean u = shared(c);
        float[] e = EXP_SCRATCH.get();
        float[] vOld = rho == null ? null : V_SCRATCH.get();
        int vectorPart = SPECIES.loopBound(len);
        for (int at = 0; at < vectorPart; at += EXP_CHUNK) {
            int n = Math.min(EXP_CHUNK, vectorPart - at);
            int cAt = u ? cOff : cOff + at;
            expTerm(v, sOff + at, c[LifAdEx.V_TH], c[LifAdEx.DELTA_T], cAt, u, e, n);
            if (rho != null) {
                System.arraycopy(v, sOff + at, vOld, 0, n);
            }
            adExUpdate(x, xOff + at, r, rOff + at, v, i, a, sOff + at, z, zOff + at, n, c, cAt, u, e, rho == null);
            if (rho != null) {
                refractory(vOld, v, a, rho, sOff + at, z, zOff + at, n, c[LifAdEx.ADAPTATION_SPIKE], c[LifAdEx.RHO_RESET], cAt, u, adaptOnSuppressed);
            }
        }
        if (vectorPart < len) {
            int k = vectorPart;
            TAIL.lifAdExRefrac(x, xOff + k, r, rOff + k, v, i, a, rho, sOff + k, z, zOff + k, len - k, c, tailOff(cOff, k, u),
                    adaptOnSuppressed);
        }
    }

    private static final ThreadLocal<float[]> V_SCRATCH = ThreadLocal.withInitial(() -> new float[EXP_CHUNK]);

    /**
     * The AdEx update over a multiple of the lane count; with {@code jump} the adaptation jump {@code z * adaptation_spike} is added here,
     * otherwise {@link #refractory} adds it once it knows which spikes were suppressed.
     */
    private static void adExUpdate(float[] x, int xOff, float[] r, int rOff, float[] v, float[] i, float[] a, int sOff,
            float[] z, int zOff, int len, float[][] c, int cOff, boolean u, float[] e, boolean jump) {
        float[] aMem = c[LifAdEx.A_MEM], aSyn = c[LifAdEx.A_SYN], vLeak = c[LifAdEx.V_LEAK], vTh = c[LifAdEx.V_TH], vReset = c[LifAdEx.V_RESET], deltaT = c[LifAdEx.DELTA_T], aAda = c[LifAdEx.A_ADA], adaCur = c[LifAdEx.ADAPTATION_CURRENT], adaSpike = c[LifAdEx.ADAPTATION_SPIKE];
        FloatVector one = FloatVector.broadcast(SPECIES, 1f);
        for (int k = 0; k < len; k += L) {
            int s = sOff + k, p = cOff + k;
            FloatVector vs = fromArray(SPECIES, v, s), as = fromArray(SPECIES, a, s), vl = coef(vLeak, p, u);
            FloatVector i1 = input(i, s, x, xOff + k, r, rOff + k);
            FloatVector dvExp = coef(deltaT, p, u).mul(fromArray(SPECIES, e, k));
            FloatVector v1 = vs.add(coef(aMem, p, u).mul(vl.sub(vs).add(dvExp).add(i1).sub(as)));
            i1.add(coef(aSyn, p, u).mul(i1)).intoArray(i, s);
            FloatVector a1 = as.add(coef(aAda, p, u).mul(coef(adaCur, p, u).mul(vs.sub(vl)).sub(as)));
            FloatVector zk = heaviside(v1, coef(vTh, p, u), one);
            reset(zk, v1, coef(vReset, p, u), one).intoArray(v, s);
            (jump ? a1.add(zk.mul(coef(adaSpike, p, u))) : a1).intoArray(a, s);
            zk.intoArray(z, zOff + k);
        }
    }

    /**
     * The refractory part of AdEx-refrac (a multiple of the lane count), after {@link #adExUpdate} without jump: holds the voltage of
     * refractory neurons, suppresses their spikes, adds the adaptation jump (for emitted spikes, or for
     * all threshold crossings as Norse does) and counts {@code rho}.
     */
    private static void refractory(float[] vOld, float[] v, float[] a, float[] rho, int sOff, float[] z, int zOff, int len,
            float[] adaSpike, float[] rhoReset, int cOff, boolean u, boolean adaptOnSuppressed) {
        FloatVector zero = FloatVector.zero(SPECIES), one = FloatVector.broadcast(SPECIES, 1f);
        for (int k = 0; k < len; k += L) {
            int s = sOff + k, p = cOff + k;
            FloatVector zk = fromArray(SPECIES, z, zOff + k), rs = fromArray(SPECIES, rho, s);
            FloatVector m = heaviside(rs, zero, one);
            FloatVector zm = one.sub(m).mul(zk);
            one.sub(m).mul(fromArray(SPECIES, v, s)).add(m.mul(fromArray(SPECIES, vOld, k))).intoArray(v, s);
            fromArray(SPECIES, a, s).add((adaptOnSuppressed ? zk : zm).mul(coef(adaSpike, p, u))).intoArray(a, s);
            one.sub(zm).mul(relu(rs.sub(m))).add(zm.mul(coef(rhoReset, p, u))).intoArray(rho, s);
            zm.intoArray(z, zOff + k);
        }
    }

    /**
     * The refractory neurons, {@code rho > 0} (Norse's {@code m = H(rho)}, from the old {@code rho}): they keep
     * their voltage, {@code (1 - m) * v2 + m * v}, and do not spike, {@code zm = (1 - m) * z}, which for 0/1
     * values is the spike mask less this one; the counter becomes
     * {@code (1 - zm) * relu(rho - m) + zm * rho_reset}.
     */
    private static VectorMask<Float> refractoryMask(FloatVector rs, FloatVector zero) {
        return rs.compare(VectorOperators.GT, zero);
    }

    @Override
    public void lifRefrac(float[] x, int xOff, float[] r, int rOff, float[] v, float[] i, float[] rho, int sOff, float[] z,
            int zOff, int len, float[][] c, int cOff) {
        float[] aMem = c[Lif.A_MEM], aSyn = c[Lif.A_SYN], vLeak = c[Lif.V_LEAK], vTh = c[Lif.V_TH], vReset = c[Lif.V_RESET], rhoReset = c[Lif.RHO_RESET];
        boolean u = shared(c);
        FloatVector zero = FloatVector.zero(SPECIES), one = FloatVector.broadcast(SPECIES, 1f);
        int k = 0;
        for (int bound = SPECIES.loopBound(len); k < bound; k += L) {
            int s = sOff + k, p = cOff + k;
            FloatVector vs = fromArray(SPECIES, v, s), rs = fromArray(SPECIES, rho, s);
            FloatVector i1 = input(i, s, x, xOff + k, r, rOff + k);
            FloatVector v1 = leak(vs, i1, coef(aMem, p, u), coef(vLeak, p, u));
            decay(i1, coef(aSyn, p, u)).intoArray(i, s);
            VectorMask<Float> spike = v1.compare(VectorOperators.GT, coef(vTh, p, u)), refractory = refractoryMask(rs, zero);
            VectorMask<Float> zm = spike.andNot(refractory);
            FloatVector m = zero.blend(one, refractory);
            reset(m, reset(spike, v1, coef(vReset, p, u), zero), vs, one).intoArray(v, s);
            reset(zm, relu(rs.sub(m)), coef(rhoReset, p, u), zero).intoArray(rho, s);
            zero.blend(one, zm).intoArray(z, zOff + k);
        }
        if (k < len) {
            TAIL.lifRefrac(x, xOff + k, r, rOff + k, v, i, rho, sOff + k, z, zOff + k, len - k, c, tailOff(cOff, k, u));
        }
    }

    /**
     * Steps per pass over the neurons in the fused refractory LIF kernel, whose step is a long dependency
     * chain: each vector of neurons goes through this many steps before the next, so that more
     * vectors' chains fit in the out-of-order window at once. Measured in a streamed sequence
     * (ModelZooBenchmark's shape): 2 steps per pass ran faster than 4 (the chains of 4 steps serialised)
     * and than single steps (the state went through memory every step).
     */
    private static final int LONG_STEP_BLOCK = 2;

    @Override
    public void lifRefracSteps(float[] x, int xOff, int xStride, float[] v, float[] i, float[] rho, int sOff, float[] z,
            int zOff, int zStride, int len, int steps, float[][] c, int cOff) {
        for (int t = 0; t < steps; t += LONG_STEP_BLOCK) {
            lifRefracBlock(x, xOff + t * xStride, xStride, v, i, rho, sOff, z, zOff + t * zStride, zStride, len,
                    Math.min(LONG_STEP_BLOCK, steps - t), c, cOff);
        }
    }

    /** {@link #lifRefracSteps} for one block of steps, the state in registers. */
    private static void lifRefracBlock(float[] x, int xOff, int xStride, float[] v, float[] i, float[] rho, int sOff,
            float[] z, int zOff, int zStride, int len, int steps, float[][] c, int cOff) {
        float[] aMem = c[Lif.A_MEM], aSyn = c[Lif.A_SYN], vLeak = c[Lif.V_LEAK], vTh = c[Lif.V_TH], vReset = c[Lif.V_RESET], rhoReset = c[Lif.RHO_RESET];
        boolean u = shared(c);
        FloatVector zero = FloatVector.zero(SPECIES), one = FloatVector.broadcast(SPECIES, 1f);
        int k = 0;
        for (int bound = SPECIES.loopBound(len); k < bound; k += L) {
            int s = sOff + k, p = cOff + k;
            FloatVector vs = fromArray(SPECIES, v, s), is = fromArray(SPECIES, i, s), rs = fromArray(SPECIES, rho, s);
            FloatVector am = coef(aMem, p, u), as = coef(aSyn, p, u), vl = coef(vLeak, p, u), th = coef(vTh, p, u),
                    vr = coef(vReset, p, u), rr = coef(rhoReset, p, u);
            for (int t = 0; t < steps; t++) {
                FloatVector i1 = is.add(fromArray(SPECIES, x, xOff + t * xStride + k));
                FloatVector v1 = leak(vs, i1, am, vl);
                is = decay(i1, as);
                // the spike resets through the mask (it comes last in the chain), the hold through m = H(rho),
                // which is known from the step's start
                VectorMask<Float> spike = v1.compare(VectorOperators.GT, th), refractory = refractoryMask(rs, zero);
                VectorMask<Float> zm = spike.andNot(refractory);
                FloatVector m = zero.blend(one, refractory);
                vs = reset(m, reset(spike, v1, vr, zero), vs, one);
                rs = reset(zm, relu(rs.sub(m)), rr, zero);
                zero.blend(one, zm).intoArray(z, zOff + t * zStride + k);
            }
            vs.intoArray(v, s);
            is.intoArray(i, s);
            rs.intoArray(rho, s);
        }
        if (k < len) {
            TAIL.lifRefracSteps(x, xOff + k, xStride, v, i, rho, sOff + k, z, zOff + k, zStride, len - k, steps, c,
                    tailOff(cOff, k, u));
        }
    }

    /** Izhikevich's drive without the input: {@code ((sq * (v * v) + mn * v) + bias) - u}. */
    private static FloatVector drive(FloatVector vs, FloatVector us, FloatVector sq, FloatVector mn, FloatVector bias) {
        return sq.mul(vs.mul(vs)).add(mn.mul(vs)).add(bias).sub(us);
    }

    /** Izhikevich's recovery update {@code u + ku * (b * v - u)} (old v and u). */
    private static FloatVector recovery(FloatVector vs, FloatVector us, FloatVector ku, FloatVector b) {
        return us.add(ku.mul(b.mul(vs).sub(us)));
    }

    @Override
    public void izhikevich(float[] x, int xOff, float[] r, int rOff, float[] v, float[] uu, int sOff, float[] z, int zOff,
            int len, float[][] c, int cOff) {
        float[] kv = c[Izhikevich.KV], ku = c[Izhikevich.KU], sq = c[Izhikevich.SQ], mn = c[Izhikevich.MN], bias = c[Izhikevich.BIAS], b = c[Izhikevich.B], vTh = c[Izhikevich.V_TH], cReset = c[Izhikevich.C], d = c[Izhikevich.D];
        boolean u = shared(c);
        FloatVector zero = FloatVector.zero(SPECIES), one = FloatVector.broadcast(SPECIES, 1f);
        int k = 0;
        for (int bound = SPECIES.loopBound(len); k < bound; k += L) {
            int s = sOff + k, p = cOff + k;
            FloatVector vs = fromArray(SPECIES, v, s), us = fromArray(SPECIES, uu, s);
            FloatVector in = drive(vs, us, coef(sq, p, u), coef(mn, p, u), coef(bias, p, u)).add(fromArray(SPECIES, x, xOff + k));
            if (r != null) {
                in = in.add(fromArray(SPECIES, r, rOff + k));
            }
            FloatVector v1 = vs.add(coef(kv, p, u).mul(in));
            FloatVector u1 = recovery(vs, us, coef(ku, p, u), coef(b, p, u));
            VectorMask<Float> spike = v1.compare(VectorOperators.GT, coef(vTh, p, u));
            reset(spike, v1, coef(cReset, p, u), zero).intoArray(v, s);
            reset(spike, u1, u1.add(coef(d, p, u)), zero).intoArray(uu, s);
            zero.blend(one, spike).intoArray(z, zOff + k);
        }
        if (k < len) {
            TAIL.izhikevich(x, xOff + k, r, rOff + k, v, uu, sOff + k, z, zOff + k, len - k, c, tailOff(cOff, k, u));
        }
    }

    @Override
    public void izhikevichSteps(float[] x, int xOff, int xStride, float[] v, float[] uu, int sOff, float[] z, int zOff,
            int zStride, int len, int steps, float[][] c, int cOff) {
        // At up to 8 lanes (IZHIKEVICH_PAIRS; at 16 one vector at a time, two steps a pass, was faster), two
        // vectors of neurons go through the steps side by side, as in lifPairs (a last vector without a
        // partner runs as a pair with itself, d = 0). One step is a chain of about ten dependent operations (the
        // drive's multiplies and adds in Norse's order, then the update and the reset), and with one vector per
        // pass it waited on that chain: on an AVX2 core (8 lanes, 16 vector registers) pairs ran 1.39x faster
        // with their data in L2 and 1.42x streamed than one vector two steps at a time (FusedStepsBenchmark,
        // the module's blocks of four steps). Shared coefficients are nine vectors held in registers for the
        // whole call; per-neuron ones are loaded at every step (two vectors' nine coefficients and state would
        // need more than AVX2's sixteen registers; held per pair they spilled and ran slower than loads). The
        // two are separate methods, and their resets are written out (the same operations as reset): with the
        // reset helper, and with both kinds of coefficient in one loop, the loop went past C2's node budget, the
        // resets at its end were not inlined and their vectors were boxed (45-80 KB per call of 43 neurons for
        // 32 steps). The drive and the recovery keep their helpers.
        if (!IZHIKEVICH_PAIRS) {
            for (int t = 0; t < steps; t += LONG_STEP_BLOCK) {
                izhikevichBlock(x, xOff + t * xStride, xStride, v, uu, sOff, z, zOff + t * zStride, zStride, len,
                        Math.min(LONG_STEP_BLOCK, steps - t), c, cOff);
            }
            return;
        }
        int bound = SPECIES.loopBound(len);
        boolean u = shared(c);
        if (bound > 0) {
            if (u) {
                izhikevichPairsShared(x, xOff, xStride, v, uu, sOff, z, zOff, zStride, bound, steps, c);
            } else {
                izhikevichPairs(x, xOff, xStride, v, uu, sOff, z, zOff, zStride, bound, steps, c, cOff);
            }
        }
        if (bound < len) {
            TAIL.izhikevichSteps(x, xOff + bound, xStride, v, uu, sOff + bound, z, zOff + bound, zStride, len - bound,
                    steps, c, tailOff(cOff, bound, u));
        }
    }

    /**
     * Whether {@link #izhikevichSteps} takes pairs of vectors: at up to 8 lanes. On the AVX2 core the pairs
     * ran 1.19x the single vector in the zoo benchmark (see the method); on the AVX-512 core (16 lanes) the
     * single vector two steps at a time ran 1.27x and 1.45x the pairs (ModelZooBenchmark, two rounds
     * alternating), as refractory LIF's kernel of the same shape runs there.
     */
    private static final boolean IZHIKEVICH_PAIRS = L <= 8;

    /** {@link #izhikevichSteps} for one block of steps, one vector at a time, the state in registers. */
    private static void izhikevichBlock(float[] x, int xOff, int xStride, float[] v, float[] uu, int sOff, float[] z,
            int zOff, int zStride, int len, int steps, float[][] c, int cOff) {
        float[] kv = c[Izhikevich.KV], ku = c[Izhikevich.KU], sq = c[Izhikevich.SQ], mn = c[Izhikevich.MN];
        float[] bias = c[Izhikevich.BIAS], b = c[Izhikevich.B], vTh = c[Izhikevich.V_TH], cReset = c[Izhikevich.C];
        float[] d = c[Izhikevich.D];
        boolean u = shared(c);
        FloatVector zero = FloatVector.zero(SPECIES), one = FloatVector.broadcast(SPECIES, 1f);
        int k = 0;
        for (int bound = SPECIES.loopBound(len); k < bound; k += L) {
            int s = sOff + k, p = cOff + k;
            FloatVector vs = fromArray(SPECIES, v, s), us = fromArray(SPECIES, uu, s);
            FloatVector kvv = coef(kv, p, u), kuv = coef(ku, p, u), sqv = coef(sq, p, u), mnv = coef(mn, p, u),
                    bi = coef(bias, p, u), bv = coef(b, p, u), th = coef(vTh, p, u), cr = coef(cReset, p, u),
                    dv = coef(d, p, u);
            for (int t = 0; t < steps; t++) {
                FloatVector in = drive(vs, us, sqv, mnv, bi).add(fromArray(SPECIES, x, xOff + t * xStride + k));
                FloatVector v1 = vs.add(kvv.mul(in));
                FloatVector u1 = recovery(vs, us, kuv, bv);
                VectorMask<Float> spike = v1.compare(VectorOperators.GT, th);
                vs = reset(spike, v1, cr, zero);
                us = reset(spike, u1, u1.add(dv), zero);
                zero.blend(one, spike).intoArray(z, zOff + t * zStride + k);
            }
            vs.intoArray(v, s);
            us.intoArray(uu, s);
        }
        if (k < len) {
            TAIL.izhikevichSteps(x, xOff + k, xStride, v, uu, sOff + k, z, zOff + k, zStride, len - k, steps, c,
                    tailOff(cOff, k, u));
        }
    }

    /** {@link #izhikevichSteps} over {@code len} neurons (a multiple of the lane count), shared coefficients. */
    private static void izhikevichPairsShared(float[] x, int xOff, int xStride, float[] v, float[] uu, int sOff,
            float[] z, int zOff, int zStride, int len, int steps, float[][] c) {
        FloatVector kv = coef(c[Izhikevich.KV], 0, true), ku = coef(c[Izhikevich.KU], 0, true);
        FloatVector sq = coef(c[Izhikevich.SQ], 0, true), mn = coef(c[Izhikevich.MN], 0, true);
        FloatVector bias = coef(c[Izhikevich.BIAS], 0, true), b = coef(c[Izhikevich.B], 0, true);
        FloatVector th = coef(c[Izhikevich.V_TH], 0, true), cr = coef(c[Izhikevich.C], 0, true);
        FloatVector jump = coef(c[Izhikevich.D], 0, true);
        FloatVector zero = FloatVector.zero(SPECIES), one = FloatVector.broadcast(SPECIES, 1f), zcr = zero.mul(cr);
        for (int k = 0; k < len; k += 2 * L) {
            int d = len - k >= 2 * L ? L : 0, s = sOff + k;
            FloatVector v0 = fromArray(SPECIES, v, s), v1 = fromArray(SPECIES, v, s + d);
            FloatVector u0 = fromArray(SPECIES, uu, s), u1 = fromArray(SPECIES, uu, s + d);
            for (int t = 0; t < steps; t++) {
                int xt = xOff + t * xStride + k, zt = zOff + t * zStride + k;
                FloatVector w0 = v0.add(kv.mul(drive(v0, u0, sq, mn, bias).add(fromArray(SPECIES, x, xt))));
                FloatVector w1 = v1.add(kv.mul(drive(v1, u1, sq, mn, bias).add(fromArray(SPECIES, x, xt + d))));
                FloatVector r0 = recovery(v0, u0, ku, b), r1 = recovery(v1, u1, ku, b);
                VectorMask<Float> spike0 = w0.compare(VectorOperators.GT, th), spike1 = w1.compare(VectorOperators.GT, th);
                v0 = w0.blend(zero.mul(w0), spike0).add(zcr.blend(cr, spike0));
                v1 = w1.blend(zero.mul(w1), spike1).add(zcr.blend(cr, spike1));
                FloatVector j0 = r0.add(jump), j1 = r1.add(jump);
                u0 = r0.blend(zero.mul(r0), spike0).add(zero.mul(j0).blend(j0, spike0));
                u1 = r1.blend(zero.mul(r1), spike1).add(zero.mul(j1).blend(j1, spike1));
                zero.blend(one, spike0).intoArray(z, zt);
                zero.blend(one, spike1).intoArray(z, zt + d);
            }
            v0.intoArray(v, s);
            v1.intoArray(v, s + d);
            u0.intoArray(uu, s);
            u1.intoArray(uu, s + d);
        }
    }

    /**
     * {@link #izhikevichSteps} over {@code len} neurons (a multiple of the lane count), per-neuron coefficients
     * from {@code cOff}, loaded at every step.
     */
    private static void izhikevichPairs(float[] x, int xOff, int xStride, float[] v, float[] uu, int sOff, float[] z,
            int zOff, int zStride, int len, int steps, float[][] c, int cOff) {
        float[] kv = c[Izhikevich.KV], ku = c[Izhikevich.KU], sq = c[Izhikevich.SQ], mn = c[Izhikevich.MN];
        float[] bias = c[Izhikevich.BIAS], b = c[Izhikevich.B], th = c[Izhikevich.V_TH], cr = c[Izhikevich.C];
        float[] jump = c[Izhikevich.D];
        FloatVector zero = FloatVector.zero(SPECIES), one = FloatVector.broadcast(SPECIES, 1f);
        for (int k = 0; k < len; k += 2 * L) {
            int d = len - k >= 2 * L ? L : 0, s = sOff + k, p = cOff + k, q = p + d;
            FloatVector v0 = fromArray(SPECIES, v, s), v1 = fromArray(SPECIES, v, s + d);
            FloatVector u0 = fromArray(SPECIES, uu, s), u1 = fromArray(SPECIES, uu, s + d);
            for (int t = 0; t < steps; t++) {
                int xt = xOff + t * xStride + k, zt = zOff + t * zStride + k;
                FloatVector w0 = v0.add(fromArray(SPECIES, kv, p).mul(drive(v0, u0, fromArray(SPECIES, sq, p),
                        fromArray(SPECIES, mn, p), fromArray(SPECIES, bias, p)).add(fromArray(SPECIES, x, xt))));
                FloatVector w1 = v1.add(fromArray(SPECIES, kv, q).mul(drive(v1, u1, fromArray(SPECIES, sq, q),
                        fromArray(SPECIES, mn, q), fromArray(SPECIES, bias, q)).add(fromArray(SPECIES, x, xt + d))));
                FloatVector r0 = recovery(v0, u0, fromArray(SPECIES, ku, p), fromArray(SPECIES, b, p));
                FloatVector r1 = recovery(v1, u1, fromArray(SPECIES, ku, q), fromArray(SPECIES, b, q));
                VectorMask<Float> spike0 = w0.compare(VectorOperators.GT, fromArray(SPECIES, th, p));
                VectorMask<Float> spike1 = w1.compare(VectorOperators.GT, fromArray(SPECIES, th, q));
                FloatVector c0 = fromArray(SPECIES, cr, p), c1 = fromArray(SPECIES, cr, q);
                v0 = w0.blend(zero.mul(w0), spike0).add(zero.mul(c0).blend(c0, spike0));
                v1 = w1.blend(zero.mul(w1), spike1).add(zero.mul(c1).blend(c1, spike1));
                FloatVector j0 = r0.add(fromArray(SPECIES, jump, p)), j1 = r1.add(fromArray(SPECIES, jump, q));
                u0 = r0.blend(zero.mul(r0), spike0).add(zero.mul(j0).blend(j0, spike0));
                u1 = r1.blend(zero.mul(r1), spike1).add(zero.mul(j1).blend(j1, spike1));
                zero.blend(one, spike0).intoArray(z, zt);
                zero.blend(one, spike1).intoArray(z, zt + d);
            }
            v0.intoArray(v, s);
            v1.intoArray(v, s + d);
            u0.intoArray(uu, s);
            u1.intoArray(uu, s + d);
        }
    }

    @Override
    public void cobaLif(float[] de, int deOff, float[] di, int diOff, boolean split, float[] v, float[] ge, float[] gi,
            int sOff, float[] z, int zOff, int len, float[][] c, int cOff) {
        float[] aE = c[CobaLif.A_E], aI = c[CobaLif.A_I], aMem = c[CobaLif.A_MEM], gL = c[CobaLif.G_L], eRevI = c[CobaLif.E_REV_I], eRevE = c[CobaLif.E_REV_E], vRest = c[CobaLif.V_REST], vReset = c[CobaLif.V_RESET], vTh = c[CobaLif.V_TH];
        boolean u = shared(c);
        FloatVector one = FloatVector.broadcast(SPECIES, 1f);
        int k = 0;
        for (int bound = SPECIES.loopBound(len); k < bound; k += L) {
            int s = sOff + k, p = cOff + k;
            FloatVector ge1 = fromArray(SPECIES, ge, s), gi1 = fromArray(SPECIES, gi, s);
            if (split) {
                FloatVector in = fromArray(SPECIES, de, deOff + k);
                ge1 = ge1.add(relu(in));
                gi1 = gi1.add(relu(in.neg()));
            } else {
                if (de != null) {
                    ge1 = ge1.add(fromArray(SPECIES, de, deOff + k));
                }
                if (di != null) {
                    gi1 = gi1.add(fromArray(SPECIES, di, diOff + k));
                }
            }
            ge1 = ge1.add(coef(aE, p, u).mul(ge1));
            gi1 = gi1.add(coef(aI, p, u).mul(gi1));
            FloatVector vs = fromArray(SPECIES, v, s);
            FloatVector v1 = vs.add(coef(aMem, p, u).mul(coef(gL, p, u).mul(coef(vRest, p, u).sub(vs))
                    .add(ge1.mul(coef(eRevE, p, u).sub(vs))).add(gi1.mul(coef(eRevI, p, u).sub(vs)))));
            FloatVector zk = heaviside(v1, coef(vTh, p, u), one);
            reset(zk, v1, coef(vReset, p, u), one).intoArray(v, s);
            ge1.intoArray(ge, s);
            gi1.intoArray(gi, s);
            zk.intoArray(z, zOff + k);
        }
        if (k < len) {
            TAIL.cobaLif(de, deOff + k, di, diOff + k, split, v, ge, gi, sOff + k, z, zOff + k, len - k, c, tailOff(cOff, k, u));
        }
    }

    @Override
    public void lifMcRefrac(float[] x, int xOff, float[] r, int rOff, float[] cpl, int cplOff, float[] v, float[] i,
            float[] rho, int sOff, float[] z, int zOff, int len, float[][] c, int cOff, boolean maskSpikes) {
        float[] tauMem = c[LifMc.TAU_MEM], aSyn = c[LifMc.A_SYN], vLeak = c[LifMc.V_LEAK], vTh = c[LifMc.V_TH], vReset = c[LifMc.V_RESET], rhoReset = c[LifMc.RHO_RESET], fdt = c[LifMc.DT], cplScale = c[LifMc.COUPLING_SCALE];
        boolean u = shared(c);
        FloatVector zero = FloatVector.zero(SPECIES), one = FloatVector.broadcast(SPECIES, 1f);
        int k = 0;
        for (int bound = SPECIES.loopBound(len); k < bound; k += L) {
            int s = sOff + k, p = cOff + k;
            FloatVector vs = fromArray(SPECIES, v, s), is = fromArray(SPECIES, i, s), rs = fromArray(SPECIES, rho, s);
            FloatVector m = heaviside(rs, zero, one);
            FloatVector dv = one.sub(m).mul(coef(fdt, p, u)).mul(coef(tauMem, p, u)).mul(coef(vLeak, p, u).sub(vs).add(is))
                    .add(coef(cplScale, p, u).mul(fromArray(SPECIES, cpl, cplOff + k)));
            FloatVector v1 = vs.add(dv);
            FloatVector i1 = is.add(coef(aSyn, p, u).mul(is));
            FloatVector zk = heaviside(v1, coef(vTh, p, u), one);
            if (maskSpikes) {
                zk = one.sub(m).mul(zk);
            }
            reset(zk, v1, coef(vReset, p, u), one).intoArray(v, s);
            FloatVector i2 = i1.add(fromArray(SPECIES, x, xOff + k));
            (r == null ? i2 : i2.add(fromArray(SPECIES, r, rOff + k))).intoArray(i, s);
            one.sub(zk).mul(relu(rs.sub(m))).add(zk.mul(coef(rhoReset, p, u))).intoArray(rho, s);
            zk.intoArray(z, zOff + k);
        }
        if (k < len) {
            TAIL.lifMcRefrac(x, xOff + k, r, rOff + k, cpl, cplOff + k, v, i, rho, sOff + k, z, zOff + k, len - k, c,
                    tailOff(cOff, k, u), maskSpikes);
        }
    }

    @Override
    public void addScaled(float[] v, int vOff, float[] t, int tOff, float a, int len) {
        int k = 0;
        for (int bound = SPECIES.loopBound(len); k < bound; k += L) {
            fromArray(SPECIES, v, vOff + k).add(fromArray(SPECIES, t, tOff + k).mul(a)).intoArray(v, vOff + k);
        }
        if (k < len) {
            TAIL.addScaled(v, vOff + k, t, tOff + k, a, len - k);
        }
    }

    @Override
    public void divide(float[] v, int vOff, float d, int len) {
        int k = 0;
        for (int bound = SPECIES.loopBound(len); k < bound; k += L) {
            fromArray(SPECIES, v, vOff + k).div(d).intoArray(v, vOff + k);
        }
        if (k < len) {
            TAIL.divide(v, vOff + k, d, len - k);
        }
    }

    @Override
    public void lifCurrentEncoder(float[] x, int xOff, float[] v, int sOff, float[] z, int zOff, int len, float[][] c,
            int cOff) {
        float[] aMem = c[LifBox.A_MEM], vLeak = c[LifBox.V_LEAK], vTh = c[LifBox.V_TH], vReset = c[LifBox.V_RESET];
        boolean u = shared(c);
        FloatVector one = FloatVector.broadcast(SPECIES, 1f);
        int k = 0;
        for (int bound = SPECIES.loopBound(len); k < bound; k += L) {
            int s = sOff + k, p = cOff + k;
            FloatVector vs = fromArray(SPECIES, v, s);
            FloatVector v1 = vs.add(coef(aMem, p, u).mul(coef(vLeak, p, u).sub(vs).add(fromArray(SPECIES, x, xOff + k))));
            FloatVector zk = heaviside(v1, coef(vTh, p, u), one);
            v1.sub(zk.mul(v1.sub(coef(vReset, p, u)))).intoArray(v, s);
            zk.intoArray(z, zOff + k);
        }
        if (k < len) {
            TAIL.lifCurrentEncoder(x, xOff + k, v, sOff + k, z, zOff + k, len - k, c, tailOff(cOff, k, u));
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Backward passes: the scalar twins' formulas, operation for operation.

    /** The surrogate gradient for upstream {@code g} at {@code x}; see {@link ScalarKernels#surrogate}. */
    private static FloatVector surrogate(int method, FloatVector g, FloatVector x, FloatVector alpha, FloatVector zero,
            FloatVector one) {
        switch (method) {
            case SURROGATE_SUPER:
                return superSpike(g, x, alpha, one);
            case SURROGATE_HEAVISIDE:
                return zero;
            case SURROGATE_TRIANGLE:
                return triangle(g, x, alpha, zero, one);
            case SURROGATE_TANH:
                return tanh(g, x, alpha, one);
            case SURROGATE_CIRC:
                return circ(g, x, alpha, one);
            case SURROGATE_HEAVI_ERFC:
                return heaviErfc(g, x, alpha);
            default:
                throw new IllegalArgumentException("unknown surrogate method code " + method);
        }
    }

    private static FloatVector superSpike(FloatVector g, FloatVector x, FloatVector alpha, FloatVector one) {
        FloatVector d = alpha.mul(x.abs()).add(one);
        return g.div(d.mul(d));
    }

    private static FloatVector triangle(FloatVector g, FloatVector x, FloatVector alpha, FloatVector zero, FloatVector one) {
        return g.mul(alpha).mul(one.sub(x.abs()).max(zero));
    }

    private static FloatVector tanh(FloatVector g, FloatVector x, FloatVector alpha, FloatVector one) {
        FloatVector t = one.sub(FloatVector.broadcast(SPECIES, 2f).div(exp(alpha.mul(x).abs().mul(2f)).add(one)));
        return g.mul(one.sub(t.mul(t)));
    }

    private static FloatVector circ(FloatVector g, FloatVector x, FloatVector alpha, FloatVector one) {
        FloatVector s = alpha.mul(alpha).add(x.mul(x));
        FloatVector r = s.lanewise(VectorOperators.SQRT);
        FloatVector t = one.div(r.mul(2f)).sub(x.mul(x).div(s.mul(r).mul(2f)));
        return g.mul(t).mul(alpha.mul(2f));
    }

    private static FloatVector heaviErfc(FloatVector g, FloatVector x, FloatVector alpha) {
        FloatVector ax = alpha.mul(x);
        return g.mul(2f).mul(exp(ax.mul(ax).neg())).div(ScalarKernels.SQRT_PI);
    }

    /*
     * The backward kernels run in chunks of CHUNK elements and three passes: the threshold arguments
     * and spike gradients into scratch, the surrogate over the chunk (one tight loop per method), then
     * the rest of the chain rule. One loop with every surrogate inlined outgrew C2's inlining budget and
     * boxed its vectors (measured: the digits training ran 3x slower). The arithmetic per element is that
     * of the scalar twin.
     */
    private static final int CHUNK = 512;
    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[2][CHUNK]);

    /**
     * {@code g[k] = surrogate(g[k], x[k], alpha[p + k])} for {@code k < count} (a multiple of the lane count).
     * Each method's loop is a method of its own: in one method, the five loops (two of them with exp) outgrew
     * C2's node budget (NodeCountInliningCutoff) once the whole test suite had run every branch, and the
     * surrogate and coefficient calls of the later loops were not inlined: their vectors were boxed.
     */
    private static void surrogates(int method, float[] g, float[] x, float[] alpha, int p, boolean u, int count) {
        switch (method) {
            case SURROGATE_SUPER -> superSpikes(g, x, alpha, p, u, count);
            case SURROGATE_TRIANGLE -> triangles(g, x, alpha, p, u, count);
            case SURROGATE_TANH -> tanhs(g, x, alpha, p, u, count);
            case SURROGATE_CIRC -> circs(g, x, alpha, p, u, count);
            case SURROGATE_HEAVI_ERFC -> heaviErfcs(g, x, alpha, p, u, count);
            case SURROGATE_HEAVISIDE -> Arrays.fill(g, 0, count, 0f);
            default -> throw new IllegalArgumentException("unknown surrogate method code " + method);
        }
    }

    private static void superSpikes(float[] g, float[] x, float[] alpha, int p, boolean u, int count) {
        FloatVector one = FloatVector.broadcast(SPECIES, 1f);
        for (int k = 0; k < count; k += L) {
            superSpike(fromArray(SPECIES, g, k), fromArray(SPECIES, x, k), coef(alpha, p + k, u), one).intoArray(g, k);
        }
    }

    private static void triangles(float[] g, float[] x, float[] alpha, int p, boolean u, int count) {
        FloatVector zero = FloatVector.zero(SPECIES), one = FloatVector.broadcast(SPECIES, 1f);
        for (int k = 0; k < count; k += L) {
            triangle(fromArray(SPECIES, g, k), fromArray(SPECIES, x, k), coef(alpha, p + k, u), zero, one).intoArray(g, k);
        }
    }

    private static void tanhs(float[] g, float[] x, float[] alpha, int p, boolean u, int count) {
        FloatVector one = FloatVector.broadcast(SPECIES, 1f);
        for (int k = 0; k < count; k += L) {
            tanh(fromArray(SPECIES, g, k), fromArray(SPECIES, x, k), coef(alpha, p + k, u), one).intoArray(g, k);
        }
    }

    private static void circs(float[] g, float[] x, float[] alpha, int p, boolean u, int count) {
        FloatVector one = FloatVector.broadcast(SPECIES, 1f);
        for (int k = 0; k < count; k += L) {
            circ(fromArray(SPECIES, g, k), fromArray(SPECIES, x, k), coef(alpha, p + k, u), one).intoArray(g, k);
        }
    }

    private static void heaviErfcs(float[] g, float[] x, float[] alpha, int p, boolean u, int count) {
        for (int k = 0; k < count; k += L) {
            heaviErfc(fromArray(SPECIES, g, k), fromArray(SPECIES, x, k), coef(alpha, p + k, u)).intoArray(g, k);
        }
    }

    @Override
    public void surrogate(int method, float[] g, float[] x, float[] out, int len, float alpha) {
        FloatVector zero = FloatVector.zero(SPECIES), one = FloatVector.broadcast(SPECIES, 1f);
        FloatVector a = FloatVector.broadcast(SPECIES, alpha);
        int k = 0;
        for (int bound = SPECIES.loopBound(len); k < bound; k += L) {
            surrogate(method, fromArray(SPECIES, g, k), fromArray(SPECIES, x, k), a, zero, one).intoArray(out, k);
        }
        for (; k < len; k++) {
            out[k] = ScalarKernels.surrogate(method, g[k], x[k], alpha);
        }
    }

    @Override
    public void lifBackward(float[][] rec, int recOff, float[] gOut, int gOutOff, float[] gv, float[] gi, int sOff,
            float[] gx, int gxOff, float[][] gc, int len, float[][] c, int cOff, int method, boolean detachReset) {
        // Per chunk, the three passes are methods of their own, as the surrogates: in one method they outgrew
        // C2's node budget in the whole test suite, and coef calls were not inlined (boxed vectors).
        boolean u = shared(c);
        float[][] scratch = SCRATCH.get();
        float[] xs = scratch[0], gs = scratch[1];
        int bound = SPECIES.loopBound(len);
        for (int k0 = 0; k0 < bound; k0 += CHUNK) {
            int k1 = Math.min(bound, k0 + CHUNK);
            lifThresholds(rec, recOff, gOut, gOutOff, gv, sOff, c, cOff, u, detachReset, xs, gs, k0, k1);
            surrogates(method, gs, xs, c[Lif.ALPHA], cOff + k0, u, k1 - k0);
            lifGradients(rec, recOff, gv, gi, sOff, gx, gxOff, gc, c, cOff, u, gs, k0, k1);
        }
        if (bound < len) {
            TAIL.lifBackward(rec, recOff + bound, gOut, gOutOff + bound, gv, gi, sOff + bound, gx, gxOff + bound, gc,
                    len - bound, c, tailOff(cOff, bound, u), method, detachReset);
        }
    }

    /** lifBackward's first pass over {@code [k0, k1)}: the threshold arguments into xs, the spike gradients into gs. */
    private static void lifThresholds(float[][] rec, int recOff, float[] gOut, int gOutOff, float[] gv, int sOff,
            float[][] c, int cOff, boolean u, boolean detachReset, float[] xs, float[] gs, int k0, int k1) {
        float[] aMem = c[Lif.A_MEM], vLeak = c[Lif.V_LEAK], vTh = c[Lif.V_TH], vReset = c[Lif.V_RESET];
        float[] rv = rec[0], ri = rec[1];
        FloatVector zero = FloatVector.zero(SPECIES);
        for (int k = k0; k < k1; k += L) {
            int s = sOff + k, p = cOff + k, q = recOff + k;
            FloatVector v = fromArray(SPECIES, rv, q);
            FloatVector v1 = v.add(coef(aMem, p, u).mul(coef(vLeak, p, u).sub(v).add(fromArray(SPECIES, ri, q))));
            FloatVector gz = gOut == null ? zero : fromArray(SPECIES, gOut, gOutOff + k);
            if (!detachReset) {
                gz = gz.add(fromArray(SPECIES, gv, s).mul(coef(vReset, p, u).sub(v1)));
            }
            v1.sub(coef(vTh, p, u)).intoArray(xs, k - k0);
            gz.intoArray(gs, k - k0);
        }
    }

    /** lifBackward's last pass over {@code [k0, k1)}: the chain rule from the surrogate gradients in gs. */
    private static void lifGradients(float[][] rec, int recOff, float[] gv, float[] gi, int sOff, float[] gx, int gxOff,
            float[][] gc, float[][] c, int cOff, boolean u, float[] gs, int k0, int k1) {
        float[] aMem = c[Lif.A_MEM], aSyn = c[Lif.A_SYN], vLeak = c[Lif.V_LEAK], vTh = c[Lif.V_TH];
        float[] rv = rec[0], ri = rec[1];
        FloatVector one = FloatVector.broadcast(SPECIES, 1f);
        for (int k = k0; k < k1; k += L) {
            int s = sOff + k, p = cOff + k, q = recOff + k;
            FloatVector v = fromArray(SPECIES, rv, q), i1 = fromArray(SPECIES, ri, q);
            FloatVector w = coef(vLeak, p, u).sub(v).add(i1);
            FloatVector v1 = v.add(coef(aMem, p, u).mul(w));
            FloatVector z = heaviside(v1, coef(vTh, p, u), one);
            FloatVector gv2 = fromArray(SPECIES, gv, s), gi2 = fromArray(SPECIES, gi, s);
            FloatVector sg = fromArray(SPECIES, gs, k - k0);
            FloatVector gv1 = gv2.mul(one.sub(z)).add(sg);
            FloatVector gw = gv1.mul(coef(aMem, p, u));
            FloatVector gi1 = gi2.add(gi2.mul(coef(aSyn, p, u))).add(gw);
            gv1.sub(gw).intoArray(gv, s);
            gi1.intoArray(gi, s);
            gi1.intoArray(gx, gxOff + k);
            if (gc != null) {
                fromArray(SPECIES, gc[Lif.A_MEM], s).add(gv1.mul(w)).intoArray(gc[Lif.A_MEM], s);
                fromArray(SPECIES, gc[Lif.A_SYN], s).add(gi2.mul(i1)).intoArray(gc[Lif.A_SYN], s);
                fromArray(SPECIES, gc[Lif.V_LEAK], s).add(gw).intoArray(gc[Lif.V_LEAK], s);
                fromArray(SPECIES, gc[Lif.V_TH], s).add(sg.neg()).intoArray(gc[Lif.V_TH], s);
                fromArray(SPECIES, gc[Lif.V_RESET], s).add(gv2.mul(z)).intoArray(gc[Lif.V_RESET], s);
            }
        }
    }

    @Override
    public void liBackward(float[][] rec, int recOff, float[] gOut, int gOutOff, float[] gv, float[] gi, int sOff,
            float[] gx, int gxOff, float[][] gc, int len, float[][] c, int cOff) {
        float[] aMem = c[Li.A_MEM], aSyn = c[Li.A_SYN], vLeak = c[Li.V_LEAK];
        float[] rv = rec[0], ri = rec[1];
        boolean u = shared(c);
        int k = 0;
        for (int bound = SPECIES.loopBound(len); k < bound; k += L) {
            int s = sOff + k, p = cOff + k, q = recOff + k;
            FloatVector v = fromArray(SPECIES, rv, q), i1 = fromArray(SPECIES, ri, q);
            FloatVector w = coef(vLeak, p, u).sub(v).add(i1);
            FloatVector gi2 = fromArray(SPECIES, gi, s);
            FloatVector gv1 = gOut == null ? fromArray(SPECIES, gv, s) : fromArray(SPECIES, gv, s).add(fromArray(SPECIES, gOut, gOutOff + k));
            FloatVector gw = gv1.mul(coef(aMem, p, u));
            FloatVector gi1 = gi2.add(gi2.mul(coef(aSyn, p, u))).add(gw);
            gv1.sub(gw).intoArray(gv, s);
            gi1.intoArray(gi, s);
            gi1.intoArray(gx, gxOff + k);
            if (gc != null) {
                fromArray(SPECIES, gc[Li.A_MEM], s).add(gv1.mul(w)).intoArray(gc[Li.A_MEM], s);
                fromArray(SPECIES, gc[Li.A_SYN], s).add(gi2.mul(i1)).intoArray(gc[Li.A_SYN], s);
                fromArray(SPECIES, gc[Li.V_LEAK], s).add(gw).intoArray(gc[Li.V_LEAK], s);
            }
        }
        if (k < len) {
            TAIL.liBackward(rec, recOff + k, gOut, gOutOff + k, gv, gi, sOff + k, gx, gxOff + k, gc, len - k, c,
                    tailOff(cOff, k, u));
        }
    }

    @Override
    public void lsnnBackward(float[][] rec, int recOff, float[] gOut, int gOutOff, float[] gv, float[] gi, float[] gb,
            int sOff, float[] gx, int gxOff, float[][] gc, int len, float[][] c, int cOff, int method,
            boolean detachReset) {
        // The three passes per chunk are methods of their own, as in lifBackward.
        boolean u = shared(c);
        float[][] scratch = SCRATCH.get();
        float[] xs = scratch[0], gs = scratch[1];
        int bound = SPECIES.loopBound(len);
        for (int k0 = 0; k0 < bound; k0 += CHUNK) {
            int k1 = Math.min(bound, k0 + CHUNK);
            lsnnThresholds(rec, recOff, gOut, gOutOff, gv, gb, sOff, c, cOff, u, detachReset, xs, gs, k0, k1);
            surrogates(method, gs, xs, c[Lsnn.ALPHA], cOff + k0, u, k1 - k0);
            lsnnGradients(rec, recOff, gv, gi, gb, sOff, gx, gxOff, gc, c, cOff, u, gs, k0, k1);
        }
        if (bound < len) {
            TAIL.lsnnBackward(rec, recOff + bound, gOut, gOutOff + bound, gv, gi, gb, sOff + bound, gx, gxOff + bound, gc,
                    len - bound, c, tailOff(cOff, bound, u), method, detachReset);
        }
    }

    /** lsnnBackward's first pass over {@code [k0, k1)}: the threshold arguments into xs, the spike gradients into gs. */
    private static void lsnnThresholds(float[][] rec, int recOff, float[] gOut, int gOutOff, float[] gv, float[] gb,
            int sOff, float[][] c, int cOff, boolean u, boolean detachReset, float[] xs, float[] gs, int k0, int k1) {
        float[] aMem = c[Lsnn.A_MEM], aAd = c[Lsnn.A_ADAPT], vLeak = c[Lsnn.V_LEAK], vTh = c[Lsnn.V_TH];
        float[] vReset = c[Lsnn.V_RESET], beta = c[Lsnn.BETA];
        float[] rv = rec[0], ri = rec[1], rb = rec[2];
        FloatVector zero = FloatVector.zero(SPECIES);
        for (int k = k0; k < k1; k += L) {
            int s = sOff + k, p = cOff + k, q = recOff + k;
            FloatVector v = fromArray(SPECIES, rv, q), i = fromArray(SPECIES, ri, q), b = fromArray(SPECIES, rb, q);
            FloatVector v1 = v.add(coef(aMem, p, u).mul(coef(vLeak, p, u).sub(v).add(i)));
            FloatVector b1 = b.add(coef(aAd, p, u).mul(coef(vTh, p, u).sub(b)));
            FloatVector gz = gOut == null ? zero : fromArray(SPECIES, gOut, gOutOff + k);
            if (!detachReset) {
                gz = gz.add(fromArray(SPECIES, gv, s).mul(coef(vReset, p, u).sub(v1)))
                        .add(fromArray(SPECIES, gb, s).mul(coef(beta, p, u)));
            }
            v1.sub(b1).intoArray(xs, k - k0);
            gz.intoArray(gs, k - k0);
        }
    }

    /** lsnnBackward's last pass over {@code [k0, k1)}: the chain rule from the surrogate gradients in gs. */
    private static void lsnnGradients(float[][] rec, int recOff, float[] gv, float[] gi, float[] gb, int sOff, float[] gx,
            int gxOff, float[][] gc, float[][] c, int cOff, boolean u, float[] gs, int k0, int k1) {
        float[] aMem = c[Lsnn.A_MEM], aSyn = c[Lsnn.A_SYN], aAd = c[Lsnn.A_ADAPT], vLeak = c[Lsnn.V_LEAK], vTh = c[Lsnn.V_TH];
        float[] rv = rec[0], ri = rec[1], rb = rec[2];
        FloatVector one = FloatVector.broadcast(SPECIES, 1f);
        for (int k = k0; k < k1; k += L) {
            int s = sOff + k, p = cOff + k, q = recOff + k;
            FloatVector v = fromArray(SPECIES, rv, q), i = fromArray(SPECIES, ri, q), b = fromArray(SPECIES, rb, q);
            FloatVector w = coef(vLeak, p, u).sub(v).add(i);
            FloatVector v1 = v.add(coef(aMem, p, u).mul(w));
            FloatVector uu = coef(vTh, p, u).sub(b);
            FloatVector b1 = b.add(coef(aAd, p, u).mul(uu));
            FloatVector z = heaviside(v1, b1, one);
            FloatVector gv2 = fromArray(SPECIES, gv, s), gi2 = fromArray(SPECIES, gi, s), gb2 = fromArray(SPECIES, gb, s);
            FloatVector sg = fromArray(SPECIES, gs, k - k0);
            FloatVector gv1 = gv2.mul(one.sub(z)).add(sg);
            FloatVector gb1 = gb2.sub(sg);
            FloatVector gw = gv1.mul(coef(aMem, p, u));
            FloatVector gu = gb1.mul(coef(aAd, p, u));
            gv1.sub(gw).intoArray(gv, s);
            gi2.add(gi2.mul(coef(aSyn, p, u))).add(gw).intoArray(gi, s);
            gb1.sub(gu).intoArray(gb, s);
            gi2.intoArray(gx, gxOff + k);
            if (gc != null) {
                fromArray(SPECIES, gc[Lsnn.A_MEM], s).add(gv1.mul(w)).intoArray(gc[Lsnn.A_MEM], s);
                fromArray(SPECIES, gc[Lsnn.A_SYN], s).add(gi2.mul(i)).intoArray(gc[Lsnn.A_SYN], s);
                fromArray(SPECIES, gc[Lsnn.A_ADAPT], s).add(gb1.mul(uu)).intoArray(gc[Lsnn.A_ADAPT], s);
                fromArray(SPECIES, gc[Lsnn.V_LEAK], s).add(gw).intoArray(gc[Lsnn.V_LEAK], s);
                fromArray(SPECIES, gc[Lsnn.V_TH], s).add(gu).intoArray(gc[Lsnn.V_TH], s);
                fromArray(SPECIES, gc[Lsnn.V_RESET], s).add(gv2.mul(z)).intoArray(gc[Lsnn.V_RESET], s);
                fromArray(SPECIES, gc[Lsnn.BETA], s).add(gb2.mul(z)).intoArray(gc[Lsnn.BETA], s);
            }
        }
    }
}
