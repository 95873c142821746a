package io.snn4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snn4j.functional.LIFFeedForwardState;
import io.snn4j.functional.LIFParameters;
import io.snn4j.functional.NeuronState;
import io.snn4j.functional.Param;
import io.snn4j.module.LIF;
import io.snn4j.module.LIFCell;
import io.snn4j.module.LICell;
import io.snn4j.tensor.SparseSpikes;
import io.snn4j.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * SequentialState running a whole sequence from sparse input, in time chunks: the same numbers as the
 * dense sequence, bit for bit, for any thread count, with and without an output buffer and a state.
 */
class SparseSequenceTest {

    static SequentialState net(long seed, int in, int hidden, int out) {
        LIFParameters p = LIFParameters.DEFAULT.withVTh(Param.of(0.05f));
        return new SequentialState(Linear.of(NetworkTest.random(seed, 0.4f, hidden, in), NetworkTest.random(seed + 1, 0.1f, hidden)),
                Layer.of(new LIFCell(p, 0.001)), Linear.of(NetworkTest.random(seed + 2, 0.5f, out, hidden), null),
                Layer.of(new LIF(p, 0.001)));
    }

    @Test
    void chunkedSparseSequenceEqualsTheDenseOne() {
        // T * B = 1400 rows: more than one chunk; in = 37 and hidden = 45 are not multiples of the vectors
        int steps = 70, batch = 20, in = 37;
        for (boolean values : new boolean[] {false, true}) {
            SplittableRandom r = new SplittableRandom(values ? 2 : 1);
            Tensor x = EventDrivenLinearTest.sparseInput(r, 0.08, values, steps, batch, in);
            SparseSpikes sx = values ? SparseSpikes.fromDenseValues(x) : SparseSpikes.fromDense(x);
            SequentialState.Result want = net(5, in, 45, 19).forwardSequence(x, null);
            assertTrue(want.output().countNonZero() > 100, "the network must spike for the comparison to mean something: "
                    + want.output().countNonZero());
            for (int threads : new int[] {1, 2, 3}) {
                SequentialState n = net(5, in, 45, 19);
                n.setThreads(threads);
                SequentialState.Result got = n.forwardSequence(sx, null);
                String what = "values=" + values + " threads=" + threads;
                assertArrayEquals(want.output().shape(), got.output().shape(), what);
                assertBits(want.output().data(), got.output().data(), what + " output");
                assertBits(((LIFFeedForwardState) want.states().get(3)).v, ((LIFFeedForwardState) got.states().get(3)).v, what + " v");
                assertBits(((LIFFeedForwardState) want.states().get(1)).i, ((LIFFeedForwardState) got.states().get(1)).i, what + " i");
                Tensor out = Tensor.full(7f, steps, batch, 19);
                SequentialState.Result into = n.forwardSequence(sx, null, out);
                assertSame(out, into.output());
                assertBits(want.output().data(), out.data(), what + " into out");
            }
        }
    }

    @Test
    void continuesFromGivenStatesAndChecksOutBeforeRunning() {
        int steps = 9, batch = 3, in = 12;
        Tensor x = EventDrivenLinearTest.sparseInput(new SplittableRandom(9), 0.2, false, steps, batch, in);
        SequentialState dense = net(8, in, 16, 5), sparse = net(8, in, 16, 5);
        SequentialState.Result a = dense.forwardSequence(x, null);
        SequentialState.Result b = sparse.forwardSequence(SparseSpikes.fromDense(x), null);
        SequentialState.Result a2 = dense.forwardSequence(x, a.states());
        List<NeuronState> bStates = b.states();
        float[] vBefore = ((LIFFeedForwardState) bStates.get(1)).v.clone();
        Tensor wrong = Tensor.zeros(steps, batch, 6);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> sparse.forwardSequence(SparseSpikes.fromDense(x), bStates, wrong));
        assertTrue(e.getMessage().contains("out has shape [9, 3, 6]"), e.getMessage());
        assertArrayEquals(vBefore, ((LIFFeedForwardState) bStates.get(1)).v, "a rejected call changes no state");
        SequentialState.Result b2 = sparse.forwardSequence(SparseSpikes.fromDense(x), bStates);
        assertBits(a2.output().data(), b2.output().data(), "second call from the first call's states");
        assertThrows(IllegalArgumentException.class, () -> sparse.forwardSequence(
                SparseSpikes.fromIndices(new int[] {2, 3, 11}, new int[6][]), null));
        assertThrows(IllegalArgumentException.class, () -> sparse.forwardSequence((SparseSpikes) null, null));
    }

    @Test
    void otherFirstLayersSeeTheDenseSequence() {
        Tensor x = EventDrivenLinearTest.sparseInput(new SplittableRandom(4), 0.3, true, 6, 2, 5);
        SequentialState n = new SequentialState(Layer.of(new LICell()));
        assertEquals(n.forwardSequence(x, null).output(), n.forwardSequence(SparseSpikes.fromDenseValues(x), null).output());
    }

    static void assertBits(float[] want, float[] got, String what) {
        assertEquals(want.length, got.length, what);
        for (int q = 0; q < want.length; q++) {
            if (Float.floatToIntBits(want[q]) != Float.floatToIntBits(got[q])) {
                throw new AssertionError(what + ": element " + q + ": want " + want[q] + ", got " + got[q] + " ("
                        + Arrays.toString(Arrays.copyOfRange(got, Math.max(0, q - 2), Math.min(got.length, q + 3))) + ")");
            }
        }
    }
}
