package io.snn4j.nn;

/**
 * A 2-d average pooling as PyTorch's {@code nn.AvgPool2d} with its defaults {@code ceil_mode=False},
 * {@code count_include_pad=True} (and NIR's {@code AvgPool2d}): the window's sum divided by {@code kH * kW}, zero
 * padding included in the count. Input {@code (..., C, H, W)}, output {@code (..., C, H_out, W_out)} with
 * {@code H_out = floor((H + 2 pH - kH) / sH) + 1}; every leading dimension is a batch dimension (a step or a
 * whole time-first sequence is one call).
 *
 * <p>Each output is {@code acc = 0; acc = acc + x} over its window in row-major order, then {@code acc / (kH * kW)}
 * (a true division): torch's order on the CPU, so on the same input the result equals torch's bit for bit.
 * Vectorised along the output row; the same bits on the SIMD and scalar kernels. Padding at most half the
 * kernel, as in torch.
 *
 * <p>Stateless; trainable (no parameters; {@link #backward} routes each output's gradient to its window).
 * Thread-safety: in evaluation mode calls may run concurrently; training must not overlap with other calls.
 */
public final class AvgPool2d extends Pooling {
    /**
     * A pooling with a {@code kernelSize x kernelSize} window, the stride equal to the kernel and no padding
     * (torch's defaults).
     *
     * @throws IllegalArgumentException if the kernel size is less than 1
     */
    public AvgPool2d(int kernelSize) {
        this(new int[] {kernelSize, kernelSize}, null, new int[] {0, 0});
    }

    /**
     * A pooling with square kernel, stride and padding.
     *
     * @throws IllegalArgumentException if a value is out of range (the message names it)
     */
    public AvgPool2d(int kernelSize, int stride, int padding) {
        this(new int[] {kernelSize, kernelSize}, new int[] {stride, stride}, new int[] {padding, padding});
    }

    /**
     * A pooling with kernel {@code {kH, kW}}, stride {@code {sH, sW}} (null: the kernel size, torch's default) and
     * padding {@code {pH, pW}} (at most half the kernel).
     *
     * @throws IllegalArgumentException if a value is out of range (the message names it)
     */
    public AvgPool2d(int[] kernelSize, int[] stride, int[] padding) {
        super(true, kernelSize, stride, padding);
    }
}
