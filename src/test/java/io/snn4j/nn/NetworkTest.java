package io.snn4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snn4j.functional.LIFFeedForwardState;
import io.snn4j.functional.LIFParameters;
import io.snn4j.functional.LIState;
import io.snn4j.functional.NeuronState;
import io.snn4j.functional.Param;
import io.snn4j.module.LICell;
import io.snn4j.module.LIF;
import io.snn4j.module.LIFCell;
import io.snn4j.tensor.SparseSpikes;
import io.snn4j.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.CommonOps_FDRM;
import org.junit.jupiter.api.Test;

class NetworkTest {

    static Tensor random(long seed, float scale, int... shape) {
        SplittableRandom r = new SplittableRandom(seed);
        Tensor t = Tensor.zeros(shape);
        for (int k = 0; k < t.size(); k++) {
            t.data()[k] = (float) (r.nextGaussian() * scale);
        }
        return t;
    }

    @Test
    void linearIsTorchsSequentialDotProductPlusBias() {
        Tensor w = random(1, 0.3f, 7, 33), b = random(2, 0.1f, 7), x = random(3, 1f, 5, 33);
        Tensor y = Linear.of(w, b).apply(x);
        for (int r = 0; r < 5; r++) {
            for (int j = 0; j < 7; j++) {
                float acc = 0f;
                for (int k = 0; k < 33; k++) {
                    acc = acc + x.get(r, k) * w.get(j, k);
                }
                assertEquals(Float.floatToIntBits(acc + b.get(j)), Float.floatToIntBits(y.get(r, j)), "seed 1-3, row " + r + " out " + j);
            }
        }
        // and agrees with EJML
        FMatrixRMaj want = new FMatrixRMaj(5, 7);
        CommonOps_FDRM.multTransB(new FMatrixRMaj(5, 33, true, x.toArray()), new FMatrixRMaj(7, 33, true, w.toArray()), want);
        for (int k = 0; k < 35; k++) {
            assertEquals(want.data[k] + b.get(k % 7), y.data()[k], 1e-5);
        }
        // no bias, leading dims, threads
        Linear l = Linear.of(w, null);
        Tensor x3 = random(4, 1f, 2, 3, 33);
        Tensor y1 = l.apply(x3);
        l.setThreads(3);
        assertEquals(y1, l.apply(x3));
        assertArrayEquals(new int[] {2, 3, 7}, y1.shape());
        assertEquals("Linear(in_features=33, out_features=7, bias=False)", l.toString());
    }

    @Test
    void linearRejectsBadInput() {
        Tensor w = random(1, 0.3f, 7, 33);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Linear.of(w, null).apply(Tensor.zeros(5, 32)));
        assertTrue(e.getMessage().contains("in_features = 33"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Linear.of(w, Tensor.zeros(6)));
        assertThrows(IllegalArgumentException.class, () -> Linear.of(Tensor.zeros(3), null));
        assertThrows(IllegalArgumentException.class, () -> Linear.of(Tensor.full(Float.NaN, 2, 2), null));
    }

    @Test
    void sequentialStateThreadsStatesLikeNorse() {
        Linear l1 = Linear.of(random(5, 0.5f, 8, 4), random(6, 0.1f, 8));
        Linear l2 = Linear.of(random(7, 0.5f, 3, 8), null);
        SequentialState net = new SequentialState(l1, Layer.of(new LIFCell()), l2, Layer.of(new LICell()));
        Tensor x = random(8, 2f, 6, 4);
        SequentialState.Result r = net.forward(x);
        assertEquals(4, r.states().size());
        assertNull(r.states().get(0));
        assertNull(r.states().get(2));
        assertTrue(r.states().get(1) instanceof LIFFeedForwardState);
        assertTrue(r.states().get(3) instanceof LIState);
        // the same by hand
        var z = new LIFCell().forward(l1.apply(x));
        var v = new LICell().forward(l2.apply(z.output()));
        assertEquals(v.output(), r.output());
        // given states are updated in place and returned
        SequentialState.Result r2 = net.forward(x, r.states());
        assertSame(r.states().get(1), r2.states().get(1));
        // run over a sequence equals stepping by hand
        Tensor seq = random(9, 2f, 10, 6, 4);
        SequentialState.Result run = net.run(seq, null);
        List<NeuronState> s = null;
        for (int t = 0; t < 10; t++) {
            SequentialState.Result step = net.forward(seq.step(t), s);
            assertEquals(step.output(), run.output().step(t), "step " + t);
            s = step.states();
        }
        assertTrue(net.toString().startsWith("SequentialState(\n  (0): Linear(in_features=4, out_features=8, bias=True)"));
    }

    @Test
    void sequentialStateRejectsBadInput() {
        SequentialState net = new SequentialState(Layer.of(new LIFCell()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> net.forward(Tensor.zeros(2, 3), Arrays.asList(null, null)));
        assertTrue(e.getMessage().contains("one per layer"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> net.forward(Tensor.zeros(2, 3), List.of(new LIState(2, 3))));
        assertTrue(e.getMessage().contains("LIFFeedForwardState") && e.getMessage().contains("layer 0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> net.run(Tensor.zeros(0, 2), null));
        assertThrows(IllegalArgumentException.class, SequentialState::new);
    }

    @Test
    void liftAppliesAPerStepLayerOverTime() {
        Linear l = Linear.of(random(10, 0.5f, 5, 3), null);
        Tensor seq = random(11, 1f, 7, 2, 3);
        SequentialState net = new SequentialState(new Lift(l), Layer.of(new LIF()));
        SequentialState.Result r = net.forward(seq);
        Tensor projected = Tensor.zeros(7, 2, 5);
        for (int t = 0; t < 7; t++) {
            projected.step(t).copyFrom(l.apply(seq.step(t)));
        }
        assertEquals(new LIF().forward(projected).output(), r.output());
        // a lifted cell equals the sequence module
        Tensor y = new Lift(Layer.of(new LIFCell())).forward(projected, null).output();
        assertEquals(new LIF().forward(projected).output(), y);
    }

    @Test
    void constantCurrentEncoderFollowsNorsesFormula() {
        Tensor currents = Tensor.vector(0f, 0.5f, 1.5f, 3f, 20f);
        Tensor z = new ConstantCurrentLIFEncoder(50).encode(currents);
        assertArrayEquals(new int[] {50, 5}, z.shape());
        for (int j = 0; j < 5; j++) {
            float v = 0f;
            for (int t = 0; t < 50; t++) {
                v = v + 0.1f * ((0f - v) + currents.get(j));
                float s = v - 1f > 0 ? 1f : 0f;
                v = v - s * (v - 0f);
                assertEquals(s, z.get(t, j), "neuron " + j + " step " + t);
            }
        }
        assertEquals(0, z.step(0).countNonZero() - (z.get(0, 4) == 1f ? 1 : 0));
        assertTrue(z.countNonZero() > 10);
        assertEquals(SparseSpikes.fromDense(z), new ConstantCurrentLIFEncoder(50).encodeSparse(currents));
        // per-neuron thresholds
        Tensor zp = new ConstantCurrentLIFEncoder(50, LIFParameters.DEFAULT.withVTh(Param.of(1f, 1f, 1f, 100f, 1f)), 0.001)
                .encode(currents);
        assertEquals(0, zp.get(49, 3));
        assertThrows(IllegalArgumentException.class, () -> new ConstantCurrentLIFEncoder(0));
    }

    @Test
    void poissonEncoderIsSeededAndFiresAtTheRate() {
        Tensor x = Tensor.full(0.5f, 4, 250);
        SparseSpikes a = new PoissonEncoder(1000, 100, 0.001, 42).encodeSparse(x);
        SparseSpikes b = new PoissonEncoder(1000, 100, 0.001, 42).encodeSparse(x);
        assertEquals(a, b, "same seed, same spikes");
        assertNotEquals(a, new PoissonEncoder(1000, 100, 0.001, 43).encodeSparse(x));
        double rate = a.count() / (1000.0 * 1000 * 0.001);  // spikes per neuron-second
        assertEquals(50.0, rate, 1.5, "0.5 * 100 Hz");
        assertEquals(a.toDense(), new PoissonEncoder(1000, 100, 0.001, 42).encode(x));
        assertEquals(0, new PoissonEncoder(100, 100, 0.001, 1).encodeSparse(Tensor.zeros(3, 10)).count());
        assertThrows(IllegalArgumentException.class, () -> new PoissonEncoder(10, -1, 0.001, 1));
        // checkpointable generator
        PoissonEncoder e = new PoissonEncoder(5, 100, 0.001, 9);
        long[] saved = e.randomState();
        SparseSpikes first = e.encodeSparse(x);
        e.restoreRandomState(saved);
        assertEquals(first, e.encodeSparse(x));
    }

    @Test
    void nirHelperLayers() {
        Tensor x = Tensor.of(new float[] {1f, -2f, 3f, 0.5f}, 2, 2);
        assertArrayEquals(new float[] {2f, -6f, 6f, 1.5f}, new Scale(Param.of(2f, 3f)).forward(x, null).output().toArray());
        assertArrayEquals(new float[] {1f, 0f, 1f, 0f}, new Threshold(Param.of(0.5f)).forward(x, null).output().toArray());
        Layer.Step s1 = new Integrator(Param.of(10f), 0.001).forward(x, null);
        Layer.Step s2 = new Integrator(Param.of(10f), 0.001).forward(x, s1.state());
        assertEquals(0.02f, s2.output().get(0, 0), 1e-7);
        assertArrayEquals(new int[] {2, 6}, new Flatten().forward(Tensor.zeros(2, 3, 2), null).output().shape());
        assertThrows(IllegalArgumentException.class, () -> new Scale(Param.of(1f, 2f, 3f)).forward(x, null));
    }
}
