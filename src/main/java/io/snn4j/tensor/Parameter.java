package io.snn4j.tensor;

import java.util.Arrays;

/**
 * A trainable tensor, as PyTorch's {@code nn.Parameter}: a name, a shape, the values (row-major) and a
 * gradient buffer of the same size that backward passes accumulate into ({@code grad += ...}) until
 * {@link #zeroGrad()}. Layers own their parameters and read the values in place; whoever changes the
 * values (an optimizer) calls {@link #changed()} so that layers refresh what they derive from them
 * (transposed copies). Not thread-safe: one training loop updates a parameter at a time.
 */
public final class Parameter {
    private final String name;
    private final int[] shape;
    private final float[] data;
    private final float[] grad;
    private volatile long version;

    /**
     * A parameter over {@code data} (not copied: the owner's array) with the given shape.
     *
     * @throws IllegalArgumentException if the shape's size is not {@code data.length}
     */
    public Parameter(String name, int[] shape, float[] data) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a parameter needs a name");
        }
        int[] s = Shapes.checked(shape, name + " shape");
        if (data == null || Shapes.size(s) != data.length) {
            throw new IllegalArgumentException(name + ": shape " + Arrays.toString(s) + " needs " + Shapes.size(s)
                    + " values, got " + (data == null ? "null" : data.length));
        }
        this.name = name;
        this.shape = s;
        this.data = data;
        this.grad = new float[data.length];
    }

    /** The name, e.g. {@code fc1.weight}. */
    public String name() {
        return name;
    }

    /** The shape (a copy). */
    public int[] shape() {
        return shape.clone();
    }

    /** The number of values. */
    public int size() {
        return data.length;
    }

    /** The values, row-major (the live array: call {@link #changed()} after writing it). */
    public float[] data() {
        return data;
    }

    /** The accumulated gradient, same layout as {@link #data()} (the live array). */
    public float[] grad() {
        return grad;
    }

    /** Sets the gradient to zero. */
    public void zeroGrad() {
        Arrays.fill(grad, 0f);
    }

    /** Counts changes of the values; layers compare it to refresh derived copies. */
    public long version() {
        return version;
    }

    /** Records that the values were changed in place. */
    public void changed() {
        version++;
    }

    /** The values as a tensor (shares the array). */
    public Tensor tensor() {
        return Tensor.wrap(data, shape);
    }

    /** The gradient as a tensor of the parameter's shape (shares the array). */
    public Tensor gradTensor() {
        return Tensor.wrap(grad, shape);
    }

    @Override
    public String toString() {
        return "Parameter(" + name + ", shape=" + Arrays.toString(shape) + ")";
    }
}
