package io.snn4j.nn;

import io.snn4j.tensor.Tensor;
import java.util.Arrays;

/**
 * What the builders of {@link Conv1d} and {@link Conv2d} share: torch's constructor arguments, and either given
 * weights (checked against them) or PyTorch's default initialisation from a seed. Not thread-safe.
 *
 * @param <B> the concrete builder
 */
abstract class ConvBuilder<B extends ConvBuilder<B>> {
    private final int spatial;
    private final int in;
    private final int out;
    private final int[] kernel;
    int[] stride;
    int[] padding;
    String paddingMode;
    int[] dilation;
    int groups = 1;
    private boolean withBias = true;
    private long seed;
    private Tensor weight;
    private Tensor bias;

    ConvBuilder(int spatial, int in, int out, int[] kernel) {
        this.spatial = spatial;
        this.in = in;
        this.out = out;
        this.kernel = kernel;
        this.stride = filled(1);
        this.padding = filled(0);
        this.dilation = filled(1);
    }

    private int[] filled(int v) {
        int[] a = new int[spatial];
        Arrays.fill(a, v);
        return a;
    }

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }

    /** The same stride in every spatial dimension (at least 1). */
    public B stride(int s) {
        stride = filled(s);
        return self();
    }

    /** The same zero padding on both sides of every spatial dimension (at least 0). */
    public B padding(int p) {
        padding = filled(p);
        paddingMode = null;
        return self();
    }

    /** Padding {@code "same"} (stride 1 only) or {@code "valid"}, as torch accepts them. */
    public B padding(String mode) {
        paddingMode = mode == null ? "null" : mode;
        return self();
    }

    /** The same dilation in every spatial dimension (at least 1). */
    public B dilation(int d) {
        dilation = filled(d);
        return self();
    }

    /** The number of groups (dividing both channel counts). */
    public B groups(int g) {
        groups = g;
        return self();
    }

    /** Whether the layer has a bias (default true; ignored when {@link #weights} are given). */
    public B bias(boolean b) {
        withBias = b;
        return self();
    }

    /** The seed of the default initialisation (default 0; ignored when {@link #weights} are given). */
    public B seed(long s) {
        seed = s;
        return self();
    }

    /**
     * Given weights instead of the initialisation: {@code weight (out_channels, in_channels / groups, kernel...)},
     * checked dimension by dimension at {@code build()}, and {@code bias (out_channels)} or null; both copied.
     */
    public B weights(Tensor w, Tensor b) {
        if (w == null) {
            throw new IllegalArgumentException("weight is null");
        }
        weight = w;
        bias = b;
        return self();
    }

    /** The weight shape the arguments call for. */
    final int[] shape() {
        if (in < 1 || out < 1) {
            throw new IllegalArgumentException("in_channels and out_channels must be at least 1, got " + in + " and " + out);
        }
        if (groups < 1 || in % groups != 0) {
            throw new IllegalArgumentException("in_channels = " + in + " is not divisible by groups = " + groups);
        }
        int[] s = new int[spatial + 2];
        s[0] = out;
        s[1] = in / groups;
        for (int d = 0; d < spatial; d++) {
            if (kernel[d] < 1) {
                throw new IllegalArgumentException("kernel_size must be at least 1, got " + Arrays.toString(kernel));
            }
            s[2 + d] = kernel[d];
        }
        return s;
    }

    private Tensor[] initialised;

    final Tensor weight() {
        if (weight != null) {
            return weight;
        }
        int[] s = shape();
        if (out % groups != 0) {
            throw new IllegalArgumentException("out_channels = " + out + " is not divisible by groups = " + groups);
        }
        initialised = Convolution.initialized(s, withBias, seed);
        return initialised[0];
    }

    final Tensor bias() {
        return weight != null ? bias : initialised[1];
    }
}
