package io.snn4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.snn4j.tensor.Tensor;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Conv1d and Conv2d against a nested-loop reference written from torch's definition ({@code out[n, co] = bias[co]
 * + sum over the group's channels and kernel taps of weight * input}, zero padding, stride, dilation, groups) on
 * awkward cases. The reference sums in the layer's documented order (taps ascending from 0, bias last), so the
 * layer must equal it bit for bit: on the SIMD kernels and the scalar twins (the suite runs on both, and at 128
 * and 256 bits), hence the two paths are bit-identical to each other.
 */
class ConvolutionTest {

    /** One case: geometry {@code {kh, kw, sh, sw, dh, dw, top, bottom, left, right}} and the layer under test. */
    record Case(String name, Convolution layer, int[] inputShape) {
    }

    static Tensor random(SplittableRandom r, float scale, int... shape) {
        Tensor t = Tensor.zeros(shape);
        for (int k = 0; k < t.size(); k++) {
            // a sprinkling of exact zeros and spikes, as a spiking network's inputs have
            int pick = r.nextInt(10);
            t.data()[k] = pick == 0 ? 0f : pick == 1 ? 1f : (float) (r.nextGaussian() * scale);
        }
        return t;
    }

    /** torch's convolution, straight from its definition; 1-d inputs are given as height 1. */
    static float[] reference(Tensor x, int cin, int h, int w, Tensor weight, Tensor bias, int cout, int[] g, int groups) {
        int kh = g[0], kw = g[1], sh = g[2], sw = g[3], dh = g[4], dw = g[5], top = g[6], bottom = g[7], left = g[8],
                right = g[9];
        int ho = (h + top + bottom - dh * (kh - 1) - 1) / sh + 1;
        int wo = (w + left + right - dw * (kw - 1) - 1) / sw + 1;
        int images = x.size() / (cin * h * w);
        int cinG = cin / groups, coutG = cout / groups;
        float[] xd = x.toArray(), wd = weight.toArray(), bd = bias == null ? null : bias.toArray();
        float[] y = new float[images * cout * ho * wo];
        for (int n = 0; n < images; n++) {
            for (int co = 0; co < cout; co++) {
                int grp = co / coutG;
                for (int oh = 0; oh < ho; oh++) {
                    for (int ow = 0; ow < wo; ow++) {
                        float acc = 0f;
                        for (int ci = 0; ci < cinG; ci++) {
                            for (int a = 0; a < kh; a++) {
                                for (int b = 0; b < kw; b++) {
                                    int ih = oh * sh - top + a * dh, iw = ow * sw - left + b * dw;
                                    if (ih >= 0 && ih < h && iw >= 0 && iw < w) {
                                        acc = acc + xd[((n * cin + grp * cinG + ci) * h + ih) * w + iw]
                                                * wd[((co * cinG + ci) * kh + a) * kw + b];
                                    }
                                }
                            }
                        }
                        if (bd != null) {
                            acc = acc + bd[co];
                        }
                        y[((n * cout + co) * ho + oh) * wo + ow] = acc;
                    }
                }
            }
        }
        return y;
    }

    static Conv2d conv2d(SplittableRandom r, int cin, int cout, int kh, int kw, int[] stride, int[] pad, int[] dil, int groups,
            boolean bias) {
        return new Conv2d(random(r, 0.5f, cout, cin / groups, kh, kw), bias ? random(r, 0.5f, cout) : null, stride, pad, dil,
                groups);
    }

    /** Checks one layer on one input against the reference, bit for bit, and the output shape. */
    static void check(String name, Convolution layer, Tensor x) {
        int[] xs = x.shape();
        int r = xs.length;
        boolean two = layer instanceof Conv2d;
        int h = two ? xs[r - 2] : 1, w = xs[r - 1];
        int cin = layer.inChannels(), cout = layer.outChannels();
        float[] want = reference(x, cin, h, w, layer.weight(), layer.bias(), cout, layer.geometry(), layer.groups());
        Tensor y = layer.apply(x);
        assertArrayEquals(layer.outputShape(xs), y.shape(), name);
        assertEquals(want.length, y.size(), name + ": output size");
        int[] ys = y.shape();
        assertEquals(cout, ys[r - 1 - (two ? 2 : 1)], name + ": channels");
        for (int k = 0; k < want.length; k++) {
            if (Float.floatToIntBits(want[k]) != Float.floatToIntBits(y.data()[k])) {
                fail(name + ": element " + k + " of " + Arrays.toString(ys) + ": reference " + want[k] + ", layer " + y.data()[k]);
            }
        }
    }

    @Test
    void conv2dEqualsTorchsDefinitionOnAwkwardCases() {
        SplittableRandom r = new SplittableRandom(2024);
        int[] one = {1, 1};
        check("3x3 pad 1", conv2d(r, 3, 5, 3, 3, one, one, one, 1, true), random(r, 1f, 2, 3, 7, 9));
        check("odd 5x3 kernel, stride (2,3), pad (2,1), groups 2", conv2d(r, 4, 6, 5, 3, new int[] {2, 3}, new int[] {2, 1},
                one, 2, true), random(r, 1f, 3, 4, 11, 8));
        check("depthwise (groups = C_in), dilation 2, stride 2, no bias", conv2d(r, 6, 6, 3, 3, new int[] {2, 2},
                new int[] {0, 0}, new int[] {2, 2}, 6, false), random(r, 1f, 2, 6, 9, 10));
        check("depthwise multiplier 2 (groups 3, C_out 6)", conv2d(r, 3, 6, 2, 4, new int[] {1, 2}, new int[] {1, 2}, one, 3,
                true), random(r, 1f, 1, 3, 5, 12));
        check("1x1", conv2d(r, 6, 4, 1, 1, one, new int[] {0, 0}, one, 1, true), random(r, 1f, 2, 6, 5, 7));
        check("1x1 stride 2 with padding", conv2d(r, 2, 3, 1, 1, new int[] {2, 2}, one, one, 1, false), random(r, 1f, 2, 2, 5, 6));
        check("dilation (3, 1), non-square, kernel = padded input", conv2d(r, 2, 3, 3, 4, one, new int[] {1, 0},
                new int[] {3, 1}, 1, true), random(r, 1f, 2, 2, 5, 4));
        check("kernel wider than the padding reaches (output 1 wide)", conv2d(r, 1, 2, 2, 7, new int[] {1, 5}, new int[] {0, 2},
                one, 1, true), random(r, 1f, 1, 1, 3, 4));
        check("time and batch (T=3, B=2)", conv2d(r, 4, 8, 3, 3, new int[] {2, 1}, one, one, 2, true),
                random(r, 1f, 3, 2, 4, 7, 6));
        check("unbatched (C, H, W)", conv2d(r, 3, 2, 3, 2, one, one, one, 1, true), random(r, 1f, 3, 4, 5));
    }

    @Test
    void paddingSameAndValidAsTorch() {
        SplittableRandom r = new SplittableRandom(7);
        Tensor w = random(r, 0.5f, 3, 2, 4, 3), b = random(r, 0.5f, 3);
        // kernel 4 with dilation 1: total 3, torch puts 1 before and 2 after; kernel 3 with dilation 2: 2 and 2
        Conv2d same = new Conv2d(w, b, new int[] {1, 1}, "same", new int[] {1, 2}, 1);
        assertArrayEquals(new int[] {1, 2, 2, 2}, same.padding());
        Tensor x = random(r, 1f, 2, 2, 6, 9);
        assertArrayEquals(new int[] {2, 3, 6, 9}, same.outputShape(x.shape()));
        check("same, odd total", same, x);
        Conv2d valid = new Conv2d(w, b, new int[] {2, 1}, "valid", new int[] {1, 1}, 1);
        assertArrayEquals(new int[] {0, 0, 0, 0}, valid.padding());
        check("valid, stride 2", valid, x);
        assertArrayEquals(new int[] {2, 3, 2, 7}, valid.outputShape(x.shape()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Conv2d(w, b, new int[] {2, 1}, "same", new int[] {1, 1}, 1));
        assertTrue(e.getMessage().contains("'same' needs stride 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Conv2d(w, b, new int[] {1, 1}, "full", new int[] {1, 1}, 1));
        assertTrue(e.getMessage().contains("'full'"), e.getMessage());
        Conv1d same1 = new Conv1d(random(r, 0.5f, 2, 2, 4), null, 1, "same", 1, 1);
        assertArrayEquals(new int[] {1, 2}, same1.padding());
        check("conv1d same, even kernel", same1, random(r, 1f, 3, 2, 7));
    }

    @Test
    void conv1dEqualsTorchsDefinition() {
        SplittableRandom r = new SplittableRandom(11);
        check("k5 s2 p3 d2", new Conv1d(random(r, 0.5f, 4, 3, 5), random(r, 0.5f, 4), 2, 3, 2, 1), random(r, 1f, 2, 3, 17));
        check("groups 2, k4, s3", new Conv1d(random(r, 0.5f, 6, 2, 4), null, 3, 1, 1, 2), random(r, 1f, 5, 4, 10));
        check("depthwise k1", new Conv1d(random(r, 0.5f, 3, 1, 1), random(r, 0.5f, 3), 1, 0, 1, 3), random(r, 1f, 2, 3, 3, 6));
        check("unbatched", Conv1d.builder(2, 3, 3).padding(1).seed(5).build(), random(r, 1f, 2, 8));
    }

    @Test
    void chunksAndThreadsDoNotChangeTheNumbers() {
        // 40 images of 3x34x34 with a 3x3 kernel: many chunks of the scratch; 1 and 2 threads
        SplittableRandom r = new SplittableRandom(3);
        Conv2d conv = conv2d(r, 3, 4, 3, 3, new int[] {1, 1}, new int[] {1, 1}, new int[] {1, 1}, 1, true);
        Tensor x = random(r, 1f, 5, 8, 3, 34, 34);
        assertTrue(27L * 34 * 34 * 40 > 2L * Convolution.CHUNK_FLOATS, "the case must need more than one chunk");
        conv.setThreads(1);
        check("one thread", conv, x);
        conv.setThreads(2);
        check("two threads", conv, x);
        // one image larger than the chunk budget (75 rows x 1156 columns)
        Conv2d big = conv2d(r, 3, 2, 5, 5, new int[] {1, 1}, new int[] {2, 2}, new int[] {1, 1}, 1, true);
        assertTrue(75L * 34 * 34 > Convolution.CHUNK_FLOATS, "one image must exceed the chunk budget");
        check("image larger than a chunk", big, random(r, 1f, 3, 3, 34, 34));
        // the sequence equals its steps one by one
        Tensor whole = conv.forwardSequence(x, null).output();
        for (int t = 0; t < 5; t++) {
            assertEquals(conv.apply(x.step(t)), whole.step(t), "step " + t);
        }
    }

    @Test
    void builderInitialisesLikeTorchAndChecksGivenWeights() {
        Conv2d c = Conv2d.builder(4, 6, 3, 5).groups(2).stride(2, 1).padding(1, 2).dilation(1, 2).seed(9).build();
        assertArrayEquals(new int[] {6, 2, 3, 5}, c.weight().shape());
        assertArrayEquals(new int[] {3, 5}, c.kernelSize());
        assertArrayEquals(new int[] {2, 1}, c.stride());
        assertArrayEquals(new int[] {1, 2}, c.dilation());
        assertArrayEquals(new int[] {1, 1, 2, 2}, c.padding());
        double bound = 1 / Math.sqrt(2 * 3 * 5);
        for (float v : c.weight().toArray()) {
            assertTrue(Math.abs(v) <= bound, "weight " + v + " outside the bound " + bound);
        }
        assertEquals(6, c.bias().size());
        assertEquals(c.weight(), Conv2d.builder(4, 6, 3, 5).groups(2).seed(9).build().weight(), "same seed, same weights");
        assertNull(Conv2d.builder(1, 1, 1).bias(false).build().bias());
        assertEquals("Conv2d(4, 6, kernel_size=(3, 5), stride=(2, 1), padding=(1, 2), dilation=(1, 2), groups=2)", c.toString());
        assertEquals("Conv1d(2, 3, kernel_size=(3,), stride=(1,), padding='same', bias=False)",
                Conv1d.builder(2, 3, 3).padding("same").bias(false).build().toString());
        assertEquals(2, c.parameters().size());
        assertEquals("weight", c.parameters().get(0).name());
        // given weights of the wrong shape: the message names the dimension
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Conv2d.builder(4, 6, 3).groups(2).weights(Tensor.zeros(6, 4, 3, 3), null).build());
        assertTrue(e.getMessage().contains("dimension 1 (in_channels / groups) is 4, expected 2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Conv2d.builder(4, 6, 3).weights(Tensor.zeros(6, 4, 3, 2), null).build());
        assertTrue(e.getMessage().contains("dimension 3 (kernel width) is 2, expected 3"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Conv1d.builder(2, 5, 3).weights(Tensor.zeros(4, 2, 3), null).build());
        assertTrue(e.getMessage().contains("dimension 0 (out_channels) is 4, expected 5"), e.getMessage());
        Conv2d given = Conv2d.builder(1, 2, 1).weights(Tensor.of(new float[] {2f, -1f}, 2, 1, 1, 1), Tensor.vector(0.5f, 0f))
                .build();
        assertArrayEquals(new float[] {2.5f, -1f, 6.5f, -3f}, given.apply(Tensor.of(new float[] {1f, 3f}, 2, 1, 1, 1)).toArray());
    }

    @Test
    void badInputIsNamed() {
        Conv2d c = Conv2d.of(Tensor.zeros(4, 3, 3, 3), null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.apply(Tensor.zeros(2, 2, 5, 5)));
        assertTrue(e.getMessage().contains("2 channels") && e.getMessage().contains("in_channels = 3"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> c.apply(Tensor.zeros(2, 3, 2, 5)));
        assertTrue(e.getMessage().contains("kernel height (3 with dilation 1) is larger than the padded input height (2"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> c.apply(Tensor.zeros(3, 5)));
        assertTrue(e.getMessage().contains("at least 3 dimensions"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Conv2d(Tensor.zeros(6, 3, 3, 3), null, new int[] {1, 1},
                new int[] {0, 0}, new int[] {1, 1}, 4));
        assertTrue(e.getMessage().contains("out_channels = 6 (weight dimension 0) is not divisible by groups = 4"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Conv2d.builder(6, 8, 3).groups(4).build());
        assertTrue(e.getMessage().contains("in_channels = 6 is not divisible by groups = 4"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Conv2d(Tensor.zeros(4, 3, 3, 3), null, new int[] {1, 1},
                new int[] {-1, 0}, new int[] {1, 1}, 1));
        assertTrue(e.getMessage().contains("padding must be at least 0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Conv1d(Tensor.zeros(4, 3, 3), null, 0, 0, 1, 1));
        assertTrue(e.getMessage().contains("stride must be at least 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Conv1d(Tensor.zeros(4, 3, 3), null, 1, 0, 0, 1));
        assertTrue(e.getMessage().contains("dilation must be at least 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Conv2d.of(Tensor.zeros(4, 3, 3), null));
        assertTrue(e.getMessage().contains("weight must be 4-d"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Conv2d.of(Tensor.zeros(4, 3, 0, 3), null));
        assertTrue(e.getMessage().contains("dimension 2 (kernel height) is 0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Conv2d.of(Tensor.zeros(4, 3, 3, 3), Tensor.zeros(5)));
        assertTrue(e.getMessage().contains("bias must have shape [4]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Conv2d.of(Tensor.full(Float.NaN, 1, 1, 1, 1), null));
        assertTrue(e.getMessage().contains("non-finite"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Conv2d(Tensor.zeros(4, 3, 3, 3), null, new int[] {1},
                new int[] {0, 0}, new int[] {1, 1}, 1));
        assertTrue(e.getMessage().contains("stride needs 2 values"), e.getMessage());
        // a rejected call leaves a training record untouched
        c.train(true);
        assertThrows(IllegalArgumentException.class, () -> c.apply(Tensor.zeros(1, 2, 5, 5)));
        assertThrows(IllegalStateException.class, () -> c.backward(Tensor.zeros(1), true));
    }

    /** Gradients of torch's convolution from the definition, in double. */
    @Test
    void backwardMatchesTheDefinitionsGradients() {
        SplittableRandom r = new SplittableRandom(77);
        for (Conv2d conv : new Conv2d[] {
                conv2d(r, 4, 6, 3, 2, new int[] {2, 1}, new int[] {1, 1}, new int[] {1, 2}, 2, true),
                conv2d(r, 3, 3, 3, 3, new int[] {1, 1}, new int[] {1, 1}, new int[] {1, 1}, 3, false),
                conv2d(r, 2, 5, 2, 3, new int[] {3, 2}, new int[] {0, 1}, new int[] {1, 1}, 1, true)}) {
            int[] xs = {2, 3, conv.inChannels(), 7, 8};
            Tensor x = random(r, 1f, xs);
            conv.train(true);
            Tensor y = conv.forwardSequence(x, null).output();
            Tensor gy = random(r, 1f, y.shape());
            Tensor gx = conv.backward(gy, true);
            assertArrayEquals(xs, gx.shape());
            int[] g = conv.geometry();
            int cin = conv.inChannels(), cout = conv.outChannels(), groups = conv.groups();
            int cinG = cin / groups, coutG = cout / groups, h = 7, w = 8;
            int ho = y.dim(-2), wo = y.dim(-1), images = 6;
            double[] dx = new double[x.size()], dw = new double[conv.weight().size()], db = new double[cout];
            float[] wd = conv.weight().toArray();
            for (int n = 0; n < images; n++) {
                for (int co = 0; co < cout; co++) {
                    for (int oh = 0; oh < ho; oh++) {
                        for (int ow = 0; ow < wo; ow++) {
                            double go = gy.data()[((n * cout + co) * ho + oh) * wo + ow];
                            db[co] += go;
                            for (int ci = 0; ci < cinG; ci++) {
                                for (int a = 0; a < g[0]; a++) {
                                    for (int b = 0; b < g[1]; b++) {
                                        int ih = oh * g[2] - g[6] + a * g[4], iw = ow * g[3] - g[8] + b * g[5];
                                        if (ih < 0 || ih >= h || iw < 0 || iw >= w) {
                                            continue;
                                        }
                                        int xi = ((n * cin + (co / coutG) * cinG + ci) * h + ih) * w + iw;
                                        int wi = ((co * cinG + ci) * g[0] + a) * g[1] + b;
                                        dx[xi] += go * wd[wi];
                                        dw[wi] += go * x.data()[xi];
                                    }
                                }
                            }
                        }
                    }
                }
            }
            close(conv + " dx", dx, gx.toArray());
            close(conv + " dweight", dw, conv.parameters().get(0).grad());
            if (conv.bias() != null) {
                close(conv + " dbias", db, conv.parameters().get(1).grad());
            }
            assertThrows(IllegalStateException.class, () -> conv.backward(gy, true), "the record is consumed");
        }
    }

    static void close(String what, double[] want, float[] got) {
        assertEquals(want.length, got.length, what);
        for (int k = 0; k < want.length; k++) {
            assertEquals(want[k], got[k], 1e-4 * (1 + Math.abs(want[k])), what + " element " + k);
        }
    }
}
