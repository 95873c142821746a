package io.snn4j.tensor;

import java.util.Arrays;
import java.util.Objects;

/**
 * A dense float32 tensor: a shape and a flat, row-major (C order) window of a {@code float[]}.
 *
 * <p>A tensor is a view: {@link #data()} is the backing array and {@link #offset()} the index of
 * element {@code (0, 0, ...)} in it; the {@link #size()} elements that follow are the tensor's
 * contents in row-major order. {@link #step(int)} and {@link #reshape(int...)} return views that share
 * the backing array, so writes through one are seen by the other. Sequence tensors are time-first,
 * {@code (T, ...)}, as in Norse.
 *
 * <p>A rank-0 tensor (shape {@code []}) holds one element. Dimensions of size 0 are allowed.
 *
 * <p>Not thread-safe for concurrent writes; concurrent reads are safe.
 */
public final class Tensor {
    private final int[] shape;
    private final float[] data;
    private final int offset;
    private final int size;

    private Tensor(float[] data, int offset, int[] shape) {
        this.shape = shape;
        this.data = data;
        this.offset = offset;
        this.size = Shapes.size(shape);
    }

    /** A new tensor of zeros. */
    public static Tensor zeros(int... shape) {
        int[] s = Shapes.checked(shape, "shape");
        return new Tensor(new float[Shapes.size(s)], 0, s);
    }

    /** A new tensor filled with {@code value}. */
    public static Tensor full(float value, int... shape) {
        Tensor t = zeros(shape);
        Arrays.fill(t.data, value);
        return t;
    }

    /** A new tensor of ones. */
    public static Tensor ones(int... shape) {
        return full(1f, shape);
    }

    /** A rank-0 tensor holding {@code value}. */
    public static Tensor scalar(float value) {
        return new Tensor(new float[] {value}, 0, new int[0]);
    }

    /**
     * A tensor over a copy of {@code values}, which must hold exactly as many elements as the shape.
     */
    public static Tensor of(float[] values, int... shape) {
        Objects.requireNonNull(values, "values");
        return wrap(values.clone(), shape);
    }

    /**
     * A tensor that uses {@code data} itself as its backing array (no copy): later writes to the array
     * are seen through the tensor.
     */
    public static Tensor wrap(float[] data, int... shape) {
        return view(data, 0, shape);
    }

    /** A view of {@code data} from {@code offset} with the given shape (no copy). */
    public static Tensor view(float[] data, int offset, int[] shape) {
        Objects.requireNonNull(data, "data");
        int[] s = Shapes.checked(shape, "shape");
        long need = Shapes.size(s);
        if (offset < 0 || offset + need > data.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(s) + " needs " + need
                    + " elements from offset " + offset + ", but the array has " + data.length);
        }
        return new Tensor(data, offset, s);
    }

    /** A 1-d tensor over a copy of {@code values}. */
    public static Tensor vector(float... values) {
        return of(values, values.length);
    }

    /** The shape (a copy). */
    public int[] shape() {
        return shape.clone();
    }

    /** The number of dimensions. */
    public int rank() {
        return shape.length;
    }

    /** The size of dimension {@code d}; a negative {@code d} counts from the end. */
    public int dim(int d) {
        int k = d < 0 ? shape.length + d : d;
        if (k < 0 || k >= shape.length) {
            throw new IllegalArgumentException("dimension " + d + " is out of range for shape " + Arrays.toString(shape));
        }
        return shape[k];
    }

    /** The number of elements. */
    public int size() {
        return size;
    }

    /** The backing array (not a copy); the tensor's elements are {@code data()[offset() .. offset()+size())}. */
    public float[] data() {
        return data;
    }

    /** Index of the first element in {@link #data()}. */
    public int offset() {
        return offset;
    }

    /** The elements in row-major order, as a new array. */
    public float[] toArray() {
        return Arrays.copyOfRange(data, offset, offset + size);
    }

    /** A deep copy with its own backing array. */
    public Tensor copy() {
        return new Tensor(toArray(), 0, shape.clone());
    }

    /** The element at the given index (one index per dimension). */
    public float get(int... index) {
        return data[offset + flatIndex(index)];
    }

    /** Sets the element at the given index (one index per dimension). */
    public void set(float value, int... index) {
        data[offset + flatIndex(index)] = value;
    }

    /**
     * The view of index {@code t} along dimension 0: for a time-first sequence {@code (T, ...)}, time step
     * {@code t} with shape {@code (...)}. Shares the backing array.
     */
    public Tensor step(int t) {
        if (shape.length == 0) {
            throw new IllegalArgumentException("a rank-0 tensor has no time dimension");
        }
        if (t < 0 || t >= shape[0]) {
            throw new IllegalArgumentException("time step " + t + " is out of range for shape " + Arrays.toString(shape));
        }
        int[] rest = Arrays.copyOfRange(shape, 1, shape.length);
        return new Tensor(data, offset + t * Shapes.size(rest), rest);
    }

    /** A view with another shape of the same number of elements. */
    public Tensor reshape(int... newShape) {
        int[] s = Shapes.checked(newShape, "shape");
        if (Shapes.size(s) != size) {
            throw new IllegalArgumentException("cannot reshape " + Arrays.toString(shape) + " (" + size
                    + " elements) to " + Arrays.toString(s) + " (" + Shapes.size(s) + " elements)");
        }
        return new Tensor(data, offset, s);
    }

    /** Copies the elements of {@code src}, which must have the same shape, into this tensor. */
    public void copyFrom(Tensor src) {
        Shapes.requireShape("src", src.shape, shape);
        System.arraycopy(src.data, src.offset, data, offset, size);
    }

    /** The number of elements that are not 0 (for spike tensors: the number of spikes). */
    public long countNonZero() {
        long n = 0;
        for (int k = offset, end = offset + size; k < end; k++) {
            if (data[k] != 0f) {
                n++;
            }
        }
        return n;
    }

    private int flatIndex(int[] index) {
        if (index.length != shape.length) {
            throw new IllegalArgumentException("index " + Arrays.toString(index) + " has " + index.length
                    + " components, but the tensor has shape " + Arrays.toString(shape));
        }
        int flat = 0;
        for (int d = 0; d < shape.length; d++) {
            if (index[d] < 0 || index[d] >= shape[d]) {
                throw new IndexOutOfBoundsException("index " + Arrays.toString(index) + " is out of range for shape "
                        + Arrays.toString(shape));
            }
            flat = flat * shape[d] + index[d];
        }
        return flat;
    }

    /** Same shape and the same element values (compared as float bits, so NaN equals NaN and -0 differs from 0). */
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Tensor t) || !Arrays.equals(shape, t.shape)) {
            return false;
        }
        for (int k = 0; k < size; k++) {
            if (Float.floatToIntBits(data[offset + k]) != Float.floatToIntBits(t.data[t.offset + k])) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = Arrays.hashCode(shape);
        for (int k = 0; k < size; k++) {
            h = 31 * h + Float.floatToIntBits(data[offset + k]);
        }
        return h;
    }

    /** The shape and, for up to 16 elements, the values. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("Tensor").append(Arrays.toString(shape));
        if (size <= 16) {
            b.append(Arrays.toString(toArray()));
        }
        return b.toString();
    }
}
