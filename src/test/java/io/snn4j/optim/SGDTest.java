package io.snn4j.optim;

import static io.snn4j.optim.AdamTest.assertRejected;
import static io.snn4j.optim.AdamTest.random;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snn4j.tensor.Parameter;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * SGD against PyTorch's documented algorithm (torch.optim.SGD):
 *
 * <pre>
 * g = g + weight_decay * p
 * b = g                                   at the first step
 * b = momentum * b + (1 - dampening) * g  afterwards
 * g = g + momentum * b  (nesterov)  or  g = b
 * p = p - lr * g
 * </pre>
 */
class SGDTest {

    static Parameter scalar(String name, float value) {
        return new Parameter(name, new int[] {1}, new float[] {value});
    }

    /** Runs three steps of a one-value parameter from p0 with the given gradients; returns p after each. */
    static float[] run(SGD.Builder builder, Parameter p, float[] grads) {
        SGD sgd = builder.build();
        float[] out = new float[grads.length];
        for (int s = 0; s < grads.length; s++) {
            sgd.zeroGrad();
            p.grad()[0] = grads[s];
            sgd.step();
            out[s] = p.data()[0];
        }
        assertEquals(grads.length, sgd.stepCount());
        assertEquals(grads.length, p.version());
        return out;
    }

    @Test
    void plainWithWeightDecayByHand() {
        // lr 0.5, weight_decay 0.2, p = 1, g = 1 at each step:
        // 1: d = 1 + 0.2 * 1 = 1.2,        p = 1 - 0.6 = 0.4
        // 2: d = 1 + 0.2 * 0.4 = 1.08,     p = 0.4 - 0.54 = -0.14
        // 3: d = 1 + 0.2 * -0.14 = 0.972,  p = -0.14 - 0.486 = -0.626
        Parameter p = scalar("p", 1f);
        float[] got = run(SGD.builder(List.of(p)).lr(0.5).weightDecay(0.2), p, new float[] {1f, 1f, 1f});
        assertArrayEquals(new float[] {0.4f, -0.14f, -0.626f}, got, 1e-6f);
    }

    @Test
    void momentumWithDampeningByHand() {
        // lr 0.1, momentum 0.9, dampening 0.5, p = 2, g = 1, 2, -1:
        // 1: b = 1 (the first step copies the gradient, no dampening),  p = 2 - 0.1 = 1.9
        // 2: b = 0.9 * 1 + 0.5 * 2 = 1.9,                                p = 1.9 - 0.19 = 1.71
        // 3: b = 0.9 * 1.9 + 0.5 * -1 = 1.21,                            p = 1.71 - 0.121 = 1.589
        Parameter p = scalar("p", 2f);
        float[] got = run(SGD.builder(List.of(p)).lr(0.1).momentum(0.9).dampening(0.5), p, new float[] {1f, 2f, -1f});
        assertArrayEquals(new float[] {1.9f, 1.71f, 1.589f}, got, 1e-6f);
    }

    @Test
    void nesterovWithWeightDecayByHand() {
        // lr 0.1, momentum 0.5, nesterov, weight_decay 0.1, p = 1, g = 0.5, -0.25, 1:
        // 1: d = 0.5 + 0.1 = 0.6;             b = 0.6;                          d = 0.6 + 0.3 = 0.9;                p = 0.91
        // 2: d = -0.25 + 0.091 = -0.159;      b = 0.3 - 0.159 = 0.141;          d = -0.159 + 0.0705 = -0.0885;      p = 0.91885
        // 3: d = 1 + 0.091885 = 1.091885;     b = 0.0705 + 1.091885 = 1.162385; d = 1.091885 + 0.5811925 = 1.6730775; p = 0.75154225
        Parameter p = scalar("p", 1f);
        float[] got = run(SGD.builder(List.of(p)).lr(0.1).momentum(0.5).nesterov(true).weightDecay(0.1), p,
                new float[] {0.5f, -0.25f, 1f});
        assertArrayEquals(new float[] {0.91f, 0.91885f, 0.75154225f}, got, 1e-6f);
    }

    /** The algorithm in double precision over arrays, for the multi-parameter check. */
    static void reference(double[] p, double[] buf, float[] g, int step, double lr, double momentum, double dampening,
            double wd, boolean nesterov) {
        for (int k = 0; k < p.length; k++) {
            double d = g[k] + wd * p[k];
            if (momentum != 0) {
                buf[k] = step == 0 ? d : momentum * buf[k] + (1 - dampening) * d;
                d = nesterov ? d + momentum * buf[k] : buf[k];
            }
            p[k] -= lr * d;
        }
    }

    @Test
    void severalParametersFollowTheAlgorithm() {
        for (boolean nesterov : new boolean[] {false, true}) {
            double damp = nesterov ? 0 : 0.3;
            float[] w0 = random(11, 20, 1), b0 = random(12, 4, 1);
            Parameter w = new Parameter("w", new int[] {4, 5}, w0.clone());
            Parameter b = new Parameter("b", new int[] {4}, b0.clone());
            SGD sgd = SGD.builder(List.of(w, b)).lr(0.05).momentum(0.8).dampening(damp).weightDecay(0.01)
                    .nesterov(nesterov).build();
            double[] rw = new double[20], rb = new double[4], bw = new double[20], bb = new double[4];
            for (int k = 0; k < 20; k++) {
                rw[k] = w0[k];
            }
            for (int k = 0; k < 4; k++) {
                rb[k] = b0[k];
            }
            for (int s = 0; s < 10; s++) {
                float[] gw = random(300 + s, 20, 1), gb = random(400 + s, 4, 1);
                sgd.zeroGrad();
                System.arraycopy(gw, 0, w.grad(), 0, 20);
                System.arraycopy(gb, 0, b.grad(), 0, 4);
                sgd.step();
                reference(rw, bw, gw, s, 0.05, 0.8, damp, 0.01, nesterov);
                reference(rb, bb, gb, s, 0.05, 0.8, damp, 0.01, nesterov);
                for (int k = 0; k < 20; k++) {
                    assertEquals(rw[k], w.data()[k], 1e-5, "nesterov " + nesterov + " step " + s + " w[" + k + "]");
                }
                for (int k = 0; k < 4; k++) {
                    assertEquals(rb[k], b.data()[k], 1e-5, "nesterov " + nesterov + " step " + s + " b[" + k + "]");
                }
            }
        }
    }

    @Test
    void eachOperationIsRoundedToFloatInTorchsOrder() {
        // p + (float)(-lr) * (buf * momentum + (1 - dampening) * (g + wd * p)), every product and sum in float32
        float p0 = 0.7f, g1 = 0.3f, g2 = -1.1f;
        Parameter p = scalar("p", p0);
        SGD sgd = SGD.builder(List.of(p)).lr(0.03).momentum(0.7).dampening(0.2).weightDecay(0.004).build();
        p.grad()[0] = g1;
        sgd.step();
        float d1 = g1 + 0.004f * p0;
        float pp1 = p0 + -0.03f * d1;
        assertEquals(Float.floatToIntBits(pp1), Float.floatToIntBits(p.data()[0]));
        p.grad()[0] = g2;
        sgd.step();
        float d2 = g2 + 0.004f * pp1;
        float buf2 = d1 * 0.7f + (float) (1 - 0.2) * d2;
        float pp2 = pp1 + -0.03f * buf2;
        assertEquals(Float.floatToIntBits(pp2), Float.floatToIntBits(p.data()[0]));
    }

    @Test
    void aNonFiniteGradientChangesNothing() {
        float[] w0 = random(21, 6, 1);
        Parameter w = new Parameter("layer.weight", new int[] {2, 3}, w0.clone());
        Parameter w2 = new Parameter("layer.weight", new int[] {2, 3}, w0.clone());
        SGD hit = SGD.builder(List.of(w)).lr(0.1).momentum(0.9).build();
        SGD twin = SGD.builder(List.of(w2)).lr(0.1).momentum(0.9).build();
        w.grad()[5] = Float.NaN;
        IllegalStateException e = assertThrows(IllegalStateException.class, hit::step);
        assertTrue(e.getMessage().contains("layer.weight") && e.getMessage().contains("index 5")
                && e.getMessage().contains("[1, 2]") && e.getMessage().contains("NaN"), e.getMessage());
        assertArrayEquals(w0, w.data(), 0f);
        assertEquals(0, w.version());
        assertEquals(0, hit.stepCount());
        // the momentum buffer was not started by the failed step: the next good step is a first step
        float[] g = random(22, 6, 1);
        System.arraycopy(g, 0, w.grad(), 0, 6);
        System.arraycopy(g, 0, w2.grad(), 0, 6);
        hit.step();
        twin.step();
        hit.step();
        twin.step();
        assertArrayEquals(w2.data(), w.data(), 0f);
    }

    @Test
    void rejectsBadArguments() {
        Parameter a = new Parameter("a", new int[] {2}, new float[2]);
        List<Parameter> ok = List.of(a);
        assertRejected(() -> new SGD(null, 0.1), "SGD", "parameters is null");
        assertRejected(() -> new SGD(List.of(), 0.1), "empty");
        assertRejected(() -> new SGD(Arrays.asList(null, a), 0.1), "parameters[0] is null");
        assertRejected(() -> new SGD(List.of(a, a), 0.1), "parameters[1]", "same parameter");
        assertRejected(() -> new SGD(ok, -1), "lr", "-1.0");
        assertRejected(() -> new SGD(ok, Double.NaN), "lr", "NaN");
        assertRejected(() -> SGD.builder(ok).momentum(-0.5).build(), "momentum", "-0.5");
        assertRejected(() -> SGD.builder(ok).momentum(Double.POSITIVE_INFINITY).build(), "momentum", "Infinity");
        assertRejected(() -> SGD.builder(ok).dampening(Double.NaN).build(), "dampening", "NaN");
        assertRejected(() -> SGD.builder(ok).weightDecay(-1e-4).build(), "weight_decay", "-1.0E-4");
        assertRejected(() -> SGD.builder(ok).nesterov(true).build(), "nesterov", "momentum 0.0");
        assertRejected(() -> SGD.builder(ok).nesterov(true).momentum(0.9).dampening(0.1).build(), "nesterov",
                "dampening 0.1");
        SGD sgd = SGD.builder(ok).nesterov(true).momentum(0.9).build();
        assertEquals(1e-3, sgd.learningRate());
        assertTrue(sgd.nesterov());
        sgd.setLearningRate(0.25);
        assertEquals(0.25, sgd.learningRate());
        assertRejected(() -> sgd.setLearningRate(Double.NaN), "lr", "NaN");
    }
}
