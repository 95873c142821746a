package io.snn4j.module;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snn4j.functional.LIFParameters;
import io.snn4j.functional.LIFState;
import io.snn4j.functional.Param;
import io.snn4j.tensor.SparseSpikes;
import io.snn4j.tensor.Tensor;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link SNNRecurrent#forward(Tensor, io.snn4j.functional.NeuronState, Tensor)} and its {@code SparseSpikes}
 * twin: the output written into a tensor the caller passes (a reused one full of old values, or a view at an
 * offset of a larger array) is the two-argument form's output bit for bit, on every path a call can take
 * (rows, shared projection, column split, neuron split, training); a wrong or null tensor is rejected before
 * anything changes.
 */
class RecurrentSequenceOutTest {
    static final int T = 12;

    static LIFRecurrent layer(int in, int h) {
        // a low threshold so that the layer fires and the recurrent term is exercised
        return new LIFRecurrent(in, h, LIFParameters.DEFAULT.withVTh(Param.of(0.05f)), RecurrentOptions.DEFAULT.withSeed(7));
    }

    static SparseSpikes events(int b, int in, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        Tensor d = Tensor.zeros(T, b, in);
        for (int k = 0; k < d.size(); k++) {
            d.data()[k] = r.nextDouble() < 0.1 ? 1f : 0f;
        }
        return SparseSpikes.fromDense(d);
    }

    /** A tensor of the output's shape whose every element is -7 (old values a reused buffer holds). */
    static Tensor stale(int... shape) {
        Tensor t = Tensor.zeros(shape);
        Arrays.fill(t.data(), -7f);
        return t;
    }

    /** A view of the output's shape 5 floats into an array of 9s (a part of a larger buffer). */
    static Tensor staleView(int... shape) {
        float[] big = new float[5 + io.snn4j.tensor.Shapes.size(shape) + 3];
        Arrays.fill(big, 9f);
        return Tensor.view(big, 5, shape);
    }

    /** The floats of a {@link #staleView}'s array around the view are still 9. */
    static void assertAroundUntouched(Tensor view, String what) {
        float[] big = view.data();
        for (int k : new int[] {0, 4, big.length - 3, big.length - 1}) {
            assertEquals(9f, big[k], what + ": outside the view, element " + k);
        }
    }

    static void assertSameRun(SequenceResult<LIFState> want, SequenceResult<LIFState> got, Tensor out, String what) {
        assertSame(out, got.output(), what + ": the given tensor is the output");
        assertArrayEquals(want.output().toArray(), got.output().toArray(), what + ": output");
        assertTrue(want.output().countNonZero() > 0, what + ": the layer fires");
        assertArrayEquals(want.state().v, got.state().v, what + ": v");
        assertArrayEquals(want.state().i, got.state().i, what + ": i");
        assertArrayEquals(want.state().z, got.state().z, what + ": z");
    }

    @Test
    void aGivenOutputHoldsTheSameNumbers() {
        LIFRecurrent m = layer(20, 48);
        SparseSpikes x = events(3, 20, 1);
        Tensor dense = x.toDense();
        for (int threads : new int[] {1, 2}) {
            m.setThreads(threads);
            SequenceResult<LIFState> want = m.forward(dense, null);
            Tensor out = stale(T, 3, 48);
            assertSameRun(want, m.forward(dense, null, out), out, "dense, " + threads + " threads");
            out = stale(T, 3, 48);
            assertSameRun(m.forward(x, null), m.forward(x, null, out), out, "events, " + threads + " threads");
            assertArrayEquals(want.output().toArray(), out.toArray(), "events and dense agree");
            // a view 5 floats into a larger array: the floats around it stay as they were
            Tensor view = staleView(T, 3, 48);
            assertSameRun(want, m.forward(x, null, view), view, "view, " + threads + " threads");
            assertAroundUntouched(view, "view");
        }
    }

    @Test
    void everyThreadedPathWritesTheWholeOutput() {
        // B = 1 on two threads: the shared projection (40 events x 4096 neurons a step: enough to share), the
        // column split (forced), the neuron split (asked for, dense input)
        int in = 400, h = 4096;
        SparseSpikes x = events(1, in, 2);
        LIFRecurrent one = layer(in, h);
        one.setThreads(1);
        SequenceResult<LIFState> want = one.forward(x, null);
        LIFRecurrent m = layer(in, h);
        m.setThreads(2);
        RecurrentModule.PipeStats st = new RecurrentModule.PipeStats();
        RecurrentModule.pipeStats = st;
        try {
            m.aheadOff = true;
            Tensor out = staleView(T, 1, h);
            assertSameRun(want, m.forward(x, null, out), out, "shared projection");
            assertAroundUntouched(out, "shared projection");
            assertEquals(1, st.calls, "the shared projection ran");
            m.aheadOff = false;
            m.aheadOn = true;
            out = staleView(T, 1, h);
            assertSameRun(want, m.forward(x, null, out), out, "column split");
            assertAroundUntouched(out, "column split");
            assertEquals(2, st.calls, "the column split ran");
        } finally {
            RecurrentModule.pipeStats = null;
        }
        m.aheadOn = false;
        m.setSplitNeurons(true);
        assertEquals(2, m.columnPieces(1), "the neuron split applies");
        Tensor out = staleView(T, 1, h);
        assertSameRun(want, m.forward(x.toDense(), null, out), out, "neuron split");
        assertAroundUntouched(out, "neuron split");
    }

    @Test
    void asALayerTheModuleWritesIntoTheGivenOutput() {
        LIFRecurrent m = layer(20, 48);
        Tensor x = events(3, 20, 5).toDense();
        SequenceResult<LIFState> want = m.forward(x, null);
        io.snn4j.nn.Layer layer = io.snn4j.nn.Layer.of(m);
        Tensor out = stale(T, 3, 48);
        io.snn4j.nn.Layer.Step step = layer.forwardSequence(x, null, out);
        assertSame(out, step.output(), "written in place, not copied");
        assertArrayEquals(want.output().toArray(), out.toArray());
        assertArrayEquals(want.state().v, ((LIFState) step.state()).v);
    }

    @Test
    void trainingWithAGivenOutputGivesTheSameGradients() {
        SparseSpikes x = events(2, 10, 3);
        Tensor dense = x.toDense();
        LIFRecurrent a = layer(10, 16), b = layer(10, 16);
        a.train(true);
        b.train(true);
        Tensor gradOut = Tensor.full(0.5f, T, 2, 16);
        SequenceResult<LIFState> ra = a.forward(dense, null);
        Tensor out = stale(T, 2, 16);
        SequenceResult<LIFState> rb = b.forward(dense, null, out);
        assertSameRun(ra, rb, out, "training");
        // the buffer reused before backward (the next call's output, say) and a wrong one rejected: the record stands
        Arrays.fill(out.data(), -7f);
        assertThrows(IllegalArgumentException.class, () -> b.forward(dense, null, Tensor.zeros(T, 2, 15)));
        Gradients<LIFState> ga = a.backward(gradOut, null), gb = b.backward(gradOut, null);
        assertArrayEquals(ga.input().toArray(), gb.input().toArray(), "input gradient");
        for (String name : ga.parameters().keySet()) {
            assertArrayEquals(ga.parameters().get(name).toArray(), gb.parameters().get(name).toArray(), name);
        }
    }

    @Test
    void aWrongOutputIsRejectedAndChangesNothing() {
        LIFRecurrent m = layer(20, 48);
        SparseSpikes x = events(2, 20, 4);
        LIFState s = m.forward(x, null).state();
        float[] v = s.v.clone(), i = s.i.clone(), z = s.z.clone();
        for (Tensor bad : new Tensor[] {null, Tensor.zeros(T, 2, 47), Tensor.zeros(T - 1, 2, 48), Tensor.zeros(T, 2 * 48)}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.forward(x, s, bad));
            assertTrue(e.getMessage().contains("out"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> m.forward(x.toDense(), s, bad));
            assertTrue(e.getMessage().contains("out"), e.getMessage());
            assertArrayEquals(v, s.v);
            assertArrayEquals(i, s.i);
            assertArrayEquals(z, s.z);
        }
    }
}
