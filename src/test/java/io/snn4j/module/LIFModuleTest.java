package io.snn4j.module;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.snn4j.functional.LIFFeedForwardState;
import io.snn4j.functional.LIFModel;
import io.snn4j.functional.LIFParameters;
import io.snn4j.functional.LIParameters;
import io.snn4j.functional.LIState;
import io.snn4j.functional.Param;
import io.snn4j.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LIFModuleTest {

    static Tensor randomInput(long seed, int... shape) {
        SplittableRandom r = new SplittableRandom(seed);
        Tensor t = Tensor.zeros(shape);
        float[] d = t.data();
        for (int k = 0; k < d.length; k++) {
            d[k] = (float) (r.nextDouble() * 12 - 2);
        }
        return t;
    }

    /** Norse's own test vector (test_lif.py): constant input 1 from rest. */
    @Test
    void norseLiteralTestVector() {
        float[] expected = {0.1f, 0.27f, 0.487f, 0.7335f, 0.9963f, 0f, 0.3951f, 0.7717f, 0f};
        float[] spikes = {0, 0, 0, 0, 0, 1, 0, 0, 1};
        LIFCell cell = new LIFCell();
        LIFFeedForwardState s = null;
        for (int t = 0; t < expected.length; t++) {
            StepResult<LIFFeedForwardState> r = cell.forward(Tensor.full(1f, 1), s);
            s = r.state();
            assertEquals(expected[t], s.v[0], 1e-4, "v at step " + t);
            assertEquals(spikes[t], r.output().get(0), "z at step " + t);
        }
        // The sequence module gives the same, bit for bit.
        SequenceResult<LIFFeedForwardState> seq = new LIF(LIFParameters.DEFAULT, 0.001, true).forward(Tensor.full(1f, 9, 1));
        for (int t = 0; t < expected.length; t++) {
            assertEquals(expected[t], seq.recorded().v[t], 1e-4, "recorded v at step " + t);
            assertEquals(spikes[t], seq.output().get(t, 0));
        }
        assertEquals(s.v[0], seq.state().v[0]);
    }

    @Test
    void resultIsIdenticalForAnyThreadCount() {
        Tensor x = randomInput(11, 40, 7, 333);
        LIF lif = new LIF();
        lif.setThreads(1);
        SequenceResult<LIFFeedForwardState> one = lif.forward(x);
        for (int threads : new int[] {2, 3, 8}) {
            lif.setThreads(threads);
            SequenceResult<LIFFeedForwardState> r = lif.forward(x);
            assertEquals(one.output(), r.output(), "threads=" + threads);
            assertArrayEquals(one.state().v, r.state().v, "threads=" + threads);
            assertArrayEquals(one.state().i, r.state().i, "threads=" + threads);
        }
        LIFCell cell = new LIFCell();
        cell.setThreads(1);
        Tensor step = randomInput(12, 300, 257);
        Tensor a = cell.forward(step).output();
        cell.setThreads(4);
        assertEquals(a, cell.forward(step).output());
    }

    @Test
    void cellLoopEqualsSequenceModule() {
        Tensor x = randomInput(5, 30, 3, 17);
        LIFParameters p = LIFParameters.DEFAULT.withVTh(Param.of(2f)).withTauMemInv(Param.of(50f));
        SequenceResult<LIFFeedForwardState> seq = new LIF(p, 0.002).forward(x);
        LIFCell cell = new LIFCell(p, 0.002);
        LIFFeedForwardState s = null;
        for (int t = 0; t < 30; t++) {
            StepResult<LIFFeedForwardState> r = cell.forward(x.step(t), s);
            s = r.state();
            assertEquals(seq.output().step(t), r.output(), "step " + t);
        }
        assertArrayEquals(seq.state().v, s.v);
    }

    @Test
    void streamingRunEqualsForward() {
        Tensor x = randomInput(21, 50, 4, 100);
        LIF lif = new LIF();
        SequenceResult<LIFFeedForwardState> whole = lif.forward(x);
        List<Tensor> outs = new ArrayList<>();
        LIFFeedForwardState fin = lif.run(new int[] {4, 100}, (t, into) -> {
            if (t >= 50) {
                return false;
            }
            System.arraycopy(x.data(), (int) t * 400, into, 0, 400);
            return true;
        }, (t, out) -> outs.add(out.copy()), null);
        assertEquals(50, outs.size());
        for (int t = 0; t < 50; t++) {
            assertEquals(whole.output().step(t), outs.get(t), "step " + t);
        }
        assertArrayEquals(whole.state().v, fin.v);
        assertArrayEquals(whole.state().i, fin.i);
    }

    @Test
    void givenStateIsUpdatedInPlaceAndReturned() {
        LIFFeedForwardState s = new LIFFeedForwardState(2, 3);
        SequenceResult<LIFFeedForwardState> r = new LIF().forward(Tensor.full(1f, 3, 2, 3), s);
        assertSame(s, r.state());
        assertEquals(0.487f, s.v[0], 1e-6);
        assertNull(r.recorded());
    }

    @Test
    void perNeuronVLeakDefaultStateWorks() {
        // Norse's LIF cannot build this default state (torch.full needs a scalar); snn4j broadcasts it.
        LIFParameters p = LIFParameters.DEFAULT.withVLeak(Param.of(0.5f, -0.5f, 0.25f));
        LIFFeedForwardState s = new LIF(p, 0.001).defaultState(new int[] {2, 3});
        assertArrayEquals(new float[] {0.5f, -0.5f, 0.25f, 0.5f, -0.5f, 0.25f}, s.v);
        SequenceResult<LIFFeedForwardState> r = new LIF(p, 0.001).forward(Tensor.zeros(4, 2, 3));
        // With no input a neuron stays at its leak potential.
        assertArrayEquals(new float[] {0.5f, -0.5f, 0.25f, 0.5f, -0.5f, 0.25f}, r.state().v);
    }

    @Test
    void perNeuronAndScalarParametersAgree() {
        Tensor x = randomInput(9, 20, 3, 5);
        LIFParameters scalar = new LIFParameters(150f, 80f, 0.1f, 1.2f, -0.1f);
        LIFParameters perNeuron = new LIFParameters(Param.of(150f, 150f, 150f, 150f, 150f), Param.of(80f, 80f, 80f, 80f, 80f),
                Param.of(0.1f, 0.1f, 0.1f, 0.1f, 0.1f), Param.of(1.2f, 1.2f, 1.2f, 1.2f, 1.2f),
                Param.of(-0.1f, -0.1f, -0.1f, -0.1f, -0.1f), "super", Param.of(100f));
        SequenceResult<LIFFeedForwardState> a = new LIF(scalar, 0.001).forward(x);
        SequenceResult<LIFFeedForwardState> b = new LIF(perNeuron, 0.001).forward(x);
        assertEquals(a.output(), b.output());
        assertArrayEquals(a.state().v, b.state().v);
    }

    @Test
    void functionalStepMatchesModule() {
        Tensor x = randomInput(3, 4, 6);
        LIFFeedForwardState s = LIFModel.defaultFeedForwardState(LIFParameters.DEFAULT, new int[] {4, 6});
        Tensor z = LIFModel.FEED_FORWARD.step(x, s, LIFParameters.DEFAULT, 0.001);
        StepResult<LIFFeedForwardState> r = new LIFCell().forward(x);
        assertEquals(r.output(), z);
        assertArrayEquals(r.state().v, s.v);
    }

    @Test
    void liOutputIsItsVoltage() {
        Tensor x = randomInput(4, 10, 2, 9);
        SequenceResult<LIState> r = new LI(LIParameters.DEFAULT, 0.001, true).forward(x);
        for (int t = 0; t < 10; t++) {
            for (int k = 0; k < 18; k++) {
                assertEquals(r.recorded().v[t * 18 + k], r.output().data()[t * 18 + k]);
            }
        }
    }

    @Test
    void reprReadsLikeNorse() {
        assertEquals("LIFCell(p=LIFParameters(tau_syn_inv=tensor(200.), tau_mem_inv=tensor(100.), v_leak=tensor(0.), "
                + "v_th=tensor(1.), v_reset=tensor(0.), method='super', alpha=tensor(100.)), dt=0.001)", new LIFCell().toString());
        assertEquals("LI(p=LIParameters(tau_syn_inv=tensor(200.), tau_mem_inv=tensor(100.), v_leak=tensor(0.)), dt=0.0001)",
                new LI(LIParameters.DEFAULT, 1e-4).toString());
        assertEquals("LIFParameters(tau_syn_inv=tensor([200., 100., 300.,  50.]), tau_mem_inv=tensor(100.), "
                + "v_leak=tensor(0.), v_th=tensor([1.0000, 0.5000]), v_reset=tensor(0.), method='heaviside', alpha=tensor(100.))",
                new LIFParameters(Param.of(200f, 100f, 300f, 50f), Param.of(100f), Param.of(0f), Param.of(1f, 0.5f),
                        Param.of(0f), "heaviside", Param.of(100f)).toString());
        assertEquals("tensor(0.0012)", Param.of(0.00125f).toString());
        assertEquals("tensor(1.8000)", Param.of(1.8f).toString());
        assertEquals("tensor(-70.)", Param.of(-70f).toString());
    }

    /**
     * The documented API behaviour for non-finite input (the modules do not check it; snn run and the
     * Trainer reject it): as in Norse, NaN never spikes and spreads into the state; an infinite current
     * spikes and leaves a NaN voltage, since the reset computes (1 - z) * inf.
     */
    @Test
    void nonFiniteInputFollowsNorsesArithmetic() {
        LIFCell cell = new LIFCell();
        LIFFeedForwardState s = cell.forward(Tensor.vector(Float.NaN, Float.POSITIVE_INFINITY, 1f)).state();
        var r = cell.forward(Tensor.vector(0f, 0f, 0f), s);
        assertEquals(0f, r.output().get(0), "NaN never spikes");
        assertEquals(Float.NaN, s.v[0]);
        assertEquals(Float.NaN, s.i[0]);
        assertEquals(Float.NaN, s.v[1], "an infinite current spikes and the reset leaves NaN");
        assertEquals(0.17f, s.v[2], 1e-6f, "the finite neuron is unaffected: 0.1 + 0.1 * ((0 - 0.1) + 0.8)");
    }
}
