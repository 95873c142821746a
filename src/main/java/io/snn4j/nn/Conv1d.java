package io.snn4j.nn;

import io.snn4j.tensor.Tensor;

/**
 * A 1-d convolution as PyTorch's {@code nn.Conv1d} (and NIR's {@code Conv1d}): input {@code (..., C_in, L)}, output
 * {@code (..., C_out, L_out)} with {@code L_out = floor((L + pad_left + pad_right - dilation * (k - 1) - 1) / stride)
 * + 1}. Every leading dimension is a batch dimension: a step {@code (B, C_in, L)}, an unbatched {@code (C_in, L)}
 * and a time-first sequence {@code (T, B, C_in, L)} are all one call.
 *
 * <p>Weight in PyTorch's layout {@code (C_out, C_in/groups, k)}, optional bias {@code (C_out)}; padding as numbers
 * (zeros, both sides) or {@code "valid"} / {@code "same"} (stride 1 only; an odd total puts the extra zero at the
 * right, as torch does). The arithmetic is {@link Conv2d}'s with a height of 1 (im2col plus the GEMM kernel, sums
 * over {@code (c_in of the group, kernel tap)} ascending from 0, then {@code + bias}; the same bits on both kernel
 * paths). Trainable like {@link Conv2d}; same thread-safety.
 */
public final class Conv1d extends Convolution {
    private static final String[] DIMS = {"out_channels", "in_channels / groups", "kernel size"};

    /**
     * A convolution with the given weight {@code (C_out, C_in/groups, k)} and bias {@code (C_out)} or null (both
     * copied).
     *
     * @throws IllegalArgumentException if a shape or value is invalid (the message names it)
     */
    public Conv1d(Tensor weight, Tensor bias, int stride, int padding, int dilation, int groups) {
        super(1, weight, bias, new int[] {stride}, new int[] {padding}, null, new int[] {dilation}, groups, DIMS, null);
    }

    /**
     * A convolution with padding {@code "same"} (stride 1 only) or {@code "valid"}.
     *
     * @throws IllegalArgumentException if a shape or value is invalid (the message names it)
     */
    public Conv1d(Tensor weight, Tensor bias, int stride, String padding, int dilation, int groups) {
        super(1, weight, bias, new int[] {stride}, null, padding == null ? "null" : padding, new int[] {dilation}, groups,
                DIMS, null);
    }

    private Conv1d(Builder b) {
        super(1, b.weight(), b.bias(), b.stride, b.padding, b.paddingMode, b.dilation, b.groups, DIMS, b.shape());
    }

    /** A convolution with stride 1, no padding, dilation 1 and one group (torch's defaults). */
    public static Conv1d of(Tensor weight, Tensor bias) {
        return new Conv1d(weight, bias, 1, 0, 1, 1);
    }

    /**
     * A builder in torch's argument order, {@code nn.Conv1d(in_channels, out_channels, kernel_size)}; set the rest
     * and either the weights or a seed for PyTorch's default initialisation.
     */
    public static Builder builder(int inChannels, int outChannels, int kernelSize) {
        return new Builder(inChannels, outChannels, kernelSize);
    }

    /** The kernel size. */
    public int kernelSize() {
        return geometry()[1];
    }

    /** The stride. */
    public int stride() {
        return geometry()[3];
    }

    /** The dilation. */
    public int dilation() {
        return geometry()[5];
    }

    /** The zero padding actually applied, {@code {left, right}} ("same" resolved). */
    public int[] padding() {
        int[] g = geometry();
        return new int[] {g[8], g[9]};
    }

    /**
     * Builds a {@link Conv1d} from torch's constructor arguments. Defaults: stride 1, padding 0, dilation 1, groups
     * 1, bias, seed 0. Not thread-safe.
     */
    public static final class Builder extends ConvBuilder<Builder> {
        private Builder(int in, int out, int k) {
            super(1, in, out, new int[] {k});
        }

        /**
         * The layer.
         *
         * @throws IllegalArgumentException if an argument is invalid or a given weight does not have the shape
         *                                  {@code (out_channels, in_channels / groups, k)} (the message names the
         *                                  dimension)
         */
        public Conv1d build() {
            return new Conv1d(this);
        }
    }
}
