package io.snn4j.train;

import static io.snn4j.train.TrainingTest.matrix;
import static io.snn4j.train.TrainingTest.random;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snn4j.functional.LIFFeedForwardState;
import io.snn4j.functional.LIParameters;
import io.snn4j.module.Gradients;
import io.snn4j.module.LICell;
import io.snn4j.module.LIF;
import io.snn4j.module.LIFCell;
import io.snn4j.nn.Layer;
import io.snn4j.nn.Linear;
import io.snn4j.nn.SequentialState;
import io.snn4j.tensor.Parameter;
import io.snn4j.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code forwardConstant}: the same input current at every step, without the repeated sequence. Its
 * outputs must equal those of the repeated sequence bit for bit, and its input gradient must be the sum of
 * the repeated sequence's per-step input gradients (summed from the last step to the first, as computed).
 */
class ConstantInputTest {
    static final int T = 9, B = 3, N = 37;

    /** {@code (steps, x.shape)} with x at every step. */
    static Tensor repeat(Tensor x, int steps) {
        Tensor r = Tensor.zeros(io.snn4j.tensor.Shapes.prepend(steps, x.shape()));
        for (int t = 0; t < steps; t++) {
            r.step(t).copyFrom(x);
        }
        return r;
    }

    /** The steps' rows summed from the last to the first, from +0. */
    static float[] sumReverse(Tensor g, int steps) {
        int per = g.size() / steps;
        float[] s = new float[per];
        for (int t = steps - 1; t >= 0; t--) {
            for (int k = 0; k < per; k++) {
                s[k] += g.data()[g.offset() + t * per + k];
            }
        }
        return s;
    }

    @Test
    void cellOutputsStatesAndGradientsEqualThoseOfTheRepeatedSequence() {
        for (int threads : new int[] {1, 2}) {
            Tensor x = random(3, 0.9f, B, N);
            Tensor gOut = random(4, 1f, T, B, N);
            LIFCell a = new LIFCell(), b = new LIFCell();
            a.setThreads(threads);
            b.setThreads(threads);
            a.train(true);
            b.train(true);
            var ra = a.forwardConstant(x, T, null);
            var rb = b.forwardSequence(repeat(x, T), null);
            assertArrayEquals(rb.output().toArray(), ra.output().toArray());
            assertArrayEquals(rb.output().shape(), ra.output().shape());
            assertArrayEquals(rb.state().v, ra.state().v);
            assertArrayEquals(rb.state().i, ra.state().i);
            float spikes = 0;
            for (float z : ra.output().toArray()) {
                spikes += z;
            }
            assertTrue(spikes > 0 && spikes < T * B * N, "the case must spike sometimes: " + spikes);
            Gradients<?> ga = a.backward(gOut, null), gb = b.backward(gOut, null);
            assertArrayEquals(new int[] {B, N}, ga.input().shape());
            assertArrayEquals(sumReverse(gb.input(), T), ga.input().toArray(), "threads " + threads);
            for (String name : gb.parameters().keySet()) {
                assertArrayEquals(gb.parameters().get(name).toArray(), ga.parameters().get(name).toArray(), name);
            }
        }
    }

    @Test
    void sequenceModuleMatchesToo() {
        Tensor x = random(5, 0.8f, B, N);
        LIF a = new LIF(io.snn4j.functional.LIFParameters.DEFAULT, 0.001, true),
                b = new LIF(io.snn4j.functional.LIFParameters.DEFAULT, 0.001, true);
        var ra = a.forwardConstant(x, T, null);
        var rb = b.forward(repeat(x, T), (LIFFeedForwardState) null);
        assertArrayEquals(rb.output().toArray(), ra.output().toArray());
        assertArrayEquals(rb.recorded().v, ra.recorded().v);
        assertArrayEquals(rb.state().i, ra.state().i);
    }

    static SequentialState network(long seed) {
        SequentialState net = new SequentialState(Linear.of(Tensor.wrap(matrix(seed, 29, 11, 1.2f).data, 29, 11),
                Tensor.vector(new float[29])), Layer.of(new LIFCell()), Linear.of(Tensor.wrap(matrix(seed + 1, 5, 29, 1f).data,
                        5, 29), random(seed + 2, 0.1f, 5)), Layer.of(new LICell(LIParameters.DEFAULT, 0.001)));
        net.setThreads(1);
        return net;
    }

    @Test
    void networkForwardConstantGivesTheRepeatedSequencesOutputsAndGradients() {
        Tensor x = random(7, 2f, B, 11);
        SequentialState a = network(11), b = network(11);
        a.train(true);
        b.train(true);
        Tensor va = a.forwardConstant(x, T, null).output();
        Tensor vb = b.forwardSequence(repeat(x, T), null).output();
        assertArrayEquals(new int[] {T, B, 5}, va.shape());
        assertArrayEquals(vb.toArray(), va.toArray());
        Tensor g = random(8, 1f, T, B, 5);
        Tensor gxa = a.backward(g, true), gxb = b.backward(g, true);
        // the constant input's gradient: that of x itself (the neuron layer summed the steps)
        assertArrayEquals(new int[] {B, 11}, gxa.shape());
        float[] expected = sumReverse(gxb, T);
        for (int k = 0; k < expected.length; k++) {
            assertEquals(expected[k], gxa.data()[k], 1e-5f * (1 + Math.abs(expected[k])), "input gradient " + k);
        }
        List<Parameter> pa = a.parameters(), pb = b.parameters();
        for (int p = 0; p < pa.size(); p++) {
            float[] ea = pa.get(p).grad(), eb = pb.get(p).grad();
            boolean last = p >= 2; // the second Linear sees the same spikes and gradients: exact
            for (int k = 0; k < ea.length; k++) {
                if (last) {
                    assertEquals(eb[k], ea[k], 0f, pa.get(p).name() + " of layer 2, " + k);
                } else {
                    // the first Linear's gradient sums the steps in the other order
                    assertEquals(eb[k], ea[k], 1e-5f * (1 + Math.abs(eb[k])), pa.get(p).name() + " of layer 0, " + k);
                }
            }
        }
    }

    @Test
    void onlyLinearLayersRepeatTheOutputAndTakeEitherGradientForm() {
        Tensor x = random(9, 1f, B, 11);
        SequentialState a = new SequentialState(Linear.of(Tensor.wrap(matrix(1, 7, 11, 1f).data, 7, 11), null));
        SequentialState b = new SequentialState(Linear.of(Tensor.wrap(matrix(1, 7, 11, 1f).data, 7, 11), null));
        a.train(true);
        b.train(true);
        Tensor ya = a.forwardConstant(x, T, null).output();
        assertArrayEquals(b.forwardSequence(repeat(x, T), null).output().toArray(), ya.toArray());
        Tensor g = random(2, 1f, T, B, 7);
        Tensor gxa = a.backward(g, true), gxb = b.backward(g, true);
        assertArrayEquals(new int[] {T, B, 11}, gxa.shape());
        assertArrayEquals(gxb.toArray(), gxa.toArray());
        assertArrayEquals(b.parameters().get(0).grad(), a.parameters().get(0).grad());
        // the same call with its gradient already summed over the steps (forward order, as Linear sums)
        a.parameters().get(0).zeroGrad();
        a.forwardConstant(x, T, null);
        Tensor summed = Tensor.zeros(B, 7);
        for (int t = 0; t < T; t++) {
            for (int k = 0; k < summed.size(); k++) {
                summed.data()[k] += g.data()[t * summed.size() + k];
            }
        }
        Tensor gs = a.backward(summed, true);
        assertArrayEquals(new int[] {B, 11}, gs.shape());
        assertArrayEquals(b.parameters().get(0).grad(), a.parameters().get(0).grad());
    }

    @Test
    void badCallsAreClearErrors() {
        LIFCell cell = new LIFCell();
        Tensor x = random(1, 1f, B, N);
        assertThrows(IllegalArgumentException.class, () -> cell.forwardConstant(null, T, null));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> cell.forwardConstant(x, 0, null));
        assertTrue(e.getMessage().contains("steps"), e.getMessage());
        cell.train(true);
        var r = cell.forwardConstant(x, T, null);
        // continuing the chain from the returned state mixes gradient shapes: refused, nothing recorded
        e = assertThrows(IllegalArgumentException.class, () -> cell.forward(x, r.state()));
        assertTrue(e.getMessage().contains("constant-input"), e.getMessage());
        Gradients<?> g = cell.backward(null, null);
        assertArrayEquals(new int[] {B, N}, g.input().shape());
        SequentialState net = network(3);
        e = assertThrows(IllegalArgumentException.class, () -> net.forwardConstant(random(1, 1f, B, 12), T, null));
        assertTrue(e.getMessage().contains("layer 0"), e.getMessage());
        Linear lin = Linear.initialized(11, 4, true, 1);
        e = assertThrows(IllegalArgumentException.class, () -> lin.applyConstant(random(1, 1f, B, 11), 0));
        assertTrue(e.getMessage().contains("steps"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> lin.applyConstant(random(1, 1f, B, 12), T));
        assertTrue(e.getMessage().contains("in_features = 11"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new SequentialState(lin).forwardConstant(random(1, 1f, B, 11), 0,
                null));
        lin.train(true);
        new SequentialState(lin).forwardConstant(random(1, 1f, B, 11), T, null);
        e = assertThrows(IllegalArgumentException.class, () -> lin.backward(Tensor.zeros(B, 5), false));
        assertTrue(e.getMessage().contains("summed"), e.getMessage());
    }
}
