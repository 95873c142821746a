package io.snn4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snn4j.functional.LIFFeedForwardState;
import io.snn4j.functional.LIFParameters;
import io.snn4j.functional.LIFState;
import io.snn4j.functional.LIParameters;
import io.snn4j.functional.LSNNParameters;
import io.snn4j.functional.LSNNState;
import io.snn4j.functional.Param;
import io.snn4j.module.Gradients;
import io.snn4j.module.LI;
import io.snn4j.module.LICell;
import io.snn4j.module.LIF;
import io.snn4j.module.LIFCell;
import io.snn4j.module.LIFExCell;
import io.snn4j.module.LIFRecurrent;
import io.snn4j.module.LSNNRecurrent;
import io.snn4j.module.RecurrentOptions;
import io.snn4j.nn.Layer;
import io.snn4j.nn.Lift;
import io.snn4j.nn.Linear;
import io.snn4j.nn.SequentialState;
import io.snn4j.nn.Trainer;
import io.snn4j.optim.Adam;
import io.snn4j.tensor.Parameter;
import io.snn4j.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.ejml.data.FMatrixRMaj;
import org.junit.jupiter.api.Test;

/** Training-mode behaviour of the modules and layers: bad calls, determinism, weights, the loop's guards. */
class TrainingTest {

    static Tensor random(long seed, float scale, int... shape) {
        SplittableRandom r = new SplittableRandom(seed);
        Tensor t = Tensor.zeros(shape);
        for (int k = 0; k < t.size(); k++) {
            t.data()[k] = (float) (r.nextDouble() * scale);
        }
        return t;
    }

    static FMatrixRMaj matrix(long seed, int rows, int cols, float scale) {
        Tensor t = random(seed, scale, rows, cols);
        for (int k = 0; k < t.size(); k++) {
            t.data()[k] -= scale / 2;
        }
        return new FMatrixRMaj(rows, cols, true, t.data());
    }

    @Test
    void backwardWithoutARecordedForwardIsAClearError() {
        LIF lif = new LIF();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> lif.backward(null, null));
        assertTrue(e.getMessage().contains("without a recorded forward"), e.getMessage());
        lif.forward(Tensor.full(1f, 3, 2, 4)); // evaluation mode records nothing
        assertThrows(IllegalStateException.class, () -> lif.backward(null, null));
        lif.train(true);
        lif.forward(Tensor.full(1f, 3, 2, 4));
        lif.backward(null, null);
        e = assertThrows(IllegalStateException.class, () -> lif.backward(null, null), "a record is consumed once");
        assertTrue(e.getMessage().contains("once per forward"), e.getMessage());
        Linear linear = Linear.initialized(4, 3, true, 1);
        assertThrows(IllegalStateException.class, () -> linear.backward(Tensor.zeros(2, 3), true));
        LIFRecurrent rec = new LIFRecurrent(4, 5);
        assertThrows(IllegalStateException.class, () -> rec.backward(null, null));
        SequentialState net = new SequentialState(linear, Layer.of(new LIFCell()));
        e = assertThrows(IllegalStateException.class, () -> net.backward(Tensor.zeros(1, 2, 3), false));
        assertTrue(e.getMessage().startsWith("layer 1 (LIFCell"), e.getMessage());
    }

    @Test
    void wrongGradientShapesAndStatesAreRejectedAndTheRecordKept() {
        LIF lif = new LIF();
        lif.train(true);
        Tensor x = Tensor.full(2f, 5, 2, 3);
        lif.forward(x);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> lif.backward(Tensor.zeros(5, 2, 4), null));
        assertTrue(e.getMessage().contains("gradOutput") && e.getMessage().contains("[5, 2, 3]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> lif.backward(null, new LIFFeedForwardState(new int[] {2, 4})));
        Gradients<LIFFeedForwardState> g = lif.backward(Tensor.full(1f, 5, 2, 3), null);
        assertArrayEquals(new int[] {5, 2, 3}, g.input().shape());
    }

    @Test
    void modelsWithoutBackwardRefuseTrainingModeAndStreamingRunsRefuseToRecord() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new LIFExCell().train(true));
        assertTrue(e.getMessage().contains("LIFExCell") && e.getMessage().contains("no backward pass"), e.getMessage());
        LIF lif = new LIF();
        lif.train(true);
        assertThrows(IllegalStateException.class, () -> lif.run(new int[] {1, 2}, (t, in) -> t < 2, (t, out) -> { }, null));
        assertTrue(lif.isTraining());
        lif.train(false);
        assertEquals(false, lif.isTraining());
    }

    @Test
    void trainingMemoryIsReportedPerStepAndNeuron() {
        assertEquals(4L * 10 * 20 * 2, new LIF().trainingMemoryBytes(10, new int[] {4, 5}), "v and i1 per neuron-step");
        assertEquals(4L * 10 * 20 * 3, new io.snn4j.module.LSNN().trainingMemoryBytes(10, new int[] {4, 5}));
        // recurrent: also the step's input (4 rows x 7 inputs) and the previous spikes (4 x 5)
        assertEquals(4L * 10 * (20 * 2 + 4 * 7 + 20), new LIFRecurrent(7, 5).trainingMemoryBytes(10, new int[] {4, 5}));
        assertEquals(0, new LIFExCell().trainingMemoryBytes(10, new int[] {4, 5}));
    }

    @Test
    void gradientsDoNotDependOnTheThreadCount() {
        Tensor x = random(3, 3f, 12, 7, 301);
        Tensor gOut = random(4, 1f, 12, 7, 301);
        LIFParameters p = LIFParameters.DEFAULT.withVTh(Param.of(0.4f)).withMethod("tanh", Param.of(5f));
        @SuppressWarnings({"unchecked", "rawtypes"})
        Gradients<LIFFeedForwardState>[] g = new Gradients[2];
        for (int threads = 1; threads <= 2; threads++) {
            LIF lif = new LIF(p, 0.001);
            lif.setThreads(threads);
            lif.train(true);
            lif.forward(x);
            g[threads - 1] = lif.backward(gOut, null);
        }
        assertArrayEquals(g[0].input().data(), g[1].input().data());
        assertArrayEquals(g[0].initialState().v, g[1].initialState().v);
        for (String k : g[0].parameters().keySet()) {
            assertArrayEquals(g[0].parameters().get(k).data(), g[1].parameters().get(k).data(), k);
        }
        assertTrue(g[0].input().countNonZero() > 100, "some gradient flows");

        Tensor xr = random(5, 2f, 9, 6, 11);
        Tensor gr = random(6, 1f, 9, 6, 40);
        @SuppressWarnings({"unchecked", "rawtypes"})
        Gradients<LIFState>[] h = new Gradients[2];
        float[][] gw = new float[2][];
        for (int threads = 1; threads <= 2; threads++) {
            LIFRecurrent rec = new LIFRecurrent(11, 40, LIFParameters.DEFAULT.withVTh(Param.of(0.3f)),
                    RecurrentOptions.DEFAULT.withSeed(9));
            rec.setThreads(threads);
            rec.train(true);
            rec.forward(xr);
            h[threads - 1] = rec.backward(gr, null);
            gw[threads - 1] = rec.parameters().get(1).grad().clone();
        }
        assertArrayEquals(h[0].input().data(), h[1].input().data());
        assertArrayEquals(h[0].parameters().get("input_weights").data(), h[1].parameters().get("input_weights").data());
        assertArrayEquals(gw[0], gw[1]);
    }

    /**
     * The input-weight gradient of a recurrent layer, independently: the same layer written as a Linear
     * (the input weights, no bias) feeding a recurrent layer whose input weights are the identity computes
     * the same forward pass bit for bit, and its Linear's weight gradient is the recurrent layer's
     * input-weight gradient (Norse's golden data has none: its weights did not require gradients).
     */
    @Test
    void recurrentInputWeightGradientEqualsALinearLayersInFront() {
        int in = 6, h = 9;
        FMatrixRMaj win = matrix(11, h, in, 2f), wrec = matrix(12, h, h, 1f);
        FMatrixRMaj eye = new FMatrixRMaj(h, h);
        for (int k = 0; k < h; k++) {
            eye.set(k, k, 1f);
        }
        LSNNParameters p = LSNNParameters.DEFAULT.withVTh(Param.of(0.2f));
        RecurrentOptions o = RecurrentOptions.DEFAULT.withRecurrentWeights(wrec);
        LSNNRecurrent a = new LSNNRecurrent(in, h, p, o.withInputWeights(win));
        LSNNRecurrent b = new LSNNRecurrent(h, h, p, o.withInputWeights(eye));
        Linear front = new Linear(win, null);
        Tensor x = random(13, 1.5f, 15, 3, in), g = random(14, 1f, 15, 3, h);
        a.train(true);
        b.train(true);
        front.train(true);
        var ra = a.forward(x, null);
        var rb = b.forward(front.apply(x), null);
        assertArrayEquals(ra.output().data(), rb.output().data(), "same forward pass");
        assertTrue(ra.output().countNonZero() > 10, "the layer spikes");
        Gradients<LSNNState> ga = a.backward(g, null);
        Gradients<LSNNState> gb = b.backward(g, null);
        Tensor gx = front.backward(gb.input(), true);
        assertArrayEquals(ga.parameters().get("input_weights").data(), front.parameters().get(0).grad());
        assertArrayEquals(ga.parameters().get("recurrent_weights").data(), gb.parameters().get("recurrent_weights").data());
        assertArrayEquals(ga.input().data(), gx.data());
    }

    @Test
    void withoutAutapsesTheRecurrentDiagonalStaysZeroThroughTraining() {
        LIFRecurrent rec = new LIFRecurrent(5, 8, LIFParameters.DEFAULT.withVTh(Param.of(0.2f)),
                RecurrentOptions.DEFAULT.withSeed(3));
        Adam adam = new Adam(rec.parameters(), 0.05);
        rec.train(true);
        Tensor x = random(7, 2f, 20, 4, 5);
        for (int it = 0; it < 5; it++) {
            adam.zeroGrad();
            var r = rec.forward(x, null);
            rec.backward(r.output(), null); // loss = sum(z^2) / 2
            adam.step();
        }
        FMatrixRMaj w = rec.recurrentWeights();
        for (int k = 0; k < 8; k++) {
            assertEquals(0f, w.get(k, k), "diagonal " + k);
            assertEquals(0f, rec.parameters().get(1).grad()[k * 8 + k]);
        }
        assertNotEquals(0f, w.get(0, 1));
    }

    @Test
    void optimizerStepsReachTheNextForwardPass() {
        Linear l = new Linear(new FMatrixRMaj(1, 2, true, 1f, 2f), new float[] {0.5f});
        Tensor x = Tensor.of(new float[] {1f, 1f}, 1, 2);
        assertEquals(3.5f, l.apply(x).data()[0]);
        Parameter w = l.parameters().get(0);
        w.data()[1] = 4f;
        w.changed();
        assertEquals(5.5f, l.apply(x).data()[0]);
    }

    @Test
    void liftAndSequenceLayersTrainLikeTheirCells() {
        Tensor x = random(21, 2f, 6, 3, 4), g = random(22, 1f, 6, 3, 4);
        LIFCell cell = new LIFCell(LIFParameters.DEFAULT.withVTh(Param.of(0.2f)), 0.001);
        Lift lift = new Lift(Layer.of(cell));
        lift.train(true);
        Tensor out = lift.forward(x, null).output();
        Tensor gl = lift.backward(g, true);
        LIF seq = new LIF(LIFParameters.DEFAULT.withVTh(Param.of(0.2f)), 0.001);
        seq.train(true);
        assertArrayEquals(seq.forward(x).output().data(), out.data());
        assertArrayEquals(seq.backward(g, null).input().data(), gl.data());
    }

    @Test
    void theTrainingLoopRejectsBadLabelsAndShapes() {
        SequentialState net = new SequentialState(Linear.initialized(4, 6, true, 1), Layer.of(new LIFCell()),
                Linear.initialized(6, 3, true, 2), Layer.of(new LICell(LIParameters.DEFAULT, 0.001)));
        Trainer t = new Trainer(net, new Adam(net.parameters()), 5, 2, 0);
        Tensor x = random(1, 1f, 5, 4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> t.fit(x, new int[] {0, 1, 2, 3, 0}, 1, null, null, null));
        assertTrue(e.getMessage().contains("labels[3] = 3") && e.getMessage().contains("[0, 3)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> t.fit(x, new int[] {0, 1}, 1, null, null, null));
        assertTrue(e.getMessage().contains("5 samples but there are 2 labels"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> t.fit(random(1, 1f, 5, 3), new int[5], 1, null, null, null));
        assertTrue(e.getMessage().contains("in_features = 4"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> t.fit(x, new int[5], 1, random(1, 1f, 2, 4), new int[] {0, -1},
                null));
        assertTrue(e.getMessage().contains("testLabels[1] = -1"), e.getMessage());
        Tensor nan = x.copy();
        nan.data()[6] = Float.NaN;
        e = assertThrows(IllegalArgumentException.class, () -> t.fit(nan, new int[5], 1, null, null, null));
        assertTrue(e.getMessage().contains("sample 1, feature 2"), e.getMessage());
    }

    @Test
    void aLossThatBecomesNanStopsTrainingWithTheWeightsOfBeforeThatBatch() {
        SequentialState net = new SequentialState(Linear.initialized(4, 6, true, 1), Layer.of(new LIFCell()),
                Linear.initialized(6, 3, true, 2), Layer.of(new LICell(LIParameters.DEFAULT, 0.001)));
        Adam adam = new Adam(net.parameters(), 0.01);
        Trainer t = new Trainer(net, adam, 5, 2, 0);
        Tensor x = random(1, 1f, 6, 4);
        for (int k = 12; k < 16; k++) {
            x.data()[k] = 3e38f; // samples 3: finite, but the currents overflow to infinity
        }
        float[][] before = net.parameters().stream().map(q -> q.data().clone()).toArray(float[][]::new);
        int[] y = {0, 1, 2, 0, 1, 2};
        // find where sample 3 lands: the batch that holds it fails, the batches before it have trained
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> t.fit(x, y, 3, null, null, null));
        // the loss itself, or (as here) the gradient, becomes NaN: either way training stops there
        assertTrue(e.getMessage().matches("epoch 1, batch \\d of 3: .*(NaN|Infinity).*"), e.getMessage());
        assertTrue(e.getMessage().contains("weights are those before this batch"), e.getMessage());
        int failed = Integer.parseInt(e.getMessage().substring("epoch 1, batch ".length(), "epoch 1, batch ".length() + 1));
        assertEquals(failed - 1, adam.stepCount(), "one optimizer step per completed batch");
        if (failed == 1) {
            for (int k = 0; k < before.length; k++) {
                assertArrayEquals(before[k], net.parameters().get(k).data());
            }
        }
        for (Parameter q : net.parameters()) {
            for (float v : q.data()) {
                assertTrue(Float.isFinite(v), "no NaN reached the weights");
            }
        }
        assertEquals(false, ((Linear) net.layers().get(0)).isTraining(), "training mode is left on failure");
        // a readout straight from the overflowing current: the loss itself is not finite
        SequentialState li = new SequentialState(new Linear(matrix(5, 3, 4, 2f), null),
                Layer.of(new LICell(LIParameters.DEFAULT, 0.001)));
        float[] w0 = li.parameters().get(0).data().clone();
        Trainer t2 = new Trainer(li, new Adam(li.parameters(), 0.01), 5, 6, 0);
        e = assertThrows(IllegalStateException.class, () -> t2.fit(x, y, 1, null, null, null));
        assertTrue(e.getMessage().matches("epoch 1, batch 1 of 1: the loss is (NaN|Infinity); training stopped, the "
                + "weights are those before this batch.*"), e.getMessage());
        assertArrayEquals(w0, li.parameters().get(0).data());
        List<Map.Entry<String, Parameter>> named = List.copyOf(net.namedParameters().entrySet());
        assertEquals("0.weight", named.get(0).getKey());
    }
}
