package io.snn4j.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snn4j.io.Json;
import io.snn4j.tensor.Parameter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AdamTest {
    static final String[] NAMES = {"fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias"};

    @SuppressWarnings("unchecked")
    static Map<String, Object> golden(String name) throws IOException {
        String path = "/golden-grad/" + name + ".json";
        try (InputStream in = AdamTest.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + path);
            }
            return (Map<String, Object>) Json.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), path);
        }
    }

    @SuppressWarnings("unchecked")
    static int[] shape(Object tensor) {
        List<Object> s = (List<Object>) ((Map<String, Object>) tensor).get("shape");
        return s.stream().mapToInt(o -> ((Number) o).intValue()).toArray();
    }

    @SuppressWarnings("unchecked")
    static float[] data(Object tensor) {
        List<Object> d = (List<Object>) ((Map<String, Object>) tensor).get("data");
        float[] out = new float[d.size()];
        for (int k = 0; k < out.length; k++) {
            out[k] = (float) ((Number) d.get(k)).doubleValue();
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    @ParameterizedTest
    @ValueSource(strings = {"grad_network_linear_lif_linear_li", "grad_network_linear_lif_linear_li_tanh"})
    void oneStepReproducesTorchAdamOnNorsesNetwork(String caseName) throws IOException {
        Map<String, Object> g = golden(caseName);
        Map<String, Object> init = (Map<String, Object>) g.get("initial_parameters");
        Map<String, Object> grad = (Map<String, Object>) g.get("grad");
        Map<String, Object> after = (Map<String, Object>) g.get("parameters_after_one_adam_step");
        Map<String, Object> settings = (Map<String, Object>) g.get("adam");
        List<Object> betas = (List<Object>) settings.get("betas");

        List<Parameter> params = new ArrayList<>();
        for (String n : NAMES) {
            Parameter p = new Parameter(n, shape(init.get(n)), data(init.get(n)));
            assertArrayEquals(p.shape(), shape(grad.get(n)), n);
            System.arraycopy(data(grad.get(n)), 0, p.grad(), 0, p.size());
            params.add(p);
        }
        Adam adam = Adam.builder(params)
                .lr(((Number) settings.get("lr")).doubleValue())
                .betas(((Number) betas.get(0)).doubleValue(), ((Number) betas.get(1)).doubleValue())
                .eps(((Number) settings.get("eps")).doubleValue())
                .weightDecay(((Number) settings.get("weight_decay")).doubleValue())
                .build();
        adam.step();
        assertEquals(1, adam.stepCount());

        int exact = 0, total = 0;
        for (Parameter p : params) {
            float[] want = data(after.get(p.name()));
            assertArrayEquals(shape(after.get(p.name())), p.shape(), p.name());
            double maxAbs = 0;
            for (float w : want) {
                maxAbs = Math.max(maxAbs, Math.abs(w));
            }
            double tol = 1e-5 * maxAbs + 1e-6;
            for (int k = 0; k < want.length; k++) {
                float got = p.data()[k];
                assertTrue(Math.abs(got - want[k]) <= tol, caseName + " " + p.name() + "[" + k + "]: got " + got
                        + ", torch " + want[k] + " (tolerance " + tol + ")");
                if (Float.floatToIntBits(got) == Float.floatToIntBits(want[k])) {
                    exact++;
                }
                total++;
            }
        }
        // PyTorch's float32 operation order, followed step by step, gives torch's numbers bit for bit.
        assertEquals(total, exact, caseName + ": values equal to torch's bit for bit");
    }

    /** PyTorch's Adam written out in double precision, one scalar at a time, as the reference. */
    static final class Reference {
        final double lr, b1, b2, eps, wd;
        final boolean amsgrad;
        final double[] p, m, v, vMax;
        int t;

        Reference(float[] p0, double lr, double b1, double b2, double eps, double wd, boolean amsgrad) {
            this.p = new double[p0.length];
            for (int k = 0; k < p0.length; k++) {
                p[k] = p0[k];
            }
            this.m = new double[p0.length];
            this.v = new double[p0.length];
            this.vMax = new double[p0.length];
            this.lr = lr;
            this.b1 = b1;
            this.b2 = b2;
            this.eps = eps;
            this.wd = wd;
            this.amsgrad = amsgrad;
        }

        void step(float[] grad) {
            t++;
            for (int k = 0; k < p.length; k++) {
                double g = grad[k] + wd * p[k];
                m[k] = b1 * m[k] + (1 - b1) * g;
                v[k] = b2 * v[k] + (1 - b2) * g * g;
                vMax[k] = Math.max(vMax[k], v[k]);
                double mHat = m[k] / (1 - Math.pow(b1, t));
                double vHat = (amsgrad ? vMax[k] : v[k]) / (1 - Math.pow(b2, t));
                // the textbook form; torch's is the same: lr/bc1 * m / (sqrt(v)/sqrt(bc2) + eps)
                p[k] -= lr * mHat / (Math.sqrt(vHat) + eps);
            }
        }
    }

    static float[] random(long seed, int n, double scale) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] out = new float[n];
        for (int k = 0; k < n; k++) {
            out[k] = (float) (r.nextGaussian() * scale);
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void manyStepsFollowTheDocumentedAlgorithm(boolean amsgrad) {
        float[] w0 = random(1, 37, 1), b0 = random(2, 5, 0.1);
        Parameter w = new Parameter("w", new int[] {37}, w0.clone());
        Parameter b = new Parameter("b", new int[] {5}, b0.clone());
        Adam adam = Adam.builder(List.of(w, b)).lr(0.01).betas(0.8, 0.95).eps(1e-6).weightDecay(0.05)
                .amsgrad(amsgrad).build();
        Reference rw = new Reference(w0, 0.01, 0.8, 0.95, 1e-6, 0.05, amsgrad);
        Reference rb = new Reference(b0, 0.01, 0.8, 0.95, 1e-6, 0.05, amsgrad);
        for (int s = 0; s < 20; s++) {
            // large gradients first, then small ones, so that the second moment falls and AMSGrad's maximum matters
            double scale = s < 5 ? 3 : 0.01;
            float[] gw = random(100 + s, 37, scale), gb = random(200 + s, 5, scale);
            adam.zeroGrad();
            for (int k = 0; k < 37; k++) {
                w.grad()[k] += gw[k];
            }
            for (int k = 0; k < 5; k++) {
                b.grad()[k] += gb[k];
            }
            adam.step();
            rw.step(gw);
            rb.step(gb);
            for (int k = 0; k < 37; k++) {
                assertEquals(rw.p[k], w.data()[k], 2e-6 * Math.max(1, Math.abs(rw.p[k])), "step " + (s + 1) + " w[" + k + "]");
            }
            for (int k = 0; k < 5; k++) {
                assertEquals(rb.p[k], b.data()[k], 2e-6 * Math.max(1, Math.abs(rb.p[k])), "step " + (s + 1) + " b[" + k + "]");
            }
        }
        assertEquals(20, adam.stepCount());
        assertEquals(20, w.version());
        assertEquals(20, b.version());
    }

    @Test
    void amsgradDiffersOnceTheSecondMomentFalls() {
        float[] p0 = {1f, -2f, 0.5f};
        Parameter a = new Parameter("a", new int[] {3}, p0.clone());
        Parameter c = new Parameter("c", new int[] {3}, p0.clone());
        Adam plain = Adam.builder(List.of(a)).lr(0.1).build();
        Adam ams = Adam.builder(List.of(c)).lr(0.1).amsgrad(true).build();
        float[][] grads = {{10f, -10f, 10f}, {0.1f, 0.1f, -0.1f}, {0.1f, 0.1f, -0.1f}};
        for (int s = 0; s < grads.length; s++) {
            System.arraycopy(grads[s], 0, a.grad(), 0, 3);
            System.arraycopy(grads[s], 0, c.grad(), 0, 3);
            plain.step();
            ams.step();
            if (s == 0) {
                assertArrayEquals(a.data(), c.data(), 0f, "the first step is the same");
            }
        }
        // with v falling, plain Adam divides by a smaller denominator and moves further
        for (int k = 0; k < 3; k++) {
            assertNotEquals(a.data()[k], c.data()[k]);
            assertTrue(Math.abs(a.data()[k] - p0[k]) > Math.abs(c.data()[k] - p0[k]), "index " + k);
        }
    }

    @Test
    void firstStepMovesEachValueByAboutLr() {
        // m/sqrt(v) after bias correction is sign(g) at step 1 (up to eps): the update is -lr * sign(g)
        Parameter p = new Parameter("p", new int[] {2, 2}, new float[] {0f, 0f, 0f, 0f});
        float[] g = {1f, -3f, 1e-3f, 0f};
        System.arraycopy(g, 0, p.grad(), 0, 4);
        new Adam(List.of(p), 0.01).step();
        assertEquals(-0.01f, p.data()[0], 1e-8f);
        assertEquals(0.01f, p.data()[1], 1e-8f);
        assertEquals(-0.01f, p.data()[2], 1e-6f);
        assertEquals(0f, p.data()[3], 0f);
    }

    @Test
    void aNonFiniteGradientChangesNothing() {
        float[] w0 = random(5, 12, 1), b0 = random(6, 3, 1);
        Parameter w = new Parameter("fc.weight", new int[] {3, 4}, w0.clone());
        Parameter b = new Parameter("fc.bias", new int[] {3}, b0.clone());
        Parameter w2 = new Parameter("fc.weight", new int[] {3, 4}, w0.clone());
        Parameter b2 = new Parameter("fc.bias", new int[] {3}, b0.clone());
        Adam hit = Adam.builder(List.of(w, b)).lr(0.05).weightDecay(0.01).amsgrad(true).build();
        Adam twin = Adam.builder(List.of(w2, b2)).lr(0.05).weightDecay(0.01).amsgrad(true).build();
        float[] gw = random(7, 12, 1), gb = random(8, 3, 1);
        for (Parameter[] pair : new Parameter[][] {{w, b}, {w2, b2}}) {
            System.arraycopy(gw, 0, pair[0].grad(), 0, 12);
            System.arraycopy(gb, 0, pair[1].grad(), 0, 3);
        }
        hit.step();
        twin.step();
        float[] wAfter = w.data().clone(), bAfter = b.data().clone();
        long version = w.version();

        for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
            w.grad()[6] = bad; // [1, 2] of (3, 4)
            IllegalStateException e = assertThrows(IllegalStateException.class, hit::step);
            assertTrue(e.getMessage().contains("fc.weight") && e.getMessage().contains("index 6")
                    && e.getMessage().contains("[1, 2]") && e.getMessage().contains(Float.toString(bad)), e.getMessage());
            assertArrayEquals(wAfter, w.data(), 0f);
            assertArrayEquals(bAfter, b.data(), 0f);
            assertEquals(version, w.version());
            assertEquals(1, hit.stepCount());
        }
        w.grad()[6] = gw[6];
        b.grad()[2] = Float.NaN;
        IllegalStateException e = assertThrows(IllegalStateException.class, hit::step);
        assertTrue(e.getMessage().contains("fc.bias") && e.getMessage().contains("index 2"), e.getMessage());
        assertArrayEquals(wAfter, w.data(), 0f, "an earlier parameter is not updated either");
        b.grad()[2] = gb[2];

        // the moments were left as they were: the next step equals that of an optimizer that never failed
        hit.step();
        twin.step();
        assertArrayEquals(w2.data(), w.data(), 0f);
        assertArrayEquals(b2.data(), b.data(), 0f);
        assertEquals(twin.stepCount(), hit.stepCount());
    }

    @Test
    void zeroGradClearsEveryGradient() {
        Parameter a = new Parameter("a", new int[] {2}, new float[2]);
        Parameter b = new Parameter("b", new int[] {3}, new float[3]);
        Arrays.fill(a.grad(), 1f);
        Arrays.fill(b.grad(), 2f);
        Adam adam = new Adam(List.of(a, b));
        adam.zeroGrad();
        assertArrayEquals(new float[2], a.grad(), 0f);
        assertArrayEquals(new float[3], b.grad(), 0f);
        assertEquals(List.of(a, b), adam.parameters());
        assertThrows(UnsupportedOperationException.class, () -> adam.parameters().add(a));
    }

    @Test
    void theParameterListIsCopied() {
        Parameter a = new Parameter("a", new int[] {2}, new float[2]);
        List<Parameter> list = new ArrayList<>(List.of(a));
        Adam adam = new Adam(list);
        list.add(new Parameter("b", new int[] {1}, new float[1]));
        assertEquals(1, adam.parameters().size());
    }

    @Test
    void defaultsArePyTorchs() {
        Adam adam = new Adam(List.of(new Parameter("a", new int[] {1}, new float[1])));
        assertEquals(1e-3, adam.learningRate());
        assertEquals(0.9, adam.beta1());
        assertEquals(0.999, adam.beta2());
        assertEquals(1e-8, adam.eps());
        assertEquals(0, adam.weightDecay());
        assertEquals(false, adam.amsgrad());
        adam.setLearningRate(0.5);
        assertEquals(0.5, adam.learningRate());
        assertThrows(IllegalArgumentException.class, () -> adam.setLearningRate(-1));
    }

    static void assertRejected(Runnable r, String... fragments) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), "message '" + e.getMessage() + "' should contain '" + f + "'");
        }
    }

    @Test
    void rejectsBadArguments() {
        Parameter a = new Parameter("a", new int[] {2}, new float[2]);
        Parameter b = new Parameter("b", new int[] {2}, new float[2]);
        List<Parameter> ok = List.of(a, b);
        assertRejected(() -> new Adam(null), "parameters is null");
        assertRejected(() -> new Adam(List.of()), "empty");
        assertRejected(() -> new Adam(Arrays.asList(a, null)), "parameters[1] is null");
        assertRejected(() -> new Adam(List.of(a, b, a)), "parameters[2]", "a", "parameters[0]");
        Parameter alias = new Parameter("alias", new int[] {2}, a.data());
        assertRejected(() -> new Adam(List.of(a, alias)), "alias", "shares its values array", "parameters[0]");
        assertRejected(() -> new Adam(ok, -0.1), "lr", "-0.1");
        assertRejected(() -> new Adam(ok, Double.NaN), "lr", "NaN");
        assertRejected(() -> new Adam(ok, Double.POSITIVE_INFINITY), "lr", "Infinity");
        assertRejected(() -> Adam.builder(ok).betas(1.0, 0.999).build(), "beta1", "1.0");
        assertRejected(() -> Adam.builder(ok).betas(-0.1, 0.999).build(), "beta1", "-0.1");
        assertRejected(() -> Adam.builder(ok).betas(0.9, 1.5).build(), "beta2", "1.5");
        assertRejected(() -> Adam.builder(ok).betas(0.9, Double.NaN).build(), "beta2", "NaN");
        assertRejected(() -> Adam.builder(ok).eps(-1e-8).build(), "eps", "-1.0E-8");
        assertRejected(() -> Adam.builder(ok).weightDecay(-0.01).build(), "weight_decay", "-0.01");
        assertRejected(() -> Adam.builder(ok).weightDecay(Double.NaN).build(), "weight_decay", "NaN");
        // accepted edge values
        Adam.builder(ok).lr(0).betas(0, 0).eps(0).weightDecay(0).build();
        Adam.builder(Collections.singletonList(a)).build();
    }

    @Test
    void lrZeroAndZeroGradientsLeaveTheValues() {
        float[] p0 = random(9, 8, 1);
        Parameter p = new Parameter("p", new int[] {8}, p0.clone());
        System.arraycopy(random(10, 8, 1), 0, p.grad(), 0, 8);
        new Adam(List.of(p), 0).step();
        assertArrayEquals(p0, p.data(), 0f);
        p.zeroGrad();
        new Adam(List.of(p), 0.1).step();
        assertArrayEquals(p0, p.data(), 0f, "m = 0 at the first step: no move");
    }
}
