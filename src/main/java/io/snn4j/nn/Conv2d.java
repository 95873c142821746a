package io.snn4j.nn;

import io.snn4j.tensor.Tensor;

/**
 * A 2-d convolution as PyTorch's {@code nn.Conv2d} (and NIR's {@code Conv2d}): input {@code (..., C_in, H, W)},
 * output {@code (..., C_out, H_out, W_out)} with {@code H_out = floor((H + pad_top + pad_bottom - dilation * (kH - 1)
 * - 1) / stride) + 1} (likewise W_out). Every leading dimension is a batch dimension: a step {@code (B, C_in, H, W)},
 * an unbatched image {@code (C_in, H, W)} and a whole time-first sequence {@code (T, B, C_in, H, W)} (all T*B
 * images in one batch) are all one call.
 *
 * <p>Weight in PyTorch's layout {@code (C_out, C_in/groups, kH, kW)}, optional bias {@code (C_out)}; stride and
 * dilation at least 1; padding at least 0 (zeros, symmetric), or {@code "valid"} (none) or {@code "same"}
 * (stride 1 only; the total {@code dilation * (k - 1)} split as torch splits it: the smaller half before, so an odd
 * total puts the extra row at the bottom and the extra column at the right); groups divide both channel counts.
 *
 * <p>Computed as im2col into a per-thread scratch buffer (about 256 KB per chunk of images, kept between calls)
 * and the GEMM kernel of
 * {@link Linear}. Each output is summed {@code acc = 0; acc = acc + x * w} over {@code (c_in of the group, kernel
 * row, kernel column)} ascending, then {@code + bias}, float32 without FMA: the same bits on the SIMD and scalar
 * kernels and for any thread count. (PyTorch's own kernels sum in other orders, so results agree with torch to
 * rounding, not bit for bit.)
 *
 * <p>Trainable: {@link #parameters()} are {@code weight} and {@code bias}; in training mode calls record their
 * input and {@link #backward} adds the weight and bias gradients and returns the input gradient (col2im).
 * Thread-safety: in evaluation mode calls may run concurrently; training and optimizer steps must not overlap with
 * other calls.
 */
public final class Conv2d extends Convolution {
    private static final String[] DIMS = {"out_channels", "in_channels / groups", "kernel height", "kernel width"};

    /**
     * A convolution with the given weight {@code (C_out, C_in/groups, kH, kW)} and bias {@code (C_out)} or null
     * (both copied); {@code stride}, {@code padding} and {@code dilation} are {@code {height, width}}.
     *
     * @throws IllegalArgumentException if a shape or value is invalid (the message names it)
     */
    public Conv2d(Tensor weight, Tensor bias, int[] stride, int[] padding, int[] dilation, int groups) {
        super(2, weight, bias, stride, padding, null, dilation, groups, DIMS, null);
    }

    /**
     * A convolution with padding {@code "same"} or {@code "valid"}, as torch accepts them ({@code "same"} needs
     * stride 1).
     *
     * @throws IllegalArgumentException if a shape or value is invalid (the message names it)
     */
    public Conv2d(Tensor weight, Tensor bias, int[] stride, String padding, int[] dilation, int groups) {
        super(2, weight, bias, stride, null, padding == null ? "null" : padding, dilation, groups, DIMS, null);
    }

    private Conv2d(Builder b) {
        super(2, b.weight(), b.bias(), b.stride, b.padding, b.paddingMode, b.dilation, b.groups, DIMS, b.shape());
    }

    /** A convolution with stride 1, no padding, dilation 1 and one group (torch's defaults). */
    public static Conv2d of(Tensor weight, Tensor bias) {
        return new Conv2d(weight, bias, new int[] {1, 1}, new int[] {0, 0}, new int[] {1, 1}, 1);
    }

    /**
     * A builder in torch's argument order, {@code nn.Conv2d(in_channels, out_channels, kernel_size)} with a square
     * kernel; set the rest and either the weights or a seed for PyTorch's default initialisation.
     */
    public static Builder builder(int inChannels, int outChannels, int kernelSize) {
        return new Builder(inChannels, outChannels, kernelSize, kernelSize);
    }

    /** A builder for a {@code kH x kW} kernel. */
    public static Builder builder(int inChannels, int outChannels, int kernelHeight, int kernelWidth) {
        return new Builder(inChannels, outChannels, kernelHeight, kernelWidth);
    }

    /** The kernel size {@code {kH, kW}}. */
    public int[] kernelSize() {
        int[] g = geometry();
        return new int[] {g[0], g[1]};
    }

    /** The stride {@code {height, width}}. */
    public int[] stride() {
        int[] g = geometry();
        return new int[] {g[2], g[3]};
    }

    /** The dilation {@code {height, width}}. */
    public int[] dilation() {
        int[] g = geometry();
        return new int[] {g[4], g[5]};
    }

    /** The zero padding actually applied, {@code {top, bottom, left, right}} ("same" resolved). */
    public int[] padding() {
        int[] g = geometry();
        return new int[] {g[6], g[7], g[8], g[9]};
    }

    /**
     * Builds a {@link Conv2d} from torch's constructor arguments. Defaults: stride 1, padding 0, dilation 1, groups
     * 1, bias, seed 0. Not thread-safe.
     */
    public static final class Builder extends ConvBuilder<Builder> {
        private Builder(int in, int out, int kh, int kw) {
            super(2, in, out, new int[] {kh, kw});
        }

        /** Stride {@code {height, width}}. */
        public Builder stride(int height, int width) {
            stride = new int[] {height, width};
            return this;
        }

        /** Padding {@code {height, width}}. */
        public Builder padding(int height, int width) {
            padding = new int[] {height, width};
            paddingMode = null;
            return this;
        }

        /** Dilation {@code {height, width}}. */
        public Builder dilation(int height, int width) {
            dilation = new int[] {height, width};
            return this;
        }

        /**
         * The layer.
         *
         * @throws IllegalArgumentException if an argument is invalid or a given weight does not have the shape
         *                                  {@code (out_channels, in_channels / groups, kH, kW)} (the message names
         *                                  the dimension)
         */
        public Conv2d build() {
            return new Conv2d(this);
        }
    }
}
