package io.snn4j.nn;

/**
 * A 2-d sum pooling as NIR (and Sinabs) define {@code SumPool2d}: the sum of each window, i.e. torch's
 * {@code avg_pool2d} without the division (zero padding, {@code ceil_mode=False}). Input {@code (..., C, H, W)},
 * output {@code (..., C, H_out, W_out)} with {@code H_out = floor((H + 2 pH - kH) / sH) + 1}; every leading
 * dimension is a batch dimension (a step or a whole time-first sequence is one call).
 *
 * <p>Each output is summed {@code acc = 0; acc = acc + x} over its window in row-major order (padding adds
 * nothing), vectorised along the output row; the same bits on the SIMD and scalar kernels. Padding is limited
 * to half the kernel, as torch limits it for its pooling layers.
 *
 * <p>Stateless; trainable (no parameters; {@link #backward} routes each output's gradient to its window).
 * Thread-safety: in evaluation mode calls may run concurrently; training must not overlap with other calls.
 */
public final class SumPool2d extends Pooling {
    /**
     * A pooling with a {@code kernelSize x kernelSize} window, the stride equal to the kernel and no padding
     * (torch's defaults).
     *
     * @throws IllegalArgumentException if the kernel size is less than 1
     */
    public SumPool2d(int kernelSize) {
        this(new int[] {kernelSize, kernelSize}, null, new int[] {0, 0});
    }

    /**
     * A pooling with square kernel, stride and padding.
     *
     * @throws IllegalArgumentException if a value is out of range (the message names it)
     */
    public SumPool2d(int kernelSize, int stride, int padding) {
        this(new int[] {kernelSize, kernelSize}, new int[] {stride, stride}, new int[] {padding, padding});
    }

    /**
     * A pooling with kernel {@code {kH, kW}}, stride {@code {sH, sW}} (null: the kernel size, torch's default) and
     * padding {@code {pH, pW}} (at most half the kernel).
     *
     * @throws IllegalArgumentException if a value is out of range (the message names it)
     */
    public SumPool2d(int[] kernelSize, int[] stride, int[] padding) {
        super(false, kernelSize, stride, padding);
    }
}
