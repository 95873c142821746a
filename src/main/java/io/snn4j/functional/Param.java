package io.snn4j.functional;

import java.util.Arrays;

/**
 * One neuron-model parameter: a single value shared by all neurons (Norse's 0-d tensor) or one value per
 * neuron (a tensor of shape {@code (N,)} that broadcasts against the last dimension of the state).
 * Immutable and thread-safe; the array given to {@link #of(float...)} is copied.
 */
public final class Param {
    private final float[] values;

    private Param(float[] values) {
        this.values = values;
    }

    /** A scalar parameter. */
    public static Param of(float value) {
        return new Param(new float[] {value});
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
        return new Param(values.clone());
    }

    /** Whether this is a single value shared by all neurons. */
    public boolean isScalar() {
        return values.length == 1;
    }

    /** The number of values: 1 for a scalar, N for a per-neuron parameter. */
    public int size() {
        return values.length;
    }

    /** The value for neuron {@code k} of the last dimension (the single value of a scalar for any k). */
    public float at(int k) {
        return values.length == 1 ? values[0] : values[k];
    }

    /** The value of a scalar parameter. @throws IllegalStateException if it is per-neuron */
    public float scalar() {
        if (values.length != 1) {
            throw new IllegalStateException("parameter has " + values.length + " values, not one");
        }
        return values[0];
    }

    /** The values (a copy). */
    public float[] toArray() {
        return values.clone();
    }

    /** The shape Norse would give this tensor: {@code []} or {@code [N]}. */
    public int[] shape() {
        return values.length == 1 ? new int[0] : new int[] {values.length};
    }

    /** Whether every value is finite. */
    public boolean isFinite() {
        for (float v : values) {
            if (!Float.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    /** Whether every value is finite and greater than 0. */
    public boolean isPositive() {
        for (float v : values) {
            if (!(v > 0f) || !Float.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    /** This parameter with {@code f} applied to every value. */
    public Param map(java.util.function.DoubleUnaryOperator f) {
        float[] out = new float[values.length];
        for (int k = 0; k < out.length; k++) {
            out[k] = (float) f.applyAsDouble(values[k]);
        }
        return new Param(out);
    }

    /**
     * Fills {@code dst} (a flat state buffer whose last dimension is {@code lastDim}) with this value
     * broadcast along the last dimension.
     *
     * @throws IllegalArgumentException naming {@code what} if a per-neuron parameter does not match {@code lastDim}
     */
    public void broadcastInto(float[] dst, int lastDim, String what) {
        if (values.length == 1) {
            Arrays.fill(dst, values[0]);
            return;
        }
        if (values.length != lastDim) {
            throw new IllegalArgumentException(what + " has " + values.length
                    + " per-neuron values, but the neuron dimension is " + lastDim);
        }
        for (int k = 0; k < dst.length; k += lastDim) {
            System.arraycopy(values, 0, dst, k, lastDim);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Param p && Arrays.equals(values, p.values);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values);
    }

    /** As torch prints the tensor: {@code tensor(200.)}, {@code tensor(0.0012)}, {@code tensor([1.0000, 0.5000])}. */
    @Override
    public String toString() {
        return Reprs.tensor(values, values.length != 1);
    }
}
