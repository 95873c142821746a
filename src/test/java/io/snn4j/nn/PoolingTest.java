package io.snn4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.snn4j.tensor.Tensor;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * SumPool2d and AvgPool2d against torch's CPU {@code avg_pool2d} written out as loops (window clipped to the
 * input, {@code sum / divide_factor} with the padded window's size), bit for bit: on both kernel paths (the suite
 * runs on both), so the two are bit-identical.
 */
class PoolingTest {

    /** torch's avg_pool2d (ceil_mode=False, count_include_pad=True) as its CPU kernel computes it; sum: no division. */
    static float[] reference(Tensor x, int kh, int kw, int sh, int sw, int ph, int pw, boolean average) {
        int[] s = x.shape();
        int r = s.length, h = s[r - 2], w = s[r - 1];
        int ho = (h + 2 * ph - kh) / sh + 1, wo = (w + 2 * pw - kw) / sw + 1;
        int planes = x.size() / (h * w);
        float[] xd = x.toArray();
        float[] y = new float[planes * ho * wo];
        for (int pl = 0; pl < planes; pl++) {
            for (int oh = 0; oh < ho; oh++) {
                for (int ow = 0; ow < wo; ow++) {
                    int hs = oh * sh - ph, ws = ow * sw - pw;
                    int he = Math.min(hs + kh, h + ph), we = Math.min(ws + kw, w + pw);
                    int poolSize = (he - hs) * (we - ws);
                    hs = Math.max(hs, 0);
                    ws = Math.max(ws, 0);
                    he = Math.min(he, h);
                    we = Math.min(we, w);
                    float sum = 0f;
                    for (int ih = hs; ih < he; ih++) {
                        for (int iw = ws; iw < we; iw++) {
                            sum += xd[(pl * h + ih) * w + iw];
                        }
                    }
                    y[(pl * ho + oh) * wo + ow] = average ? sum / poolSize : sum;
                }
            }
        }
        return y;
    }

    static void check(String name, Pooling layer, Tensor x) {
        int[] k = layer.kernelSize(), s = layer.stride(), p = layer.padding();
        boolean average = layer instanceof AvgPool2d;
        float[] want = reference(x, k[0], k[1], s[0], s[1], p[0], p[1], average);
        Tensor y = layer.apply(x);
        assertArrayEquals(layer.outputShape(x.shape()), y.shape(), name);
        assertEquals(want.length, y.size(), name);
        for (int q = 0; q < want.length; q++) {
            if (Float.floatToIntBits(want[q]) != Float.floatToIntBits(y.data()[q])) {
                fail(name + " " + layer + ": element " + q + " of " + Arrays.toString(y.shape()) + ": reference " + want[q]
                        + ", layer " + y.data()[q]);
            }
        }
    }

    @Test
    void sumAndAveragePoolingEqualTorchsOnAwkwardCases() {
        SplittableRandom r = new SplittableRandom(5);
        for (boolean avg : new boolean[] {false, true}) {
            String n = avg ? "avg " : "sum ";
            check(n + "2x2 default stride", pool(avg, new int[] {2, 2}, null, new int[] {0, 0}), ConvolutionTest.random(r, 1f, 2, 3, 8, 10));
            check(n + "2x2 odd input (floor)", pool(avg, new int[] {2, 2}, null, new int[] {0, 0}), ConvolutionTest.random(r, 1f, 2, 3, 7, 9));
            check(n + "3x3 s2 p1", pool(avg, new int[] {3, 3}, new int[] {2, 2}, new int[] {1, 1}), ConvolutionTest.random(r, 1f, 2, 2, 9, 11));
            check(n + "non-square 3x2, stride (1,2), pad (1,1)", pool(avg, new int[] {3, 2}, new int[] {1, 2}, new int[] {1, 1}),
                    ConvolutionTest.random(r, 1f, 1, 4, 6, 7));
            check(n + "5x5 s3 p2", pool(avg, new int[] {5, 5}, new int[] {3, 3}, new int[] {2, 2}), ConvolutionTest.random(r, 1f, 3, 1, 11, 13));
            check(n + "stride 1 (overlapping windows)", pool(avg, new int[] {3, 4}, new int[] {1, 1}, new int[] {0, 2}),
                    ConvolutionTest.random(r, 1f, 2, 2, 5, 40));
            check(n + "1x1", pool(avg, new int[] {1, 1}, null, new int[] {0, 0}), ConvolutionTest.random(r, 1f, 2, 2, 3, 3));
            check(n + "kernel = input", pool(avg, new int[] {4, 5}, null, new int[] {0, 0}), ConvolutionTest.random(r, 1f, 2, 2, 4, 5));
            check(n + "time and batch (T=3, B=2), wide rows", pool(avg, new int[] {2, 2}, null, new int[] {1, 1}),
                    ConvolutionTest.random(r, 1f, 3, 2, 3, 34, 35));
            check(n + "unbatched (C, H, W)", pool(avg, new int[] {3, 3}, new int[] {3, 2}, new int[] {0, 1}),
                    ConvolutionTest.random(r, 1f, 3, 10, 9));
        }
    }

    static Pooling pool(boolean avg, int[] k, int[] s, int[] p) {
        return avg ? new AvgPool2d(k, s, p) : new SumPool2d(k, s, p);
    }

    @Test
    void handComputedSmallCase() {
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}, 1, 1, 4, 4);
        assertArrayEquals(new float[] {14, 22, 46, 54}, new SumPool2d(2).apply(x).toArray());
        assertArrayEquals(new float[] {3.5f, 5.5f, 11.5f, 13.5f}, new AvgPool2d(2).apply(x).toArray());
        // padding 1 with a 3x3 window and stride 2: the corner window holds 1, 2, 5, 6 and five zeros, divided by 9
        assertArrayEquals(new float[] {14f / 9, 30f / 9, 57f / 9, 99f / 9}, new AvgPool2d(3, 2, 1).apply(x).toArray());
        assertEquals("SumPool2d(kernel_size=(2, 2), stride=(2, 2), padding=(0, 0))", new SumPool2d(2).toString());
    }

    @Test
    void threadsDoNotChangeTheNumbers() {
        SplittableRandom r = new SplittableRandom(8);
        Tensor x = ConvolutionTest.random(r, 1f, 8, 16, 16, 34, 34);
        AvgPool2d p = new AvgPool2d(3, 2, 1);
        p.setThreads(1);
        Tensor one = p.apply(x);
        p.setThreads(2);
        assertEquals(one, p.apply(x));
        check("many planes", p, x);
    }

    @Test
    void badInputIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SumPool2d(0));
        assertTrue(e.getMessage().contains("kernel_size must be at least 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new AvgPool2d(2, 0, 0));
        assertTrue(e.getMessage().contains("stride must be at least 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new AvgPool2d(2, 2, -1));
        assertTrue(e.getMessage().contains("padding must be at least 0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new SumPool2d(3, 1, 2));
        assertTrue(e.getMessage().contains("at most half the kernel size"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new SumPool2d(new int[] {2}, null, new int[] {0, 0}));
        assertTrue(e.getMessage().contains("kernel_size needs two values"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new SumPool2d(4).apply(Tensor.zeros(1, 2, 3, 8)));
        assertTrue(e.getMessage().contains("kernel height 4 is larger than the padded input height (3"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new SumPool2d(2).apply(Tensor.zeros(8, 8)));
        assertTrue(e.getMessage().contains("at least 3 dimensions"), e.getMessage());
    }

    @Test
    void backwardRoutesTheGradientToTheWindow() {
        SplittableRandom r = new SplittableRandom(12);
        for (boolean avg : new boolean[] {false, true}) {
            Pooling p = pool(avg, new int[] {3, 2}, new int[] {2, 1}, new int[] {1, 1});
            Tensor x = ConvolutionTest.random(r, 1f, 2, 3, 7, 6);
            p.train(true);
            Tensor y = p.apply(x);
            Tensor gy = ConvolutionTest.random(r, 1f, y.shape());
            Tensor gx = p.backward(gy, true);
            // the gradient is the transpose of the (linear) pooling: <gy, pool(x)> = <gx, x> for every x
            Tensor x2 = ConvolutionTest.random(r, 1f, x.shape());
            double lhs = 0, rhs = 0;
            float[] y2 = p.apply(x2).toArray();
            for (int k = 0; k < y2.length; k++) {
                lhs += (double) gy.data()[k] * y2[k];
            }
            for (int k = 0; k < x2.size(); k++) {
                rhs += (double) gx.data()[k] * x2.data()[k];
            }
            assertEquals(lhs, rhs, 1e-4 * (1 + Math.abs(lhs)), p + ": <gy, pool(x)> = <gx, x>");
            assertArrayEquals(x.shape(), gx.shape());
        }
    }
}
