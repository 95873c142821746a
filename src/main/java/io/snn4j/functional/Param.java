package io.snn4j.functional;

import java.util.Arrays;

/**
 * One neuron-model parameter: a single value shared by all neurons (Norse's 0-d tensor) or one value per
 * neuron (a tensor of shape {@code (N,)} that broadcasts against the last dimension of the state).
 * Values are kept in double precision so that parameters Norse keeps as Python numbers (Izhikevich's)
 * enter products exactly as Norse computes them; {@link #at} gives the float32 value. Immutable and
 * thread-safe; arrays given to the factories are copied.
 */
public final class Param {
    private final double[] values;
    /** 0: a float32 tensor; 1: a Python float; 2: a Python int (only how it prints differs). */
    private final int kind;

    private Param(double[] values, int kind) {
        this.values = values;
        this.kind = kind;
    }

    /** A scalar parameter (a float32 tensor in Norse). */
    public static Param of(float value) {
        return new Param(new double[] {value}, 0);
    }

    /** A scalar parameter that Norse keeps as a Python float (double precision, printed as {@code 100.0}). */
    public static Param number(double value) {
        return new Param(new double[] {value}, 1);
    }

    /** A scalar parameter that Norse keeps as a Python int (printed as {@code 250}). */
    public static Param integer(long value) {
        return new Param(new double[] {value}, 2);
    }

    /** Per-neuron values kept in double precision (for parameters Norse keeps as Python numbers). */
    public static Param numbers(double... values) {
        if (values == null || values.length == 0) {
            throw new IllegalArgumentException("a parameter needs at least one value");
        }
        return new Param(values.clone(), 1);
    }

    /**
     * A per-neuron parameter (one value per neuron of the last dimension); a single value is a scalar.
     *
     * @throws IllegalArgumentException if {@code values} is empty
     */
    public static Param of(float... values) {
        if (values == null || values.length == 0) {
            throw new IllegalArgumentException("a parameter needs at least one value");
        }
        double[] d = new double[values.length];
        for (int k = 0; k < d.length; k++) {
            d[k] = values[k];
        }
        return new Param(d, 0);
    }

    /** Whether this is a single value shared by all neurons. */
    public boolean isScalar() {
        return values.length == 1;
    }

    /** The number of values: 1 for a scalar, N for a per-neuron parameter. */
    public int size() {
        return values.length;
    }

    /** The float32 value for neuron {@code k} of the last dimension (the single value of a scalar for any k). */
    public float at(int k) {
        return (float) atDouble(k);
    }

    /** The value for neuron {@code k} in double precision. */
    public double atDouble(int k) {
        return values.length == 1 ? values[0] : values[k];
    }

    /** The float32 value of a scalar parameter. @throws IllegalStateException if it is per-neuron */
    public float scalar() {
        if (values.length != 1) {
            throw new IllegalStateException("parameter has " + values.length + " values, not one");
        }
        return (float) values[0];
    }

    /** The float32 values (a copy). */
    public float[] toArray() {
        float[] f = new float[values.length];
        for (int k = 0; k < f.length; k++) {
            f[k] = (float) values[k];
        }
        return f;
    }

    /** The shape Norse would give this tensor: {@code []} or {@code [N]}. */
    public int[] shape() {
        return values.length == 1 ? new int[0] : new int[] {values.length};
    }

    /** Whether every value is finite. */
    public boolean isFinite() {
        for (double v : values) {
            if (!Double.isFinite(v) || !Float.isFinite((float) v)) {
                return false;
            }
        }
        return true;
    }

    /** Whether every value is finite and greater than 0. */
    public boolean isPositive() {
        for (double v : values) {
            if (!(v > 0) || !Float.isFinite((float) v) || (float) v == 0f) {
                return false;
            }
        }
        return true;
    }

    /** This parameter with {@code f} applied to every value. */
    public Param map(java.util.function.DoubleUnaryOperator f) {
        double[] out = new double[values.length];
        for (int k = 0; k < out.length; k++) {
            out[k] = kind != 0 ? f.applyAsDouble(values[k]) : (float) f.applyAsDouble(values[k]);
        }
        return new Param(out, kind == 2 ? 1 : kind);
    }

    /**
     * Fills {@code dst} (a flat state buffer whose last dimension is {@code lastDim}) with this value
     * broadcast along the last dimension.
     *
     * @throws IllegalArgumentException naming {@code what} if a per-neuron parameter does not match {@code lastDim}
     */
    public void broadcastInto(float[] dst, int lastDim, String what) {
        if (values.length == 1) {
            Arrays.fill(dst, (float) values[0]);
            return;
        }
        if (values.length != lastDim) {
            throw new IllegalArgumentException(what + " has " + values.length
                    + " per-neuron values, but the neuron dimension is " + lastDim);
        }
        float[] row = toArray();
        for (int k = 0; k < dst.length; k += lastDim) {
            System.arraycopy(row, 0, dst, k, lastDim);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Param p && Arrays.equals(values, p.values) && kind == p.kind;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values);
    }

    /**
     * As Norse prints it: a torch tensor ({@code tensor(200.)}, {@code tensor(0.0012)},
     * {@code tensor([1.0000, 0.5000])}), or a Python number ({@code 0.02}, {@code 100.0}, {@code -65}).
     */
    @Override
    public String toString() {
        if (kind == 2) {
            return Long.toString((long) values[0]);
        }
        if (kind == 1 && values.length == 1) {
            return Reprs.pyFloat(values[0]);
        }
        return Reprs.tensor(toArray(), values.length != 1);
    }
}
