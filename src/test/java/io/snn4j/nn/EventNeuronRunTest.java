package io.snn4j.nn;

import static io.snn4j.nn.EventDrivenLinearTest.assertBits;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snn4j.functional.LIFFeedForwardState;
import io.snn4j.functional.LIFParameters;
import io.snn4j.functional.LIFRefracFeedForwardState;
import io.snn4j.functional.LIFRefracParameters;
import io.snn4j.functional.LIState;
import io.snn4j.functional.NeuronState;
import io.snn4j.functional.Param;
import io.snn4j.module.LICell;
import io.snn4j.module.LIF;
import io.snn4j.module.LIFCell;
import io.snn4j.module.LIFRefracCell;
import io.snn4j.tensor.SparseSpikes;
import io.snn4j.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * SequentialState's fused run of {@code Linear -> neurons} from sparse input ({@link EventNeuronRun}): the
 * numbers of the Linear's dense product followed by the neuron module over the whole sequence, bit for bit,
 * for widths that are not multiples of the column block or the vector, several chunks, inputs wider than
 * the event kernel's depth block, scalar and per-neuron parameters, any thread count; states carried over
 * and checked before anything runs.
 */
class EventNeuronRunTest {

    /** The reference: the dense product (the Linear in training mode multiplies densely), then the module. */
    private static Tensor denseCurrent(Linear l, Tensor x) {
        l.train(true);
        try {
            return l.apply(x);
        } finally {
            l.train(false);
        }
    }

    @Test
    void equalsTheDenseProductThenTheNeurons() {
        // hidden 45 (under one block), 200 (a block and a remainder; T * B = 1500 rows: two chunks), 300 (two
        // blocks and a remainder)
        int[][] sizes = {{70, 20, 37, 45}, {30, 50, 23, 200}, {20, 30, 29, 300}};
        for (int[] sz : sizes) {
            int steps = sz[0], batch = sz[1], in = sz[2], hidden = sz[3];
            for (boolean values : new boolean[] {false, true}) {
                for (boolean bias : new boolean[] {false, true}) {
                    SplittableRandom r = new SplittableRandom(steps + hidden + (values ? 1 : 0) + (bias ? 2 : 0));
                    Tensor x = EventDrivenLinearTest.sparseInput(r, 0.08, values, steps, batch, in);
                    SparseSpikes sx = values ? SparseSpikes.fromDenseValues(x) : SparseSpikes.fromDense(x);
                    Linear lin = Linear.of(NetworkTest.random(hidden, 0.6f, hidden, in),
                            bias ? NetworkTest.random(hidden + 1, 0.1f, hidden) : null);
                    LIFParameters p = LIFParameters.DEFAULT.withVTh(Param.of(0.05f));
                    var want = new LIF(p, 0.001).forward(denseCurrent(lin, x), null);
                    assertTrue(want.output().countNonZero() > 200, "the network must spike: " + want.output().countNonZero());
                    for (int threads : new int[] {1, 2, 3}) {
                        String what = Arrays.toString(sz) + " values=" + values + " bias=" + bias + " threads=" + threads;
                        for (boolean cell : new boolean[] {false, true}) {
                            SequentialState net = new SequentialState(lin,
                                    cell ? Layer.of(new LIFCell(p, 0.001)) : Layer.of(new LIF(p, 0.001)));
                            net.setThreads(threads);
                            Tensor out = Tensor.full(3f, steps, batch, hidden);
                            SequentialState.Result got = net.forwardSequence(sx, null, out);
                            assertSame(out, got.output());
                            assertBits(want.output().data(), out.data(), what + " cell=" + cell + " output");
                            LIFFeedForwardState s = (LIFFeedForwardState) got.states().get(1);
                            assertBits(want.state().v, s.v, what + " v");
                            assertBits(want.state().i, s.i, what + " i");
                            assertNull(got.states().get(0));
                        }
                    }
                }
            }
        }
    }

    @Test
    void wideInputsPerNeuronParametersAndOtherModels() {
        // in = 4300: deeper than the SIMD kernel's depth block at 512 bits; a (T, 2, 3, in) input; per-neuron
        // thresholds; a refractory cell (its own fused kernel or none) and an LI cell
        int steps = 6, in = 4300, hidden = 150;
        SplittableRandom r = new SplittableRandom(77);
        Tensor x = EventDrivenLinearTest.sparseInput(r, 0.03, true, steps, 2, 3, in);
        SparseSpikes sx = SparseSpikes.fromDenseValues(x);
        Linear lin = Linear.of(NetworkTest.random(3, 0.5f, hidden, in), NetworkTest.random(4, 0.1f, hidden));
        float[] th = new float[hidden];
        for (int j = 0; j < hidden; j++) {
            th[j] = 0.02f + 0.001f * (j % 17);
        }
        Tensor current = denseCurrent(lin, x);
        LIFRefracParameters rp = new LIFRefracParameters(LIFParameters.DEFAULT.withVTh(Param.of(th)), Param.of(2f));
        var wantRefrac = new LIFRefracCell(rp, 0.001).forwardSequence(current, null);
        var wantLi = new LICell().forwardSequence(current, null);
        assertTrue(wantRefrac.output().countNonZero() > 50, "the refractory cells must spike");
        for (int threads : new int[] {1, 2}) {
            SequentialState a = new SequentialState(lin, Layer.of(new LIFRefracCell(rp, 0.001)));
            a.setThreads(threads);
            SequentialState.Result ra = a.forwardSequence(sx, null);
            assertArrayEquals(new int[] {steps, 2, 3, hidden}, ra.output().shape());
            assertBits(wantRefrac.output().data(), ra.output().data(), "refrac threads=" + threads);
            assertBits(wantRefrac.state().rho, ((LIFRefracFeedForwardState) ra.states().get(1)).rho, "refrac rho");
            SequentialState b = new SequentialState(lin, Layer.of(new LICell()));
            b.setThreads(threads);
            SequentialState.Result rb = b.forwardSequence(sx, null);
            assertBits(wantLi.output().data(), rb.output().data(), "LI threads=" + threads);
            assertBits(wantLi.state().v, ((LIState) rb.states().get(1)).v, "LI v");
        }
    }

    @Test
    void continuesFromAGivenStateAndRejectsBadStatesUnchanged() {
        int steps = 12, batch = 4, in = 30, hidden = 70;
        SplittableRandom r = new SplittableRandom(5);
        Tensor x = EventDrivenLinearTest.sparseInput(r, 0.1, false, steps, batch, in);
        SparseSpikes sx = SparseSpikes.fromDense(x);
        Linear lin = Linear.of(NetworkTest.random(6, 0.6f, hidden, in), null);
        LIFParameters p = LIFParameters.DEFAULT.withVTh(Param.of(0.05f));
        LIF lif = new LIF(p, 0.001);
        Tensor current = denseCurrent(lin, x);
        var first = lif.forward(current, null);
        var second = lif.forward(current, (LIFFeedForwardState) first.state().copy());
        SequentialState net = new SequentialState(lin, Layer.of(new LIF(p, 0.001)));
        net.setThreads(2);
        SequentialState.Result a = net.forwardSequence(sx, null);
        List<NeuronState> states = new ArrayList<>(a.states());
        SequentialState.Result b = net.forwardSequence(sx, states);
        assertBits(second.output().data(), b.output().data(), "second call from the first call's state");
        assertSame(states.get(1), b.states().get(1), "the given state is updated in place");

        LIFFeedForwardState wrongShape = new LIFFeedForwardState(new int[] {batch, hidden + 1});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> net.forwardSequence(sx, Arrays.asList(null, wrongShape)));
        assertTrue(e.getMessage().contains("layer 1"), e.getMessage());
        NeuronState wrongKind = new LIState(new int[] {batch, hidden});
        e = assertThrows(IllegalArgumentException.class, () -> net.forwardSequence(sx, Arrays.asList(null, wrongKind)));
        assertTrue(e.getMessage().contains("LIFFeedForwardState"), e.getMessage());
        LIFFeedForwardState keep = (LIFFeedForwardState) b.states().get(1);
        float[] v = keep.v.clone();
        Tensor badOut = Tensor.zeros(steps, batch, hidden - 1);
        e = assertThrows(IllegalArgumentException.class, () -> net.forwardSequence(sx, Arrays.asList(null, keep), badOut));
        assertTrue(e.getMessage().contains("out"), e.getMessage());
        assertArrayEquals(v, keep.v, "a rejected call changes no state");
    }
}
