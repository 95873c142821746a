package io.snn4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snn4j.io.Json;
import io.snn4j.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

class LossTest {

    static Tensor random(long seed, double scale, int... shape) {
        SplittableRandom r = new SplittableRandom(seed);
        Tensor t = Tensor.zeros(shape);
        for (int k = 0; k < t.size(); k++) {
            t.data()[k] = (float) (r.nextGaussian() * scale);
        }
        return t;
    }

    // ---- independent double-precision references (no max subtraction, direct formulas) ----

    /** mean_b (log sum_c exp(x[b][c]) - x[b][y_b]) over a (B, C) array, for moderate logits. */
    static double crossEntropyRef(double[][] logits, int[] labels) {
        double total = 0;
        for (int b = 0; b < logits.length; b++) {
            double z = 0;
            for (double x : logits[b]) {
                z += Math.exp(x);
            }
            total += Math.log(z) - logits[b][labels[b]];
        }
        return total / logits.length;
    }

    /** The max over time, then crossEntropyRef, for a (T, B, C) array in double. */
    static double maxOverTimeRef(double[] v, int steps, int batch, int classes, int[] labels) {
        double[][] logits = new double[batch][classes];
        for (int b = 0; b < batch; b++) {
            for (int c = 0; c < classes; c++) {
                double m = Double.NEGATIVE_INFINITY;
                for (int t = 0; t < steps; t++) {
                    m = Math.max(m, v[(t * batch + b) * classes + c]);
                }
                logits[b][c] = m;
            }
        }
        return crossEntropyRef(logits, labels);
    }

    static double[] toDouble(Tensor t) {
        double[] out = new double[t.size()];
        for (int k = 0; k < out.length; k++) {
            out[k] = t.data()[t.offset() + k];
        }
        return out;
    }

    /** Central differences of a double function of x, one coordinate at a time. */
    static double[] numericalGradient(double[] x, double h, ToDoubleFunction<double[]> f) {
        double[] g = new double[x.length];
        for (int k = 0; k < x.length; k++) {
            double saved = x[k];
            x[k] = saved + h;
            double up = f.applyAsDouble(x);
            x[k] = saved - h;
            double down = f.applyAsDouble(x);
            x[k] = saved;
            g[k] = (up - down) / (2 * h);
        }
        return g;
    }

    // ---- cross-entropy on the max over time ----

    @Test
    void maxOverTimeCrossEntropyMatchesADirectLogSumExp() {
        int steps = 6, batch = 5, classes = 7;
        Tensor v = random(1, 2, steps, batch, classes);
        int[] labels = {0, 6, 3, 3, 1};
        Loss.Classification r = Loss.maxOverTimeCrossEntropy(v, labels);
        double want = maxOverTimeRef(toDouble(v), steps, batch, classes, labels);
        assertEquals(want, r.value(), 1e-6 * Math.abs(want));
        assertArrayEquals(new int[] {steps, batch, classes}, r.grad().shape());
        assertArrayEquals(new int[] {batch, classes}, r.logits().shape());
        for (int b = 0; b < batch; b++) {
            int arg = 0;
            for (int c = 0; c < classes; c++) {
                float m = Float.NEGATIVE_INFINITY;
                for (int t = 0; t < steps; t++) {
                    m = Math.max(m, v.get(t, b, c));
                }
                assertEquals(m, r.logits().get(b, c), 0f, "logit " + b + "," + c);
                if (m > r.logits().get(b, arg)) {
                    arg = c;
                }
            }
            assertEquals(arg, r.predictions()[b], "prediction " + b);
        }
        int correct = 0;
        for (int b = 0; b < batch; b++) {
            correct += r.predictions()[b] == labels[b] ? 1 : 0;
        }
        assertEquals(correct, r.correct());
        assertEquals(correct / 5.0, r.accuracy());
    }

    @Test
    void maxOverTimeGradientAgreesWithFiniteDifferences() {
        int steps = 4, batch = 3, classes = 5;
        // distinct values, so that a small perturbation never changes which step holds a maximum
        Tensor v = Tensor.zeros(steps, batch, classes);
        SplittableRandom rnd = new SplittableRandom(7);
        for (int k = 0; k < v.size(); k++) {
            v.data()[k] = (float) (k * 0.037 % 1.9 - 0.9 + rnd.nextDouble() * 0.001);
        }
        int[] labels = {4, 0, 2};
        Loss.Classification r = Loss.maxOverTimeCrossEntropy(v, labels);
        double[] x = toDouble(v);
        double[] num = numericalGradient(x, 1e-6, y -> maxOverTimeRef(y, steps, batch, classes, labels));
        int nonZero = 0;
        for (int k = 0; k < x.length; k++) {
            assertEquals(num[k], r.grad().data()[k], 1e-6, "d loss / d v at flat index " + k);
            nonZero += r.grad().data()[k] != 0 ? 1 : 0;
        }
        assertEquals(batch * classes, nonZero, "one step per (b, c) gets the gradient");
        // the gradient with respect to each row of logits sums to 0 (softmax - onehot)
        for (int b = 0; b < batch; b++) {
            double s = 0;
            for (int t = 0; t < steps; t++) {
                for (int c = 0; c < classes; c++) {
                    s += r.grad().get(t, b, c);
                }
            }
            assertEquals(0, s, 1e-7);
        }
        // and against the class's own float loss, coarsely
        for (int k : new int[] {0, 17, 33, 59}) {
            Tensor up = v.copy(), down = v.copy();
            up.data()[k] += 1e-3f;
            down.data()[k] -= 1e-3f;
            double fd = (Loss.maxOverTimeCrossEntropy(up, labels).value() - Loss.maxOverTimeCrossEntropy(down, labels).value())
                    / (up.data()[k] - down.data()[k]);
            assertEquals(fd, r.grad().data()[k], 2e-3, "float finite difference at " + k);
        }
    }

    @Test
    void theGradientGoesToTheFirstStepThatAttainsTheMaximum() {
        // (T=4, B=1, C=3): class 0 peaks at 2.0 at t=1 and again at t=3; class 1 is constant; class 2 peaks at t=0
        float[] v = {
            1.0f, 0.5f, 3.0f,
            2.0f, 0.5f, -1f,
            1.5f, 0.5f, 0.0f,
            2.0f, 0.5f, 3.0f,
        };
        Loss.Classification r = Loss.maxOverTimeCrossEntropy(Tensor.of(v, 4, 1, 3), new int[] {1});
        assertArrayEquals(new float[] {2f, 0.5f, 3f}, r.logits().toArray(), 0f);
        double z = Math.exp(2) + Math.exp(0.5) + Math.exp(3);
        float[] want = new float[12];
        want[3] = (float) (Math.exp(2) / z);        // t=1, class 0 (not t=3)
        want[1] = (float) (Math.exp(0.5) / z - 1);  // t=0, class 1 (the label; all steps tie)
        want[2] = (float) (Math.exp(3) / z);        // t=0, class 2 (not t=3)
        assertArrayEquals(want, r.grad().toArray(), 1e-7f);
        assertEquals(Math.log(z) - 0.5, r.value(), 1e-6);
        assertEquals(2, r.predictions()[0]);
        assertEquals(0, r.correct());
    }

    @Test
    void predictionsTakeTheFirstIndexOnTies() {
        Loss.Classification r = Loss.crossEntropy(Tensor.of(new float[] {2f, 5f, 5f, 7f, 7f, 7f}, 2, 3), new int[] {1, 2});
        assertArrayEquals(new int[] {1, 0}, r.predictions());
        assertEquals(1, r.correct());
        assertEquals(0.5, r.accuracy());
    }

    @Test
    void crossEntropyIsStableForLargeLogits() {
        Loss.Classification big = Loss.crossEntropy(Tensor.of(new float[] {1000f, 1001f, 1002f, -1000f, -1001f, -1002f}, 2, 3),
                new int[] {0, 2});
        Loss.Classification small = Loss.crossEntropy(Tensor.of(new float[] {0f, 1f, 2f, 2f, 1f, 0f}, 2, 3), new int[] {0, 2});
        assertTrue(Float.isFinite(big.value()));
        assertEquals(small.value(), big.value(), 1e-6f);
        assertArrayEquals(small.grad().toArray(), big.grad().toArray(), 1e-7f);
        double want = crossEntropyRef(new double[][] {{0, 1, 2}, {2, 1, 0}}, new int[] {0, 2});
        assertEquals(want, big.value(), 1e-6);
    }

    @SuppressWarnings("unchecked")
    @Test
    void reproducesNorsesLogitsAndLoss() throws IOException {
        Map<String, Object> g;
        try (InputStream in = LossTest.class.getResourceAsStream("/golden-grad/grad_network_linear_lif_linear_li.json")) {
            g = (Map<String, Object>) Json.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "golden");
        }
        Tensor v = tensor(g.get("li_v"));
        int[] labels = ((List<Object>) g.get("labels")).stream().mapToInt(o -> ((Number) o).intValue()).toArray();
        Loss.Classification r = Loss.maxOverTimeCrossEntropy(v, labels);
        assertEquals(tensor(g.get("logits")), r.logits(), "the max over time is exact");
        float want = (float) ((Number) g.get("loss_value")).doubleValue();
        assertEquals(want, r.value(), 1e-6f * Math.abs(want));
    }

    @SuppressWarnings("unchecked")
    static Tensor tensor(Object json) {
        Map<String, Object> m = (Map<String, Object>) json;
        int[] shape = ((List<Object>) m.get("shape")).stream().mapToInt(o -> ((Number) o).intValue()).toArray();
        List<Object> d = (List<Object>) m.get("data");
        float[] data = new float[d.size()];
        for (int k = 0; k < data.length; k++) {
            data[k] = (float) ((Number) d.get(k)).doubleValue();
        }
        return Tensor.wrap(data, shape);
    }

    @Test
    void readsViewsAtAnOffset() {
        Tensor whole = random(3, 1, 3, 2, 2, 4);   // a view: step 1 of (3, 2, 2, 4) is (2, 2, 4) at offset 16
        Tensor view = whole.step(1);
        Loss.Classification a = Loss.maxOverTimeCrossEntropy(view, new int[] {3, 1});
        Loss.Classification b = Loss.maxOverTimeCrossEntropy(view.copy(), new int[] {3, 1});
        assertEquals(b.value(), a.value(), 0f);
        assertEquals(b.grad(), a.grad());
        assertEquals(Loss.meanSquaredError(view.copy(), whole.step(2).copy()), Loss.meanSquaredError(view, whole.step(2)));
        assertEquals(Loss.spikeCount(view.copy(), whole.step(2).step(0).copy()), Loss.spikeCount(view, whole.step(2).step(0)));
    }

    @Test
    void aNonFiniteLossIsReturnedAsIs() {
        Tensor v = random(4, 1, 3, 2, 3);
        v.set(Float.NaN, 1, 0, 2);
        Loss.Classification r = Loss.maxOverTimeCrossEntropy(v, new int[] {0, 1});
        assertTrue(Float.isNaN(r.value()));
        assertTrue(Float.isNaN(r.logits().get(0, 2)), "torch.max propagates NaN");
        assertEquals(2, r.predictions()[0], "NaN is the argmax, as in torch");
        assertTrue(Float.isNaN(r.grad().get(1, 0, 2)), "the NaN's step gets the gradient");
        assertFalse(Float.isNaN(r.grad().get(0, 1, 0)), "other rows stay finite");

        Loss.Classification inf = Loss.crossEntropy(Tensor.of(new float[] {Float.NEGATIVE_INFINITY, 1f}, 1, 2), new int[] {0});
        assertEquals(Float.POSITIVE_INFINITY, inf.value());
        assertTrue(Float.isNaN(Loss.crossEntropy(Tensor.of(new float[] {Float.POSITIVE_INFINITY, 1f}, 1, 2), new int[] {0}).value()));
        assertTrue(Float.isNaN(Loss.meanSquaredError(Tensor.vector(Float.NaN), Tensor.vector(1f)).value()));
        assertTrue(Float.isInfinite(Loss.spikeCount(Tensor.full(Float.POSITIVE_INFINITY, 2, 1, 1), Tensor.zeros(1, 1)).value()));
        Loss.Result empty = Loss.meanSquaredError(Tensor.zeros(0, 3), Tensor.zeros(0, 3));
        assertTrue(Float.isNaN(empty.value()));
        assertEquals(0, empty.grad().size());
    }

    static void assertRejected(Runnable r, String... fragments) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), "message '" + e.getMessage() + "' should contain '" + f + "'");
        }
    }

    @Test
    void rejectsBadLabelsAndShapes() {
        Tensor v = Tensor.zeros(2, 3, 4);
        assertRejected(() -> Loss.maxOverTimeCrossEntropy(v, new int[] {0, 4, 1}), "labels[1]", "4", "[0, 4)");
        assertRejected(() -> Loss.maxOverTimeCrossEntropy(v, new int[] {0, 1, -1}), "labels[2]", "-1");
        assertRejected(() -> Loss.maxOverTimeCrossEntropy(v, new int[] {0, 1}), "labels has 2", "B = 3");
        assertRejected(() -> Loss.maxOverTimeCrossEntropy(v, null), "labels is null");
        assertRejected(() -> Loss.maxOverTimeCrossEntropy(null, new int[] {0}), "v is null");
        assertRejected(() -> Loss.maxOverTimeCrossEntropy(Tensor.zeros(3, 4), new int[] {0, 0, 0}), "(T, B, C)", "[3, 4]");
        assertRejected(() -> Loss.maxOverTimeCrossEntropy(Tensor.zeros(0, 3, 4), new int[] {0, 0, 0}), "[0, 3, 4]");
        assertRejected(() -> Loss.crossEntropy(Tensor.zeros(2, 3, 4), new int[] {0, 0}), "(B, C)", "[2, 3, 4]");
        assertRejected(() -> Loss.crossEntropy(Tensor.zeros(2, 3), new int[] {3, 0}), "labels[0] = 3");
        assertRejected(() -> Loss.meanSquaredError(Tensor.zeros(2, 3), Tensor.zeros(3, 2)), "[2, 3]", "[3, 2]");
        assertRejected(() -> Loss.meanSquaredError(Tensor.zeros(6), Tensor.zeros(1, 6)), "[6]", "[1, 6]");
        assertRejected(() -> Loss.meanSquaredError(null, Tensor.zeros(1)), "output is null");
        assertRejected(() -> Loss.spikeCount(Tensor.zeros(5, 2, 3), Tensor.zeros(3, 2)), "targetCounts", "[2, 3]", "[3, 2]");
        assertRejected(() -> Loss.spikeCount(Tensor.zeros(2, 3), Tensor.zeros(2, 3)), "(T, B, N)");
        assertRejected(() -> Loss.spikeCount(Tensor.zeros(2, 2, 3), null), "targetCounts is null");
    }

    // ---- mean squared error ----

    @Test
    void meanSquaredErrorIsTorchsMseLoss() {
        Tensor o = Tensor.of(new float[] {1f, 2f, 3f, 4f}, 2, 2), t = Tensor.of(new float[] {0f, 2f, 5f, 3.5f}, 2, 2);
        Loss.Result r = Loss.meanSquaredError(o, t);
        assertEquals((1 + 0 + 4 + 0.25) / 4, r.value(), 1e-7);
        assertArrayEquals(new float[] {0.5f, 0f, -1f, 0.25f}, r.grad().toArray(), 1e-7f);  // 2 (o - t) / 4
        assertArrayEquals(new int[] {2, 2}, r.grad().shape());

        Tensor o2 = random(5, 1, 3, 4, 5), t2 = random(6, 1, 3, 4, 5);
        Loss.Result r2 = Loss.meanSquaredError(o2, t2);
        double[] target = toDouble(t2);
        ToDoubleFunction<double[]> f = x -> {
            double s = 0;
            for (int k = 0; k < x.length; k++) {
                s += (x[k] - target[k]) * (x[k] - target[k]);
            }
            return s / x.length;
        };
        double[] x = toDouble(o2);
        assertEquals(f.applyAsDouble(x), r2.value(), 1e-6 * f.applyAsDouble(x));
        double[] num = numericalGradient(x, 1e-4, f);
        for (int k = 0; k < x.length; k++) {
            assertEquals(num[k], r2.grad().data()[k], 1e-7, "d mse / d output at " + k);
        }
    }

    // ---- spike count ----

    @Test
    void spikeCountByHand() {
        // T=3, B=1, N=2: neuron 0 spikes twice (target 1), neuron 1 never (target 3)
        Tensor spikes = Tensor.of(new float[] {1, 0, 0, 0, 1, 0}, 3, 1, 2);
        Loss.Result r = Loss.spikeCount(spikes, Tensor.of(new float[] {1, 3}, 1, 2));
        assertEquals((1 + 9) / 2.0, r.value(), 0);
        // d/ds = 2 (count - target) / (B N): 2 * 1 / 2 = 1 and 2 * -3 / 2 = -3, at every step
        assertArrayEquals(new float[] {1, -3, 1, -3, 1, -3}, r.grad().toArray(), 0f);
    }

    @Test
    void spikeCountGradientAgreesWithFiniteDifferences() {
        int steps = 5, batch = 2, n = 3;
        Tensor spikes = random(8, 0.5, steps, batch, n);
        Tensor target = random(9, 2, batch, n);
        Loss.Result r = Loss.spikeCount(spikes, target);
        double[] tgt = toDouble(target);
        ToDoubleFunction<double[]> f = x -> {
            double s = 0;
            for (int k = 0; k < batch * n; k++) {
                double c = 0;
                for (int t = 0; t < steps; t++) {
                    c += x[t * batch * n + k];
                }
                s += (c - tgt[k]) * (c - tgt[k]);
            }
            return s / (batch * n);
        };
        double[] x = toDouble(spikes);
        assertEquals(f.applyAsDouble(x), r.value(), 1e-6 * f.applyAsDouble(x));
        double[] num = numericalGradient(x, 1e-4, f);
        for (int k = 0; k < x.length; k++) {
            assertEquals(num[k], r.grad().data()[k], 1e-6, "d loss / d spikes at " + k);
            assertEquals(r.grad().data()[k % (batch * n)], r.grad().data()[k], 0f, "the same at every step");
        }
    }
}
