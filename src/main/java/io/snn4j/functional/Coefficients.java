package io.snn4j.functional;

import java.util.Map;

/**
 * A neuron model's step coefficients for one parameter set and dt (for LIF: {@code dt*tau_mem_inv},
 * {@code -dt*tau_syn_inv}, {@code v_leak}, ...), computed once in float32 exactly as Norse computes them.
 *
 * <p>When every parameter is a scalar, each array holds one value ({@link #period()} = 1) and the kernels
 * broadcast it; otherwise each array holds one value per neuron of the last dimension N (period = N),
 * and state element {@code e} uses index {@code e % N}. The arrays of one instance all have the same
 * length. Immutable after construction and thread-safe.
 */
public final class Coefficients {

    /** Computes coefficient values per neuron index. */
    @FunctionalInterface
    public interface PerNeuron {
        /** The coefficient for neuron {@code k} of the last dimension. */
        float at(int k);
    }

    private final float[][] arrays;
    private final int period;

    private Coefficients(float[][] arrays, int period) {
        this.arrays = arrays;
        this.period = period;
    }

    /**
     * The period for parameters {@code p} on states whose last dimension is {@code n}: n if any
     * {@link Param} (also nested) is per-neuron, else 1.
     *
     * @throws IllegalArgumentException naming the field if a per-neuron parameter does not have n values
     */
    public static int period(NeuronParameters p, int n) {
        return hasPerNeuron(p, p.typeName(), n) ? n : 1;
    }

    private static boolean hasPerNeuron(NeuronParameters p, String path, int n) {
        boolean any = false;
        for (Map.Entry<String, Object> e : p.fields().entrySet()) {
            if (e.getValue() instanceof Param q && !q.isScalar()) {
                if (q.size() != n) {
                    throw new IllegalArgumentException(path + "." + e.getKey() + " has " + q.size()
                            + " per-neuron values, but the input's neuron dimension (last) is " + n);
                }
                any = true;
            } else if (e.getValue() instanceof NeuronParameters nested) {
                any |= hasPerNeuron(nested, path + "." + e.getKey(), n);
            }
        }
        return any;
    }

    /** Coefficient arrays of length {@code period}, one per function, in order. */
    public static Coefficients of(int period, PerNeuron... fns) {
        float[][] a = new float[fns.length][period];
        for (int j = 0; j < fns.length; j++) {
            for (int k = 0; k < period; k++) {
                a[j][k] = fns[j].at(k);
            }
        }
        return new Coefficients(a, period);
    }

    /**
     * A builder that fills coefficient slots by name ({@link io.snn4j.internal.vectorization.Slots}) rather
     * than by position: {@code Coefficients.slots(period, Lif.COUNT).set(Lif.A_MEM, k -> ...)...build()}.
     */
    public static Builder slots(int period, int count) {
        return new Builder(period, count);
    }

    /** Fills the slots of one coefficient set; {@link #build()} checks that every slot was set once. Not thread-safe. */
    public static final class Builder {
        private final int period;
        private final float[][] arrays;

        private Builder(int period, int count) {
            this.period = period;
            this.arrays = new float[count][];
        }

        /** Slot {@code slot}: {@code fn.at(k)} for neuron index {@code k < period}. */
        public Builder set(int slot, PerNeuron fn) {
            if (arrays[slot] != null) {
                throw new IllegalStateException("coefficient slot " + slot + " is set twice");
            }
            float[] a = new float[period];
            for (int k = 0; k < period; k++) {
                a[k] = fn.at(k);
            }
            arrays[slot] = a;
            return this;
        }

        /** The coefficients. @throws IllegalStateException naming a slot that was not set */
        public Coefficients build() {
            for (int j = 0; j < arrays.length; j++) {
                if (arrays[j] == null) {
                    throw new IllegalStateException("coefficient slot " + j + " is not set");
                }
            }
            return new Coefficients(arrays, period);
        }
    }

    /** Coefficients over existing arrays of equal length (not copied). */
    public static Coefficients wrap(float[][] arrays) {
        return new Coefficients(arrays, arrays[0].length);
    }

    /** {@code base} with more arrays of the same length appended. */
    public static Coefficients append(float[][] base, float[]... more) {
        float[][] a = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, a, base.length, more.length);
        return wrap(a);
    }

    /** The length of every coefficient array: 1 (shared by all neurons) or N (one per neuron). */
    public int period() {
        return period;
    }

    /** The coefficient index of state element {@code e}: {@code e % period()} (0 when all are shared). */
    public int offset(int e) {
        return period == 1 ? 0 : e % period;
    }

    /**
     * How many elements from {@code e} on, up to {@code to}, a kernel can take in one call: up to where
     * the coefficient index wraps (everything up to {@code to} when all coefficients are shared).
     */
    public int pieceLength(int e, int to) {
        return period == 1 ? to - e : Math.min(period - e % period, to - e);
    }

    /** The raw arrays handed to the kernels (not copies: do not modify). */
    public float[][] arrays() {
        return arrays;
    }
}
