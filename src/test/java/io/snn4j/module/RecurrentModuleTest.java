package io.snn4j.module;

import static io.snn4j.module.BadInputTest.rejects;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snn4j.functional.LIFParameters;
import io.snn4j.functional.LIFState;
import io.snn4j.functional.Param;
import io.snn4j.tensor.SparseSpikes;
import io.snn4j.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.CommonOps_FDRM;
import org.junit.jupiter.api.Test;

class RecurrentModuleTest {

    static FMatrixRMaj randomMatrix(long seed, int rows, int cols, double scale) {
        SplittableRandom r = new SplittableRandom(seed);
        FMatrixRMaj m = new FMatrixRMaj(rows, cols);
        for (int k = 0; k < m.data.length; k++) {
            m.data[k] = (float) (r.nextGaussian() * scale);
        }
        return m;
    }

    static Tensor randomSpikes(long seed, double rate, int... shape) {
        SplittableRandom r = new SplittableRandom(seed);
        Tensor t = Tensor.zeros(shape);
        for (int k = 0; k < t.size(); k++) {
            t.data()[k] = r.nextDouble() < rate ? 1f : 0f;
        }
        return t;
    }

    @Test
    void ownSpikeNeverReachesANeuronWithoutAutapses() {
        FMatrixRMaj selfOnly = CommonOps_FDRM.identity(3);
        CommonOps_FDRM.scale(5f, selfOnly);
        for (boolean autapses : new boolean[] {false, true}) {
            LIFRecurrentCell cell = new LIFRecurrentCell(2, 3, LIFParameters.DEFAULT, RecurrentOptions.DEFAULT
                    .withAutapses(autapses).withInputWeights(new FMatrixRMaj(3, 2)).withRecurrentWeights(selfOnly));
            LIFState s = new LIFState(1, 3);
            s.z[0] = 1f;
            cell.forward(Tensor.zeros(1, 2), s);
            assertEquals(autapses ? 5f : 0f, s.i[0] / 0.8f, 1e-6, "autapses=" + autapses);
            assertEquals(0f, s.i[1]);
            assertEquals(autapses ? 5f : 0f, cell.recurrentWeights().get(0, 0));
        }
    }

    /** Norse's test_snn_recurrent_cell_weights_autapse_update pattern: all-ones weights, z = 1 at the start. */
    @Test
    void norseAutapsePatternEqualsAnExplicitZeroDiagonal() {
        FMatrixRMaj ones = new FMatrixRMaj(3, 3);
        CommonOps_FDRM.fill(ones, 1f);
        FMatrixRMaj inW = new FMatrixRMaj(3, 2);
        CommonOps_FDRM.fill(inW, 1f);
        FMatrixRMaj zeroDiag = ones.copy();
        for (int k = 0; k < 3; k++) {
            zeroDiag.set(k, k, 0f);
        }
        LIFParameters p = LIFParameters.DEFAULT.withVTh(Param.of(0.1f));
        LIFRecurrentCell masked = new LIFRecurrentCell(2, 3, p, RecurrentOptions.DEFAULT.withInputWeights(inW).withRecurrentWeights(ones));
        LIFRecurrentCell explicit = new LIFRecurrentCell(2, 3, p,
                RecurrentOptions.DEFAULT.withAutapses(true).withInputWeights(inW).withRecurrentWeights(zeroDiag));
        for (int k = 0; k < 3; k++) {
            assertEquals(0f, masked.recurrentWeights().get(k, k));
        }
        LIFState a = new LIFState(3), b = new LIFState(3);
        java.util.Arrays.fill(a.z, 1f);
        java.util.Arrays.fill(b.z, 1f);
        for (int t = 0; t < 10; t++) {
            Tensor za = masked.forward(Tensor.ones(2), a).output();
            Tensor zb = explicit.forward(Tensor.ones(2), b).output();
            assertEquals(zb, za, "step " + t);
        }
        assertArrayEquals(b.v, a.v);
    }

    @Test
    void callersMatricesAreNeverModified() {
        FMatrixRMaj w = randomMatrix(1, 4, 4, 1);
        FMatrixRMaj win = randomMatrix(2, 4, 3, 1);
        FMatrixRMaj wCopy = w.copy(), winCopy = win.copy();
        RecurrentOptions o = RecurrentOptions.DEFAULT.withInputWeights(win).withRecurrentWeights(w);
        LIFRecurrent m = new LIFRecurrent(3, 4, LIFParameters.DEFAULT, o);
        m.forward(Tensor.ones(5, 2, 3));
        assertArrayEquals(wCopy.data, w.data);
        assertArrayEquals(winCopy.data, win.data);
        assertEquals(0f, m.recurrentWeights().get(2, 2));
        // the getters hand out copies
        m.recurrentWeights().set(0, 1, 99f);
        assertNotEquals(99f, m.recurrentWeights().get(0, 1));
    }

    @Test
    void weightShapesAreChecked() {
        rejects(() -> new LIFRecurrent(3, 4, LIFParameters.DEFAULT, RecurrentOptions.DEFAULT.withInputWeights(new FMatrixRMaj(3, 4))),
                "input_weights", "(3, 4)", "(4, 3)");
        rejects(() -> new LIFRecurrentCell(3, 4, LIFParameters.DEFAULT, RecurrentOptions.DEFAULT.withRecurrentWeights(new FMatrixRMaj(4, 5))),
                "recurrent_weights", "(4, 5)", "(4, 4)");
        FMatrixRMaj nan = new FMatrixRMaj(4, 4);
        nan.set(1, 2, Float.NaN);
        rejects(() -> new LIFRecurrent(3, 4, LIFParameters.DEFAULT, RecurrentOptions.DEFAULT.withRecurrentWeights(nan)),
                "recurrent_weights", "non-finite", "(1, 2)");
        rejects(() -> new LIFRecurrent(0, 4), "input_size");
        rejects(() -> new LIFRecurrent(3, 4, LIFParameters.DEFAULT, null), "options");
        rejects(() -> RecurrentOptions.DEFAULT.withDenseAbove(1.5), "denseAbove");
        rejects(() -> new LIFRecurrent(3, 4, LIFParameters.DEFAULT, RecurrentOptions.DEFAULT.withDt(-1)), "dt");
    }

    @Test
    void seededDefaultWeightsAreReproducibleWithTheRightMoments() {
        int in = 300, h = 400;
        RecurrentOptions o = RecurrentOptions.DEFAULT.withSeed(42).withAutapses(true);
        LIFRecurrent a = new LIFRecurrent(in, h, LIFParameters.DEFAULT, o);
        LIFRecurrent b = new LIFRecurrent(in, h, LIFParameters.DEFAULT, o);
        assertArrayEquals(a.inputWeights().data, b.inputWeights().data);
        assertArrayEquals(a.recurrentWeights().data, b.recurrentWeights().data);
        assertNotEquals(a.inputWeights().get(0, 0),
                new LIFRecurrent(in, h, LIFParameters.DEFAULT, o.withSeed(43)).inputWeights().get(0, 0));
        // Pinned values: the generator is specified (SplitMix64 + Box-Muller on StrictMath), so these hold everywhere.
        assertEquals(0.06238442f, a.inputWeights().get(0, 0));
        assertEquals(0.01224542f, a.recurrentWeights().get(3, 7));
        for (FMatrixRMaj w : new FMatrixRMaj[] {a.inputWeights(), a.recurrentWeights()}) {
            double sum = 0, sq = 0;
            for (float v : w.data) {
                sum += v;
                sq += v * (double) v;
            }
            int n = w.data.length;
            double mean = sum / n, var = sq / n - mean * mean;
            assertEquals(0, mean, 4 * Math.sqrt(2.0 / h / n), "mean");
            assertEquals(2.0 / h, var, 0.03 * 2.0 / h, "variance N(0, 2/hidden)");
        }
        // without a seed, two modules get different weights
        assertNotEquals(new LIFRecurrent(3, 4).inputWeights().get(0, 0), new LIFRecurrent(3, 4).inputWeights().get(0, 0));
    }

    static LIFRecurrent network(int in, int h, double denseAbove, boolean autapses) {
        return new LIFRecurrent(in, h, LIFParameters.DEFAULT, RecurrentOptions.DEFAULT.withSeed(7).withAutapses(autapses)
                .withRecurrentWeights(randomMatrix(8, h, h, 0.5)).withInputWeights(randomMatrix(9, h, in, 1.5))
                .withDenseAbove(denseAbove).withRecordStates(true));
    }

    @Test
    void eventDrivenEqualsDenseProductAtAnySpikeRate() {
        int in = 20, h = 70, b = 5;
        for (double rate : new double[] {0, 0.01, 0.5, 1.0}) {
            LIFRecurrentCell event = new LIFRecurrentCell(in, h, LIFParameters.DEFAULT, RecurrentOptions.DEFAULT.withSeed(3)
                    .withAutapses(true).withDenseAbove(1.0));
            LIFRecurrentCell dense = new LIFRecurrentCell(in, h, LIFParameters.DEFAULT, RecurrentOptions.DEFAULT.withSeed(3)
                    .withAutapses(true).withDenseAbove(0.0));
            LIFState s1 = new LIFState(b, h), s2 = new LIFState(b, h);
            Tensor z0 = randomSpikes(11, rate, b, h);
            System.arraycopy(z0.data(), 0, s1.z, 0, b * h);
            System.arraycopy(z0.data(), 0, s2.z, 0, b * h);
            Tensor x = randomSpikes(12, 0.3, b, in);
            assertEquals(dense.forward(x, s2).output(), event.forward(x, s1).output(), "rate " + rate);
            assertArrayEquals(s2.i, s1.i, "rate " + rate);
            assertArrayEquals(s2.v, s1.v, "rate " + rate);
        }
        // and over whole sequences whose rates vary
        Tensor xs = randomSpikes(13, 0.2, 30, b, in);
        SequenceResult<LIFState> ev = network(in, h, 1.0, false).forward(xs);
        SequenceResult<LIFState> de = network(in, h, 0.0, false).forward(xs);
        assertTrue(ev.output().countNonZero() > 0);
        assertEquals(de.output(), ev.output());
        assertArrayEquals(de.state().v, ev.state().v);
    }

    /**
     * Hidden sizes that are a multiple of 512 get W^T rows one cache line apart more (the event sums of a step
     * then spread over the cache sets): the transposed copies hold exactly the weights at that stride, with
     * zeros in the padding, also after an optimizer-style update; and the paths that read them (event sums of
     * input and spikes, the dense products, whole sequences) agree bit for bit.
     */
    @Test
    void paddedTransposedWeightsHoldTheWeightsAndEveryPathAgrees() {
        assertEquals(1040, RecurrentModule.transposedStride(1024));
        assertEquals(528, RecurrentModule.transposedStride(512));
        assertEquals(1000, RecurrentModule.transposedStride(1000));
        assertEquals(768, RecurrentModule.transposedStride(768));
        int in = 70, h = 512, b = 2;
        LIFRecurrentCell event = new LIFRecurrentCell(in, h, LIFParameters.DEFAULT, RecurrentOptions.DEFAULT.withSeed(3)
                .withDenseAbove(1.0).withRecurrentWeights(randomMatrix(4, h, h, 0.6)).withInputWeights(randomMatrix(5, h, in, 2.5)));
        LIFRecurrentCell dense = new LIFRecurrentCell(in, h, LIFParameters.DEFAULT, RecurrentOptions.DEFAULT.withSeed(3)
                .withDenseAbove(0.0).withRecurrentWeights(randomMatrix(4, h, h, 0.6)).withInputWeights(randomMatrix(5, h, in, 2.5)));
        assertEquals(h + 16, event.ldT);
        assertEquals(12, event.offT);
        assertEquals(0, RecurrentModule.transposedOffset(1000));
        assertTransposed(event.inputWeights(), event.winT, event.offT, event.ldT);
        assertTransposed(event.recurrentWeights(), event.wrecT, event.offT, event.ldT);
        // the weights and their padded transposed copies (12 floats before, 16 per row more)
        assertEquals(4L * h * in + 4L * (12 + in * (h + 16)) + 4L * h * h + 4L * (12 + h * (h + 16)), event.weightBytes());
        LIFState s1 = new LIFState(b, h), s2 = new LIFState(b, h);
        int spiked = 0;
        for (int t = 0; t < 12; t++) {
            Tensor x = randomSpikes(40 + t, 0.1, b, in); // at most a quarter nonzero: the event sums
            Tensor xd = Tensor.zeros(b, in); // every element nonzero: the dense input product
            for (int q = 0; q < xd.data().length; q++) {
                xd.data()[q] = x.data()[q] + 0.25f;
            }
            Tensor o1, o2;
            if (t % 3 == 2) { // scaled events (every element) against the dense product
                o1 = event.forward(SparseSpikes.fromDenseValues(xd), s1).output();
                o2 = dense.forward(xd, s2).output();
            } else {
                o1 = event.forward(SparseSpikes.fromDense(x), s1).output();
                o2 = dense.forward(x, s2).output();
            }
            assertEquals(o2, o1, "step " + t);
            assertArrayEquals(s2.i, s1.i, "step " + t);
            assertArrayEquals(s2.v, s1.v, "step " + t);
            spiked += (int) o1.countNonZero();
        }
        assertTrue(spiked > 0, "no neuron spiked: the recurrent sums were never run");
        // a sequence (the input product of all steps at once) against the cell's steps
        Tensor xs = randomSpikes(60, 0.1, 8, b, in);
        LIFRecurrent seq = new LIFRecurrent(in, h, LIFParameters.DEFAULT, RecurrentOptions.DEFAULT.withSeed(3)
                .withRecurrentWeights(randomMatrix(4, h, h, 0.6)).withInputWeights(randomMatrix(5, h, in, 2.5)));
        SequenceResult<LIFState> whole = seq.forward(xs);
        LIFState s3 = new LIFState(b, h);
        for (int t = 0; t < 8; t++) {
            assertEquals(whole.output().step(t), event.forward(SparseSpikes.fromDense(xs.step(t)), s3).output(), "step " + t);
        }
        // an update of the parameters is transposed into the padded rows again, the padding left at zero
        for (io.snn4j.tensor.Parameter p : event.parameters()) {
            float[] d = p.data();
            for (int q = 0; q < d.length; q += 7) {
                d[q] = d[q] * 0.5f + 0.01f;
            }
            p.changed();
        }
        event.forward(randomSpikes(70, 0.1, b, in), null);
        assertTransposed(event.inputWeights(), event.winT, event.offT, event.ldT);
        assertTransposed(event.recurrentWeights(), event.wrecT, event.offT, event.ldT);
    }

    /**
     * {@code t} holds {@code w^T} from {@code off} with leading dimension {@code ld}, bit for bit, and zeros
     * before it and beyond each row's end.
     */
    private static void assertTransposed(FMatrixRMaj w, float[] t, int off, int ld) {
        assertEquals(off + w.numCols * ld, t.length);
        for (int q = 0; q < off; q++) {
            assertEquals(0, Float.floatToRawIntBits(t[q]), "element " + q + " before W^T");
        }
        for (int k = 0; k < w.numCols; k++) {
            for (int j = 0; j < ld; j++) {
                float expected = j < w.numRows ? w.get(j, k) : 0f;
                if (Float.floatToRawIntBits(expected) != Float.floatToRawIntBits(t[off + k * ld + j])) {
                    throw new AssertionError("W^T[" + k + "][" + j + "] is " + t[off + k * ld + j] + ", expected " + expected);
                }
            }
        }
    }

    @Test
    void sparseInputEqualsDenseInput() {
        int in = 40, h = 33, b = 3, steps = 25;
        Tensor dense = randomSpikes(21, 0.1, steps, b, in);
        SparseSpikes sparse = SparseSpikes.fromDense(dense);
        LIFRecurrent m = network(in, h, RecurrentModule.DEFAULT_DENSE_ABOVE, false);
        SequenceResult<LIFState> d = m.forward(dense);
        SequenceResult<LIFState> s = m.forward(sparse, null);
        SparseResult<LIFState> ss = m.forwardSparse(sparse, null);
        assertTrue(d.output().countNonZero() > 0);
        assertEquals(d.output(), s.output());
        assertEquals(SparseSpikes.fromDense(d.output()), ss.output());
        assertArrayEquals(d.state().v, ss.state().v);
        assertArrayEquals(d.recorded().i, ss.recorded().i);
        // the cell too
        LIFRecurrentCell cell = new LIFRecurrentCell(in, h, LIFParameters.DEFAULT, RecurrentOptions.DEFAULT.withSeed(5));
        Tensor x0 = dense.step(0);
        StepResult<LIFState> cd = cell.forward(x0, null);
        StepResult<LIFState> cs = cell.forward(SparseSpikes.fromDense(x0), null);
        assertEquals(cd.output(), cs.output());
        assertEquals(SparseSpikes.fromDense(cd.output()), cell.forwardSparse(SparseSpikes.fromDense(x0), null).output());
    }

    @Test
    void cellLoopEqualsSequenceAndThreadsDoNotMatter() {
        int in = 10, h = 50, b = 7, steps = 20;
        Tensor x = randomSpikes(31, 0.4, steps, b, in);
        LIFRecurrent seq = network(in, h, 0.1, false);
        seq.setThreads(1);
        SequenceResult<LIFState> one = seq.forward(x);
        for (int threads : new int[] {2, 3, 7}) {
            seq.setThreads(threads);
            SequenceResult<LIFState> r = seq.forward(x);
            assertEquals(one.output(), r.output(), "threads " + threads);
            assertArrayEquals(one.state().v, r.state().v, "threads " + threads);
        }
        LIFRecurrentCell cell = new LIFRecurrentCell(in, h, LIFParameters.DEFAULT, RecurrentOptions.DEFAULT
                .withRecurrentWeights(seq.recurrentWeights()).withInputWeights(seq.inputWeights()).withAutapses(true));
        LIFState s = null;
        for (int t = 0; t < steps; t++) {
            StepResult<LIFState> r = cell.forward(x.step(t), s);
            s = r.state();
            assertEquals(one.output().step(t), r.output(), "step " + t);
        }
    }

    @Test
    void streamingRunEqualsForward() {
        int in = 6, h = 24, b = 2, steps = 15;
        Tensor x = randomSpikes(41, 0.5, steps, b, in);
        LIFRecurrent m = network(in, h, 0.1, false);
        SequenceResult<LIFState> whole = m.forward(x);
        List<Tensor> outs = new ArrayList<>();
        LIFState fin = m.run(new int[] {b, in}, (t, into) -> {
            if (t >= steps) {
                return false;
            }
            System.arraycopy(x.data(), (int) t * b * in, into, 0, b * in);
            return true;
        }, (t, o) -> outs.add(o.copy()), null);
        for (int t = 0; t < steps; t++) {
            assertEquals(whole.output().step(t), outs.get(t), "step " + t);
        }
        assertArrayEquals(whole.state().i, fin.i);
    }

    @Test
    void unbatchedInputGivesUnbatchedOutput() {
        LIFRecurrent m = network(4, 6, 0.1, false);
        Tensor x = randomSpikes(51, 0.5, 9, 4);
        SequenceResult<LIFState> r = m.forward(x);
        assertArrayEquals(new int[] {9, 6}, r.output().shape());
        assertArrayEquals(new int[] {6}, r.state().shape());
        SequenceResult<LIFState> batched = m.forward(x.reshape(9, 1, 4));
        assertArrayEquals(batched.output().toArray(), r.output().toArray());
    }

    @Test
    void badInputIsRejectedAndStateUntouched() {
        LIFRecurrent m = network(4, 6, 0.1, false);
        LIFState s = new LIFState(3, 6);
        s.v[0] = 0.5f;
        LIFState before = s.copy();
        rejects(() -> m.forward(Tensor.ones(5, 3, 5), s), "input_size = 4", "[3, 5]");
        rejects(() -> m.forward(Tensor.ones(5, 2, 4), s), "state", "[3, 6]", "[2, 6]");
        rejects(() -> m.forward(Tensor.ones(0, 3, 4), s), "T = 0");
        rejects(() -> m.forward(SparseSpikes.fromDense(Tensor.ones(0, 3, 4)), s), "T = 0");
        rejects(() -> m.forward(Tensor.ones(4)), "time step");
        rejects(() -> new LIFRecurrentCell(4, 6).forward(Tensor.ones(2, 4), s), "state", "[3, 6]", "[2, 6]");
        assertArrayEquals(before.v, s.v);
        assertArrayEquals(before.z, s.z);
        rejects(() -> SparseSpikes.fromDense(Tensor.full(0.5f, 2, 2)), "0 or 1");
        rejects(() -> SparseSpikes.fromIndices(new int[] {2, 3}, new int[][] {{0, 3}, {}}), "outside");
    }

    @Test
    void reprReadsLikeNorse() {
        assertEquals("LIFRecurrent(input_size=2, hidden_size=3, p=LIFParameters(tau_syn_inv=tensor(200.), "
                + "tau_mem_inv=tensor(100.), v_leak=tensor(0.), v_th=tensor(1.), v_reset=tensor(0.), method='super', "
                + "alpha=tensor(100.)), autapses=False, dt=0.001)", new LIFRecurrent(2, 3).toString());
        assertTrue(new LIFRecurrentCell(2, 3, LIFParameters.DEFAULT, RecurrentOptions.DEFAULT.withAutapses(true)).toString()
                .startsWith("LIFRecurrentCell(input_size=2, hidden_size=3, p=LIFParameters("));
    }
}
