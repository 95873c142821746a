package io.snn4j.nn;

import io.snn4j.functional.NeuronState;
import io.snn4j.internal.Parallel;
import io.snn4j.internal.SeededRandom;
import io.snn4j.internal.vectorization.KernelProvider;
import io.snn4j.internal.vectorization.Kernels;
import io.snn4j.tensor.Parameter;
import io.snn4j.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What {@link Conv1d} and {@link Conv2d} share: PyTorch's convolution (cross-correlation) over the last one
 * or two dimensions, computed as im2col into a per-thread scratch buffer plus the GEMM kernel of {@link Linear}. A
 * 1-d convolution is the 2-d one with a height of 1 (kernel height 1, stride 1, no padding).
 *
 * <p>Summation order: each output is {@code acc = 0; acc = acc + x * w} over the weight's own row-major
 * order {@code (c_in within the group, kernel row, kernel column)}, ascending, then {@code acc + bias}; in
 * float32 without FMA. Positions in the padding are multiplied as zeros, which leaves the sum unchanged
 * (a sum that starts at +0 never becomes -0), so the result equals a loop that skips them. Both kernel
 * paths give the same bits.
 *
 * <p>Thread-safety: in evaluation mode calls may run concurrently; training and optimizer steps must not
 * overlap with other calls.
 */
abstract class Convolution implements Layer {
    private static final Kernels K = KernelProvider.kernels();
    /**
     * The scratch budget of one chunk of images: floats of its column matrix (256 KB, so that the GEMM reads what
     * im2col just wrote from the L2 cache; measured: 1.2-1.4x faster than 4 MB chunks on the benchmark's shapes).
     */
    static final int CHUNK_FLOATS = 1 << 16;

    private final int spatial;
    private final int cin;
    private final int cout;
    private final int groups;
    private final int kh;
    private final int kw;
    private final int sh;
    private final int sw;
    private final int dh;
    private final int dw;
    private final int padTop;
    private final int padBottom;
    private final int padLeft;
    private final int padRight;
    private final String paddingMode;
    private final int[] weightShape;
    private final float[] weight;
    private final float[] bias;
    private final Parameter weightParam;
    private final Parameter biasParam;
    private volatile int threads = Parallel.defaultThreads();
    private volatile boolean training;
    private final List<Recorded> recorded = new ArrayList<>();

    /** One recorded call: its input (a copy), the number of images and their geometry. */
    private record Recorded(float[] x, int images, int h, int w, int ho, int wo, int[] inputShape) {
    }

    /**
     * A convolution over {@code spatial} (1 or 2) trailing dimensions.
     *
     * @param weight      {@code (C_out, C_in/groups, k...)}; copied
     * @param bias        {@code (C_out)} or null; copied
     * @param stride      one value per spatial dimension, each at least 1
     * @param padding     one value per spatial dimension, each at least 0 (ignored when {@code paddingMode} is set)
     * @param paddingMode null, {@code "same"} or {@code "valid"} as torch accepts them
     * @param dilation    one value per spatial dimension, each at least 1
     * @param groups      at least 1, dividing C_out and C_in
     * @param dimNames    the names of the weight's dimensions (for messages)
     * @param expected    the weight shape the caller asked for (null: any), checked dimension by dimension
     */
    Convolution(int spatial, Tensor weight, Tensor bias, int[] stride, int[] padding, String paddingMode, int[] dilation,
            int groups, String[] dimNames, int[] expected) {
        this.spatial = spatial;
        String name = getClass().getSimpleName();
        if (weight == null || weight.rank() != spatial + 2) {
            throw new IllegalArgumentException(name + ": weight must be " + (spatial + 2) + "-d " + Arrays.toString(dimNames)
                    + ", got " + (weight == null ? "null" : Arrays.toString(weight.shape())));
        }
        int[] ws = weight.shape();
        for (int d = 0; d < ws.length; d++) {
            if (ws[d] < 1) {
                throw new IllegalArgumentException(name + ": weight dimension " + d + " (" + dimNames[d] + ") is " + ws[d]
                        + ", must be at least 1 (weight shape " + Arrays.toString(ws) + ")");
            }
            if (expected != null && ws[d] != expected[d]) {
                throw new IllegalArgumentException(name + ": weight dimension " + d + " (" + dimNames[d] + ") is " + ws[d]
                        + ", expected " + expected[d] + " (weight shape " + Arrays.toString(ws) + ", expected "
                        + Arrays.toString(expected) + ")");
            }
        }
        if (groups < 1) {
            throw new IllegalArgumentException(name + ": groups must be at least 1, got " + groups);
        }
        if (ws[0] % groups != 0) {
            throw new IllegalArgumentException(name + ": out_channels = " + ws[0] + " (weight dimension 0) is not divisible "
                    + "by groups = " + groups);
        }
        checkPerDimension(name, "stride", stride, 1);
        checkPerDimension(name, "dilation", dilation, 1);
        int[] pads = new int[2 * spatial];
        if (paddingMode != null) {
            if (paddingMode.equals("same")) {
                for (int d = 0; d < spatial; d++) {
                    if (stride[d] != 1) {
                        throw new IllegalArgumentException(name + ": padding='same' needs stride 1, got stride "
                                + Arrays.toString(stride) + " (as in torch)");
                    }
                    // torch: total = dilation * (kernel - 1), the smaller half before, the rest after
                    int total = dilation[d] * (ws[2 + d] - 1);
                    pads[2 * d] = total / 2;
                    pads[2 * d + 1] = total - total / 2;
                }
            } else if (!paddingMode.equals("valid")) {
                throw new IllegalArgumentException(name + ": padding must be 'same', 'valid' or numbers, got '" + paddingMode
                        + "'");
            }
        } else {
            checkPerDimension(name, "padding", padding, 0);
            for (int d = 0; d < spatial; d++) {
                pads[2 * d] = padding[d];
                pads[2 * d + 1] = padding[d];
            }
        }
        float[] w = weight.toArray();
        for (float v : w) {
            if (!Float.isFinite(v)) {
                throw new IllegalArgumentException(name + ": weight has a non-finite value " + v);
            }
        }
        float[] b = null;
        if (bias != null) {
            if (bias.rank() != 1 || bias.dim(0) != ws[0]) {
                throw new IllegalArgumentException(name + ": bias must have shape [" + ws[0] + "] (out_channels, weight "
                        + "dimension 0), got " + Arrays.toString(bias.shape()));
            }
            b = bias.toArray();
            for (float v : b) {
                if (!Float.isFinite(v)) {
                    throw new IllegalArgumentException(name + ": bias has a non-finite value " + v);
                }
            }
        }
        this.groups = groups;
        this.cout = ws[0];
        this.cin = ws[1] * groups;
        boolean two = spatial == 2;
        this.kh = two ? ws[2] : 1;
        this.kw = ws[ws.length - 1];
        this.sh = two ? stride[0] : 1;
        this.sw = stride[spatial - 1];
        this.dh = two ? dilation[0] : 1;
        this.dw = dilation[spatial - 1];
        this.padTop = two ? pads[0] : 0;
        this.padBottom = two ? pads[1] : 0;
        this.padLeft = pads[2 * spatial - 2];
        this.padRight = pads[2 * spatial - 1];
        this.paddingMode = paddingMode;
        this.weightShape = ws;
        this.weight = w;
        this.bias = b;
        this.weightParam = new Parameter("weight", ws, w);
        this.biasParam = b == null ? null : new Parameter("bias", new int[] {cout}, b);
    }

    private void checkPerDimension(String layer, String what, int[] values, int min) {
        if (values == null || values.length != spatial) {
            throw new IllegalArgumentException(layer + ": " + what + " needs " + spatial + " value" + (spatial == 1 ? "" : "s")
                    + " (one per spatial dimension), got " + (values == null ? "null" : Arrays.toString(values)));
        }
        for (int v : values) {
            if (v < min) {
                throw new IllegalArgumentException(layer + ": " + what + " must be at least " + min + " in every dimension, got "
                        + Arrays.toString(values));
            }
        }
    }

    /**
     * A weight {@code shape} and, if {@code withBias}, a bias of {@code shape[0]} values, initialised as PyTorch
     * initialises its convolutions and {@code nn.Linear}: uniform in {@code [-1/sqrt(fan_in), 1/sqrt(fan_in))}
     * with {@code fan_in = C_in/groups * prod(kernel)}, from a {@link SeededRandom} (weight first, row-major).
     */
    static Tensor[] initialized(int[] shape, boolean withBias, long seed) {
        int fanIn = 1;
        int size = 1;
        for (int d = 0; d < shape.length; d++) {
            size = Math.multiplyExact(size, shape[d]);
            if (d > 0) {
                fanIn *= shape[d];
            }
        }
        SeededRandom r = new SeededRandom(seed);
        double bound = 1.0 / Math.sqrt(fanIn);
        Tensor w = Tensor.wrap(Linear.uniform(r, size, bound), shape);
        return new Tensor[] {w, withBias ? Tensor.wrap(Linear.uniform(r, shape[0], bound), shape[0]) : null};
    }

    /** {@code in_channels}. */
    public int inChannels() {
        return cin;
    }

    /** {@code out_channels}. */
    public int outChannels() {
        return cout;
    }

    /** {@code groups}. */
    public int groups() {
        return groups;
    }

    /** A copy of the weight, {@code (C_out, C_in/groups, k...)}. */
    public Tensor weight() {
        return Tensor.of(weight, weightShape);
    }

    /** A copy of the bias {@code (C_out)}, or null. */
    public Tensor bias() {
        return bias == null ? null : Tensor.of(bias, cout);
    }

    /** The padding mode, {@code "same"} or {@code "valid"}, or null when it was given as numbers. */
    public String paddingMode() {
        return paddingMode;
    }

    /** Kernel, stride, dilation and padding as {@code {kh, kw, sh, sw, dh, dw, top, bottom, left, right}}. */
    final int[] geometry() {
        return new int[] {kh, kw, sh, sw, dh, dw, padTop, padBottom, padLeft, padRight};
    }

    /**
     * The output shape for an input of shape {@code (..., C_in, spatial...)}.
     *
     * @throws IllegalArgumentException if the input has the wrong channel count or rank, or the (dilated)
     *                                  kernel is larger than the padded input
     */
    public int[] outputShape(int... inputShape) {
        if (inputShape == null || inputShape.length < spatial + 1) {
            throw new IllegalArgumentException(this + ": the input must have at least " + (spatial + 1) + " dimensions "
                    + "(..., C_in" + (spatial == 2 ? ", H, W)" : ", L)") + ", got "
                    + (inputShape == null ? "null" : Arrays.toString(inputShape)));
        }
        int r = inputShape.length;
        int c = inputShape[r - 1 - spatial];
        if (c != cin) {
            throw new IllegalArgumentException(this + ": the input has " + c + " channels (dimension " + (r - 1 - spatial)
                    + " of " + Arrays.toString(inputShape) + "), expected in_channels = " + cin);
        }
        int[] out = inputShape.clone();
        out[r - 1 - spatial] = cout;
        if (spatial == 2) {
            out[r - 2] = outSize(inputShape[r - 2], padTop + padBottom, kh, sh, dh, "height");
        }
        out[r - 1] = outSize(inputShape[r - 1], padLeft + padRight, kw, sw, dw, spatial == 2 ? "width" : "length");
        return out;
    }

    /** torch's {@code floor((n + pads - d(k-1) - 1)/s) + 1}; an error if the dilated kernel does not fit. */
    private int outSize(int n, int pads, int k, int s, int d, String what) {
        long effective = (long) d * (k - 1) + 1;
        long padded = (long) n + pads;
        if (padded < effective) {
            throw new IllegalArgumentException(this + ": the kernel " + what + " (" + effective + " with dilation " + d
                    + ") is larger than the padded input " + what + " (" + n + " + padding " + pads + " = " + padded + ")");
        }
        return (int) ((padded - effective) / s + 1);
    }

    /**
     * The convolution of {@code x (..., C_in, spatial...)}: every leading dimension is a batch dimension, so a
     * step {@code (B, C_in, ...)} and a whole sequence {@code (T, B, C_in, ...)} (all T*B images in one batch)
     * are the same call; output {@code (..., C_out, spatial_out...)}.
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
        int h = spatial == 2 ? xs[r - 2] : 1;
        int w = xs[r - 1];
        int ho = spatial == 2 ? ys[r - 2] : 1;
        int wo = ys[r - 1];
        int perImage = cin * h * w;
        int images = perImage == 0 ? 0 : x.size() / perImage;
        Tensor y = Tensor.zeros(ys);
        if (images > 0) {
            forward(x.data(), x.offset(), images, h, w, ho, wo, y.data());
        }
        if (training) {
            recorded.add(new Recorded(x.toArray(), images, h, w, ho, wo, xs));
        }
        return y;
    }

    /** The images split into chunks whose scratch fits {@link #CHUNK_FLOATS}. */
    private int chunkImages(int images, int rowsPerImage) {
        return (int) Math.max(1, Math.min(images, CHUNK_FLOATS / Math.max(1L, rowsPerImage)));
    }

    private int pieces(long work, int units) {
        return (int) Math.max(1, Math.min(Math.min(threads, units), work / (1 << 18)));
    }

    /** Per thread, the column and product buffers of the last call (reused: no allocation per call). */
    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[2][0]);

    /**
     * Scratch buffer {@code which} of the calling thread, at least {@code size} floats (contents undefined). Kept
     * for the next call when at most twice the chunk budget (a single huge image gets a buffer of its own).
     */
    private static float[] scratch(int which, int size) {
        float[][] s = SCRATCH.get();
        if (s[which].length >= size) {
            return s[which];
        }
        float[] b = new float[size];
        if (size <= 2 * CHUNK_FLOATS) {
            s[which] = b;
        }
        return b;
    }

    private void forward(float[] x, int xOff, int images, int h, int w, int ho, int wo, float[] y) {
        int p = ho * wo;
        int cinG = cin / groups;
        int coutG = cout / groups;
        int kg = cinG * kh * kw;
        int chunk = chunkImages(images, Math.max(kg, coutG) * p);
        int chunks = (images + chunk - 1) / chunk;
        int[] b = Parallel.split(chunks, pieces((long) images * p * kg * cout, chunks), 1);
        Parallel.forEach(b.length - 1, piece -> {
            float[] col = scratch(0, kg * Math.min(chunk, images) * p);
            float[] out = scratch(1, coutG * Math.min(chunk, images) * p);
            for (int c = b[piece]; c < b[piece + 1]; c++) {
                int i0 = c * chunk;
                int n = Math.min(chunk, images - i0);
                int np = n * p;
                for (int g = 0; g < groups; g++) {
                    im2col(x, xOff, i0, n, g, h, w, ho, wo, col);
                    K.gemm(weight, g * coutG * kg, kg, col, 0, np, out, 0, np, coutG, np, kg);
                    for (int i = 0; i < n; i++) {
                        for (int co = 0; co < coutG; co++) {
                            int ch = g * coutG + co;
                            int dst = ((i0 + i) * cout + ch) * p;
                            int src = co * np + i * p;
                            if (bias == null) {
                                System.arraycopy(out, src, y, dst, p);
                            } else {
                                float bc = bias[ch];
                                for (int q = 0; q < p; q++) {
                                    y[dst + q] = out[src + q] + bc;
                                }
                            }
                        }
                    }
                }
            }
        });
    }

    /**
     * The first output column {@code ow} whose input column {@code ow * sw + offW} is not in the left padding
     * (at most {@code wo}); shared by {@link #im2col} and {@link #col2im}, which walk the same positions.
     */
    private int firstInside(int offW, int wo) {
        return Math.min(wo, offW >= 0 ? 0 : (-offW + sw - 1) / sw);
    }

    /** One past the last output column whose input column lies inside width {@code w} (at least {@code lo}). */
    private int endInside(int offW, int w, int wo, int lo) {
        return Math.max(lo, w - 1 - offW < 0 ? 0 : Math.min(wo, (w - 1 - offW) / sw + 1));
    }

    /**
     * The column matrix of group {@code g} for images {@code [i0, i0 + n)}: row {@code (ci, a, b)} (the weight's
     * order), column {@code i * ho * wo + oh * wo + ow}, holding the input under kernel tap {@code (a, b)} at that
     * output position, or 0 in the padding. Every element is written.
     */
    private void im2col(float[] x, int xOff, int i0, int n, int g, int h, int w, int ho, int wo, float[] col) {
        int p = ho * wo;
        int np = n * p;
        int plane = h * w;
        int cinG = cin / groups;
        int row = 0;
        for (int ci = 0; ci < cinG; ci++) {
            for (int a = 0; a < kh; a++) {
                for (int bb = 0; bb < kw; bb++, row++) {
                    int offW = bb * dw - padLeft;
                    int lo = firstInside(offW, wo);
                    int hi = endInside(offW, w, wo, lo);
                    for (int i = 0; i < n; i++) {
                        int src = xOff + ((i0 + i) * cin + g * cinG + ci) * plane;
                        // plain loops rather than arraycopy/fill: the runs are short (an output row)
                        for (int oh = 0; oh < ho; oh++) {
                            int dst = row * np + i * p + oh * wo;
                            int ih = oh * sh - padTop + a * dh;
                            if (ih < 0 || ih >= h) {
                                for (int ow = 0; ow < wo; ow++) {
                                    col[dst + ow] = 0f;
                                }
                                continue;
                            }
                            for (int ow = 0; ow < lo; ow++) {
                                col[dst + ow] = 0f;
                            }
                            int s = src + ih * w + offW;
                            if (sw == 1) {
                                for (int ow = lo; ow < hi; ow++) {
                                    col[dst + ow] = x[s + ow];
                                }
                            } else {
                                for (int ow = lo; ow < hi; ow++) {
                                    col[dst + ow] = x[s + ow * sw];
                                }
                            }
                            for (int ow = hi; ow < wo; ow++) {
                                col[dst + ow] = 0f;
                            }
                        }
                    }
                }
            }
        }
    }

    @Override
    public Step forward(Tensor x, NeuronState state) {
        return new Step(apply(x), null);
    }

    /** The whole sequence {@code (T, B, C_in, ...)} in one call: all T*B images as one batch. */
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

    /**
     * The trainable parameters, as PyTorch names them: {@code weight (C_out, C_in/groups, k...)} and, if there
     * is one, {@code bias (C_out)}, over the layer's own arrays (an optimizer updates them in place).
     */
    @Override
    public List<Parameter> parameters() {
        return biasParam == null ? List.of(weightParam) : List.of(weightParam, biasParam);
    }

    @Override
    public void train(boolean mode) {
        training = mode;
        recorded.clear();
    }

    /** Whether calls record their inputs for {@link #backward}. */
    public boolean isTraining() {
        return training;
    }

    /**
     * The backward pass through the recorded calls (see {@link Layer#backward}): adds the gradients of the
     * weight and bias to their {@code grad} and returns the gradient of the inputs (col2im of
     * {@code W^T gradOutput}) unless {@code inputGradient} is false.
     */
    @Override
    public Tensor backward(Tensor gradOutput, boolean inputGradient) {
        if (recorded.isEmpty()) {
            throw new IllegalStateException(this + ": backward() without a recorded forward pass; call train(true), then "
                    + "forward, then backward");
        }
        long outTotal = 0;
        long inTotal = 0;
        for (Recorded r : recorded) {
            outTotal += (long) r.images * cout * r.ho * r.wo;
            inTotal += r.x.length;
        }
        if (gradOutput == null || gradOutput.size() != outTotal) {
            throw new IllegalArgumentException(this + ": gradOutput must hold " + outTotal + " values (the recorded "
                    + "outputs), got " + (gradOutput == null ? "null" : Arrays.toString(gradOutput.shape())));
        }
        float[] g = gradOutput.data();
        int gAt = gradOutput.offset();
        float[] gradIn = inputGradient ? new float[Math.toIntExact(inTotal)] : null;
        int inAt = 0;
        float[] wT = transposedGroupWeights();
        for (Recorded r : recorded) {
            backward(r, g, gAt, wT, gradIn, inAt);
            gAt += r.images * cout * r.ho * r.wo;
            inAt += r.x.length;
        }
        int[] shape = recorded.size() == 1 ? recorded.get(0).inputShape
                : io.snn4j.tensor.Shapes.prepend(recorded.size(), recorded.get(0).inputShape);
        boolean same = recorded.stream().allMatch(r -> Arrays.equals(r.inputShape, recorded.get(0).inputShape));
        recorded.clear();
        return gradIn == null ? null : Tensor.wrap(gradIn, same ? shape : new int[] {gradIn.length});
    }

    /** Per group, the transposed weight {@code (kg, C_out/groups)}. */
    private float[] transposedGroupWeights() {
        int coutG = cout / groups;
        int kg = weight.length / cout;
        float[] t = new float[weight.length];
        for (int g = 0; g < groups; g++) {
            int base = g * coutG * kg;
            for (int co = 0; co < coutG; co++) {
                for (int q = 0; q < kg; q++) {
                    t[base + q * coutG + co] = weight[base + co * kg + q];
                }
            }
        }
        return t;
    }

    private void backward(Recorded r, float[] g, int gOff, float[] wT, float[] gradIn, int inOff) {
        int p = r.ho * r.wo;
        int cinG = cin / groups;
        int coutG = cout / groups;
        int kg = cinG * kh * kw;
        int images = r.images;
        if (images == 0) {
            return;
        }
        if (biasParam != null) {
            float[] gb = biasParam.grad();
            for (int i = 0; i < images; i++) {
                for (int co = 0; co < cout; co++) {
                    int at = gOff + (i * cout + co) * p;
                    float acc = gb[co];
                    for (int q = 0; q < p; q++) {
                        acc += g[at + q];
                    }
                    gb[co] = acc;
                }
            }
        }
        float[] gw = weightParam.grad();
        int chunk = chunkImages(images, Math.max(kg, coutG) * p);
        int maxNp = Math.min(chunk, images) * p;
        float[] col = new float[kg * maxNp];
        float[] gRows = new float[coutG * maxNp];
        float[] gCols = new float[maxNp * coutG];
        float[] prod = new float[kg * Math.max(coutG, maxNp)];
        for (int i0 = 0; i0 < images; i0 += chunk) {
            int n = Math.min(chunk, images - i0);
            int np = n * p;
            for (int grp = 0; grp < groups; grp++) {
                // the output gradient of this group and chunk, as (coutG, np) and transposed (np, coutG)
                for (int i = 0; i < n; i++) {
                    for (int co = 0; co < coutG; co++) {
                        int src = gOff + ((i0 + i) * cout + grp * coutG + co) * p;
                        System.arraycopy(g, src, gRows, co * np + i * p, p);
                        for (int q = 0; q < p; q++) {
                            gCols[(i * p + q) * coutG + co] = g[src + q];
                        }
                    }
                }
                // weight: gW_g^T (kg, coutG) += col (kg, np) x gCols (np, coutG), rows split across threads
                im2col(r.x, 0, i0, n, grp, r.h, r.w, r.ho, r.wo, col);
                gemmRows(col, np, gCols, coutG, prod, kg, coutG, np);
                int wBase = grp * coutG * kg;
                for (int q = 0; q < kg; q++) {
                    for (int co = 0; co < coutG; co++) {
                        gw[wBase + co * kg + q] += prod[q * coutG + co];
                    }
                }
                if (gradIn != null) {
                    // input: col2im of W_g^T (kg, coutG) x gRows (coutG, np)
                    gemmRows(wT, coutG, gRows, np, prod, kg, np, coutG, wBase);
                    col2im(prod, i0, n, grp, r.h, r.w, r.ho, r.wo, gradIn, inOff);
                }
            }
        }
    }

    /** {@code c (m, n) = a (m, k) x b (k, n)}, all dense, {@code a} from {@code aOff}, rows split across threads. */
    private void gemmRows(float[] a, int lda, float[] b, int n, float[] c, int m, int ldc, int k) {
        gemmRows(a, lda, b, n, c, m, ldc, k, 0);
    }

    private void gemmRows(float[] a, int lda, float[] b, int n, float[] c, int m, int ldc, int k, int aOff) {
        int[] s = Parallel.split(m, pieces((long) m * n * k, m), 1);
        Parallel.forEach(s.length - 1, t -> K.gemm(a, aOff + s[t] * lda, lda, b, 0, n, c, s[t] * ldc, ldc, s[t + 1] - s[t],
                n, k));
    }

    /** Adds the column gradient {@code gCol (kg, n * ho * wo)} of group {@code g} into the input gradient. */
    private void col2im(float[] gCol, int i0, int n, int g, int h, int w, int ho, int wo, float[] gx, int gxOff) {
        int p = ho * wo;
        int np = n * p;
        int plane = h * w;
        int cinG = cin / groups;
        int row = 0;
        for (int ci = 0; ci < cinG; ci++) {
            for (int a = 0; a < kh; a++) {
                for (int bb = 0; bb < kw; bb++, row++) {
                    int offW = bb * dw - padLeft;
                    int lo = firstInside(offW, wo);
                    int hi = endInside(offW, w, wo, lo);
                    for (int i = 0; i < n; i++) {
                        int dstPlane = gxOff + ((i0 + i) * cin + g * cinG + ci) * plane;
                        for (int oh = 0; oh < ho; oh++) {
                            int ih = oh * sh - padTop + a * dh;
                            if (ih < 0 || ih >= h) {
                                continue;
                            }
                            int src = row * np + i * p + oh * wo;
                            int d = dstPlane + ih * w + offW;
                            if (sw == 1) {
                                K.addScaled(gx, d + lo, gCol, src + lo, 1f, hi - lo);
                            } else {
                                for (int ow = lo; ow < hi; ow++) {
                                    gx[d + ow * sw] += gCol[src + ow];
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /** As PyTorch prints it, e.g. {@code Conv2d(2, 16, kernel_size=(5, 5), stride=(1, 1), padding=(2, 2))}. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(getClass().getSimpleName()).append('(').append(cin).append(", ").append(cout)
                .append(", kernel_size=").append(tuple(kh, kw)).append(", stride=").append(tuple(sh, sw));
        if (paddingMode != null) {
            b.append(", padding='").append(paddingMode).append('\'');
        } else if (padLeft != 0 || padTop != 0) {
            b.append(", padding=").append(tuple(padTop, padLeft));
        }
        if (dh != 1 || dw != 1) {
            b.append(", dilation=").append(tuple(dh, dw));
        }
        if (groups != 1) {
            b.append(", groups=").append(groups);
        }
        if (bias == null) {
            b.append(", bias=False");
        }
        return b.append(')').toString();
    }

    private String tuple(int hValue, int wValue) {
        return spatial == 2 ? "(" + hValue + ", " + wValue + ")" : "(" + wValue + ",)";
    }
}
