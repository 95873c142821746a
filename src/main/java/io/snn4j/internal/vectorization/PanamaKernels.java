package io.snn4j.internal.vectorization;

import jdk.incubator.vector.FloatVector;
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
 * nothing per iteration (measured: about 1.5x faster than loading per-neuron copies).
 */
final class PanamaKernels implements Kernels {
    static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int L = SPECIES.length();
    private static final ScalarKernels TAIL = ScalarKernels.INSTANCE;

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
        return shared ? FloatVector.broadcast(SPECIES, a[0]) : FloatVector.fromArray(SPECIES, a, p);
    }

    /** Whether the coefficient arrays hold one value shared by all neurons. */
    private static boolean shared(float[][] c) {
        return c[0].length == 1;
    }

    /** The coefficient offset for the scalar tail that starts at element {@code k}. */
    private static int tailOff(int cOff, int k, boolean shared) {
        return shared ? cOff : cOff + k;
    }

    /*
     * The constants 0 and 1 are created once per call and passed down rather than created in the loop.
     */

    /** 1 where {@code v1 - th > 0} (false for NaN), else 0. */
    private static FloatVector heaviside(FloatVector v1, FloatVector th, FloatVector zero, FloatVector one) {
        VectorMask<Float> m = v1.sub(th).compare(VectorOperators.GT, zero);
        return zero.blend(one, m);
    }

    /** {@code (1 - z) * v1 + z * reset}, as Norse writes the reset (so NaN and infinities propagate alike). */
    private static FloatVector reset(FloatVector z, FloatVector v1, FloatVector reset, FloatVector one) {
        return one.sub(z).mul(v1).add(z.mul(reset));
    }

    @Override
    public void lif(float[] x, int xOff, float[] v, float[] i, int sOff, float[] z, int zOff, int len, float[][] c, int cOff) {
        float[] aMem = c[0], aSyn = c[1], vLeak = c[2], vTh = c[3], vReset = c[4];
        boolean u = shared(c);
        FloatVector zero = FloatVector.zero(SPECIES), one = FloatVector.broadcast(SPECIES, 1f);
        int k = 0;
        for (int bound = SPECIES.loopBound(len); k < bound; k += L) {
            int s = sOff + k, p = cOff + k;
            FloatVector vs = FloatVector.fromArray(SPECIES, v, s);
            FloatVector i1 = FloatVector.fromArray(SPECIES, i, s).add(FloatVector.fromArray(SPECIES, x, xOff + k));
            FloatVector v1 = vs.add(coef(aMem, p, u).mul(coef(vLeak, p, u).sub(vs).add(i1)));
            FloatVector i2 = i1.add(coef(aSyn, p, u).mul(i1));
            FloatVector zk = heaviside(v1, coef(vTh, p, u), zero, one);
            reset(zk, v1, coef(vReset, p, u), one).intoArray(v, s);
            i2.intoArray(i, s);
            zk.intoArray(z, zOff + k);
        }
        if (k < len) {
            TAIL.lif(x, xOff + k, v, i, sOff + k, z, zOff + k, len - k, c, tailOff(cOff, k, u));
        }
    }

    @Override
    public void li(float[] x, int xOff, float[] v, float[] i, int sOff, float[] out, int outOff, int len, float[][] c, int cOff) {
        float[] aMem = c[0], aSyn = c[1], vLeak = c[2];
        boolean u = shared(c);
        int k = 0;
        for (int bound = SPECIES.loopBound(len); k < bound; k += L) {
            int s = sOff + k, p = cOff + k;
            FloatVector vs = FloatVector.fromArray(SPECIES, v, s);
            FloatVector i1 = FloatVector.fromArray(SPECIES, i, s).add(FloatVector.fromArray(SPECIES, x, xOff + k));
            FloatVector v1 = vs.add(coef(aMem, p, u).mul(coef(vLeak, p, u).sub(vs).add(i1)));
            i1.add(coef(aSyn, p, u).mul(i1)).intoArray(i, s);
            v1.intoArray(v, s);
            v1.intoArray(out, outOff + k);
        }
        if (k < len) {
            TAIL.li(x, xOff + k, v, i, sOff + k, out, outOff + k, len - k, c, tailOff(cOff, k, u));
        }
    }
}
