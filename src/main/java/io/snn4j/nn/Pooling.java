package io.snn4j.nn;

import io.snn4j.functional.NeuronState;
import io.snn4j.internal.Parallel;
import io.snn4j.internal.vectorization.KernelProvider;
import io.snn4j.internal.vectorization.Kernels;
import io.snn4j.tensor.Shapes;
import io.snn4j.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What {@link SumPool2d} and {@link AvgPool2d} share: torch's {@code avg_pool2d} over the last two dimensions
 * ({@code ceil_mode=False}, {@code count_include_pad=True}), with or without the division by the window's area.
 *
 * <p>Each output is {@code acc = 0; acc = acc + x} over the window's positions in row-major order (positions in the
 * zero padding add nothing: a sum from +0 never becomes -0), then, for the average, {@code acc / (kH * kW)}: torch's
 * order on the CPU. Vectorised along the output row: every input row is split once into {@code stride} phases
 * (columns {@code q, q + s, q + 2s, ...}), so that each kernel tap adds one contiguous run of a phase to the output
 * row (the {@code addScaled} kernel with factor 1, then the {@code divide} kernel); the same bits on both kernel
 * paths and for any thread count. Stateless; trainable (no parameters, the backward pass routes the gradient to the
 * window). Thread-safety: in evaluation mode calls may run concurrently; training must not overlap with other calls.
 */
abstract class Pooling implements Layer {
    private static final Kernels K = KernelProvider.kernels();

    private final boolean average;
    private final int kh;
    private final int kw;
    private final int sh;
    private final int sw;
    private final int ph;
    private final int pw;
    private volatile int threads = Parallel.defaultThreads();
    private volatile boolean training;
    private final List<int[]> recorded = new ArrayList<>();

    /**
     * @param kernel  {@code {kH, kW}}, at least 1
     * @param stride  {@code {sH, sW}}, at least 1, or null for the kernel size (torch's default)
     * @param padding {@code {pH, pW}}, at least 0 and at most half the kernel (torch's rule)
     */
    Pooling(boolean average, int[] kernel, int[] stride, int[] padding) {
        String name = getClass().getSimpleName();
        check(name, "kernel_size", kernel, 1);
        if (stride != null) {
            check(name, "stride", stride, 1);
        }
        check(name, "padding", padding, 0);
        for (int d = 0; d < 2; d++) {
            if (padding[d] > kernel[d] / 2) {
                throw new IllegalArgumentException(name + ": padding must be at most half the kernel size (as in torch), got "
                        + "padding " + Arrays.toString(padding) + " for kernel_size " + Arrays.toString(kernel));
            }
        }
        int[] s = stride == null ? kernel : stride;
        this.average = average;
        this.kh = kernel[0];
        this.kw = kernel[1];
        this.sh = s[0];
        this.sw = s[1];
        this.ph = padding[0];
        this.pw = padding[1];
    }

    private static void check(String layer, String what, int[] values, int min) {
        if (values == null || values.length != 2) {
            throw new IllegalArgumentException(layer + ": " + what + " needs two values {height, width}, got "
                    + (values == null ? "null" : Arrays.toString(values)));
        }
        if (values[0] < min || values[1] < min) {
            throw new IllegalArgumentException(layer + ": " + what + " must be at least " + min + ", got "
                    + Arrays.toString(values));
        }
    }

    /** The kernel size {@code {kH, kW}}. */
    public int[] kernelSize() {
        return new int[] {kh, kw};
    }

    /** The stride {@code {sH, sW}}. */
    public int[] stride() {
        return new int[] {sh, sw};
    }

    /** The zero padding {@code {pH, pW}} (both sides). */
    public int[] padding() {
        return new int[] {ph, pw};
    }

    /**
     * The output shape for an input {@code (..., C, H, W)}: {@code H_out = floor((H + 2 pH - kH) / sH) + 1}, likewise
     * W_out.
     *
     * @throws IllegalArgumentException if the input has fewer than 3 dimensions or the kernel is larger than the
     *                                  padded input
     */
    public int[] outputShape(int... inputShape) {
        if (inputShape == null || inputShape.length < 3) {
            throw new IllegalArgumentException(this + ": the input must have at least 3 dimensions (..., C, H, W), got "
                    + (inputShape == null ? "null" : Arrays.toString(inputShape)));
        }
        int r = inputShape.length;
        int[] out = inputShape.clone();
        out[r - 2] = outSize(inputShape[r - 2], ph, kh, sh, "height");
        out[r - 1] = outSize(inputShape[r - 1], pw, kw, sw, "width");
        return out;
    }

    private int outSize(int n, int p, int k, int s, String what) {
        if (n + 2 * p < k) {
            throw new IllegalArgumentException(this + ": the kernel " + what + " " + k + " is larger than the padded input "
                    + what + " (" + n + " + 2 * " + p + " = " + (n + 2 * p) + ")");
        }
        return (n + 2 * p - k) / s + 1;
    }

    /**
     * The pooling of {@code x (..., C, H, W)}; every dimension before the last two is a batch dimension, so a step
     * and a whole time-first sequence are one call.
     *
     * @throws IllegalArgumentException if the input does not fit (see {@link #outputShape})
     */
    public Tensor apply(Tensor x) {
        if (x == null) {
            throw new IllegalArgumentException(this + ": input x is null");
        }
        int[] xs = x.shape();
        int[] ys = outputShape(xs);
        int r = xs.length;
        int h = xs[r - 2];
        int w = xs[r - 1];
        int ho = ys[r - 2];
        int wo = ys[r - 1];
        Tensor y = Tensor.zeros(ys);
        int planes = h * w == 0 ? 0 : x.size() / (h * w);
        if (planes > 0) {
            int[] b = Parallel.split(planes, (int) Math.max(1, Math.min(Math.min(threads, planes),
                    (long) planes * ho * wo * kh * kw / (1 << 16))), 1);
            float[] xd = x.data();
            float[] yd = y.data();
            int xOff = x.offset();
            Parallel.forEach(b.length - 1, k -> pool(xd, xOff, b[k], b[k + 1], h, w, ho, wo, yd));
        }
        if (training) {
            recorded.add(xs);
        }
        return y;
    }

    /** Planes {@code [p0, p1)}. */
    private void pool(float[] x, int xOff, int p0, int p1, int h, int w, int ho, int wo, float[] y) {
        int wq = (w + 2 * pw + sw - 1) / sw;
        // phase q of input row ih: padded columns q, q + sw, ...; the padding columns are never written (stay 0)
        float[] phases = new float[sw * h * wq];
        int plane = ho * wo;
        float area = kh * kw;
        for (int pl = p0; pl < p1; pl++) {
            for (int ih = 0; ih < h; ih++) {
                int row = xOff + (pl * h + ih) * w;
                if (sw == 1) {
                    System.arraycopy(x, row, phases, ih * wq + pw, w);
                } else {
                    for (int iw = 0; iw < w; iw++) {
                        int c = iw + pw;
                        phases[((c % sw) * h + ih) * wq + c / sw] = x[row + iw];
                    }
                }
            }
            for (int oh = 0; oh < ho; oh++) {
                int dst = pl * plane + oh * wo;
                for (int i = 0; i < kh; i++) {
                    int ih = oh * sh - ph + i;
                    if (ih < 0 || ih >= h) {
                        continue;
                    }
                    for (int j = 0; j < kw; j++) {
                        K.addScaled(y, dst, phases, ((j % sw) * h + ih) * wq + j / sw, 1f, wo);
                    }
                }
            }
            if (average) {
                K.divide(y, pl * plane, area, plane);
            }
        }
    }

    @Override
    public Step forward(Tensor x, NeuronState state) {
        return new Step(apply(x), null);
    }

    /** The whole sequence in one call (the same numbers as step by step). */
    @Override
    public Step forwardSequence(Tensor x, NeuronState state) {
        return forward(x, state);
    }

    @Override
    public boolean stateful() {
        return false;
    }

    @Override
    public void setThreads(int threads) {
        this.threads = Parallel.checkThreads(threads);
    }

    /** Training mode: calls record their input shapes for {@link #backward}. */
    @Override
    public void train(boolean mode) {
        training = mode;
        recorded.clear();
    }

    /**
     * The gradient of the recorded calls' inputs: each output's gradient (divided by {@code kH * kW} for the
     * average, as torch's {@code avg_pool2d_backward}) added to every input position of its window.
     */
    @Override
    public Tensor backward(Tensor gradOutput, boolean inputGradient) {
        if (recorded.isEmpty()) {
            throw new IllegalStateException(this + ": backward() without a recorded forward pass; call train(true), then "
                    + "forward, then backward");
        }
        long outTotal = 0;
        long inTotal = 0;
        for (int[] s : recorded) {
            outTotal += Shapes.size(outputShape(s));
            inTotal += Shapes.size(s);
        }
        if (gradOutput == null || gradOutput.size() != outTotal) {
            throw new IllegalArgumentException(this + ": gradOutput must hold " + outTotal + " values (the recorded "
                    + "outputs), got " + (gradOutput == null ? "null" : Arrays.toString(gradOutput.shape())));
        }
        List<int[]> calls = List.copyOf(recorded);
        recorded.clear();
        if (!inputGradient) {
            return null;
        }
        float[] g = gradOutput.data();
        float[] gx = new float[Math.toIntExact(inTotal)];
        int gAt = gradOutput.offset();
        int xAt = 0;
        float area = kh * kw;
        for (int[] s : calls) {
            int r = s.length;
            int h = s[r - 2];
            int w = s[r - 1];
            int[] os = outputShape(s);
            int ho = os[r - 2];
            int wo = os[r - 1];
            int planes = h * w == 0 ? 0 : Shapes.size(s) / (h * w);
            for (int pl = 0; pl < planes; pl++) {
                for (int oh = 0; oh < ho; oh++) {
                    for (int ow = 0; ow < wo; ow++) {
                        float v = g[gAt + (pl * ho + oh) * wo + ow];
                        if (average) {
                            v = v / area;
                        }
                        for (int i = 0; i < kh; i++) {
                            int ih = oh * sh - ph + i;
                            if (ih < 0 || ih >= h) {
                                continue;
                            }
                            for (int j = 0; j < kw; j++) {
                                int iw = ow * sw - pw + j;
                                if (iw >= 0 && iw < w) {
                                    gx[xAt + (pl * h + ih) * w + iw] += v;
                                }
                            }
                        }
                    }
                }
            }
            gAt += Shapes.size(os);
            xAt += Shapes.size(s);
        }
        boolean same = calls.stream().allMatch(s -> Arrays.equals(s, calls.get(0)));
        int[] shape = calls.size() == 1 ? calls.get(0) : Shapes.prepend(calls.size(), calls.get(0));
        return Tensor.wrap(gx, same ? shape : new int[] {gx.length});
    }

    /** As PyTorch prints it, e.g. {@code AvgPool2d(kernel_size=(2, 2), stride=(2, 2), padding=(0, 0))}. */
    @Override
    public String toString() {
        return getClass().getSimpleName() + "(kernel_size=(" + kh + ", " + kw + "), stride=(" + sh + ", " + sw
                + "), padding=(" + ph + ", " + pw + "))";
    }
}
