package io.snn4j.tensor;

import java.util.Arrays;

/** Shape arithmetic and checks shared by the library; every failure names the argument. Stateless. */
public final class Shapes {
    private Shapes() {
    }

    /**
     * The number of elements of a shape; throws {@link IllegalArgumentException} if it is larger than a
     * Java array can hold.
     */
    public static int size(int[] shape) {
        long n = 1;
        for (int d : shape) {
            n *= d;
            if (n > Integer.MAX_VALUE - 16) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " has more elements than an array can hold");
            }
        }
        return (int) n;
    }

    /** A copy of {@code shape} after checking that no dimension is negative. */
    public static int[] checked(int[] shape, String what) {
        if (shape == null) {
            throw new IllegalArgumentException(what + " is null");
        }
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException(what + " " + Arrays.toString(shape) + " has a negative dimension");
            }
        }
        int[] s = shape.clone();
        size(s);
        return s;
    }

    /**
     * Checks an output tensor a caller passes: throws {@link IllegalArgumentException} if it is null or its
     * shape is not {@code expected} (the message names {@code out}). Allocates nothing when the tensor fits
     * (a recurrent cell's step with a given output allocates nothing at all).
     */
    public static void requireOut(Tensor out, int[] expected) {
        if (out == null) {
            throw new IllegalArgumentException("out is null");
        }
        boolean same = out.rank() == expected.length;
        for (int d = 0; same && d < expected.length; d++) {
            same = out.dim(d) == expected[d];
        }
        if (!same) {
            requireShape("out", out.shape(), expected);
        }
    }

    /** Throws {@link IllegalArgumentException} naming {@code what} unless {@code actual} equals {@code expected}. */
    public static void requireShape(String what, int[] actual, int[] expected) {
        if (!Arrays.equals(actual, expected)) {
            throw new IllegalArgumentException(what + " has shape " + Arrays.toString(actual) + ", expected "
                    + Arrays.toString(expected));
        }
    }

    /** The last dimension (the neuron dimension), or 1 for a rank-0 shape. */
    public static int lastDim(int[] shape) {
        return shape.length == 0 ? 1 : shape[shape.length - 1];
    }

    /** {@code shape} without its first dimension. */
    public static int[] dropFirst(int[] shape) {
        return Arrays.copyOfRange(shape, 1, shape.length);
    }

    /** {@code shape} with its last dimension replaced by {@code last}. */
    public static int[] withLast(int[] shape, int last) {
        int[] s = shape.clone();
        s[s.length - 1] = last;
        return s;
    }

    /** {@code first} followed by the dimensions of {@code shape}. */
    public static int[] prepend(int first, int[] shape) {
        int[] s = new int[shape.length + 1];
        s[0] = first;
        System.arraycopy(shape, 0, s, 1, shape.length);
        return s;
    }
}
