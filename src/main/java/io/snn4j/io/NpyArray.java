package io.snn4j.io;

import io.snn4j.tensor.Tensor;
import java.util.Arrays;

/**
 * One array read from a NumPy {@code .npy} file (or an entry of an {@code .npz}): its dtype, shape and
 * values. Floating-point arrays ({@code <f4}, {@code <f8}) are held as float32, integer arrays
 * ({@code <i4}, {@code <i8}) as long, booleans ({@code |b1}) as 0/1. Immutable and thread-safe (the
 * accessors return copies).
 */
public final class NpyArray {
    private final String dtype;
    private final int[] shape;
    private final float[] floats;
    private final long[] longs;

    NpyArray(String dtype, int[] shape, float[] floats, long[] longs) {
        this.dtype = dtype;
        this.shape = shape;
        this.floats = floats;
        this.longs = longs;
    }

    /** The NumPy dtype string as stored, e.g. {@code <f4}. */
    public String dtype() {
        return dtype;
    }

    /** The shape (a copy). */
    public int[] shape() {
        return shape.clone();
    }

    /** Whether the values are integers (or booleans) rather than floating point. */
    public boolean isInteger() {
        return longs != null;
    }

    /** The values as a float32 tensor (integers are converted). */
    public Tensor toTensor() {
        if (floats != null) {
            return Tensor.of(floats, shape);
        }
        float[] f = new float[longs.length];
        for (int k = 0; k < f.length; k++) {
            f[k] = longs[k];
        }
        return Tensor.wrap(f, shape);
    }

    /**
     * The values as longs.
     *
     * @throws IllegalStateException if the array holds floating-point values
     */
    public long[] toLongArray() {
        if (longs == null) {
            throw new IllegalStateException("a " + dtype + " array has no integer values");
        }
        return longs.clone();
    }

    @Override
    public String toString() {
        return "NpyArray(" + dtype + ", " + Arrays.toString(shape) + ")";
    }
}
