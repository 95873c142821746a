package io.snn4j.module;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snn4j.functional.IzhikevichSpikingBehavior;
import io.snn4j.functional.LIFParameters;
import io.snn4j.functional.LIFRefracParameters;
import io.snn4j.functional.NeuronState;
import io.snn4j.functional.Param;
import io.snn4j.tensor.SparseSpikes;
import io.snn4j.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.Stream;
import org.ejml.data.FMatrixRMaj;
import org.ejml.data.FMatrixSparseCSC;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Sparse weights (EJML's FMatrixSparseCSC) give the numbers of the same weights stored densely, bit for
 * bit, for every recurrent model: sequence modules with dense, sparse and sparse-output input, cells step
 * by step, batch rows on two threads, the neurons of one row split across threads; and the rejections.
 */
class SparseWeightsTest {
    static final int IN = 13, H = 67, B = 3, T = 25;

    /** Every recurrent model: the registry's, Izhikevich's and the multi-compartment cells. */
    static Stream<Arguments> models() {
        List<Arguments> all = new ArrayList<>();
        for (NeuronModels.Entry<?> e : NeuronModels.all()) {
            if (!e.recurrent() || e.name().equals("LILinearCell")) {
                continue;
            }
            all.add(Arguments.of(e.name(), (Function<RecurrentOptions, RecurrentModule<?, ?>>) o ->
                    (RecurrentModule<?, ?>) e.create(null, NeuronModels.Spec.recurrent(IN, H, o))));
        }
        IzhikevichSpikingBehavior iz = IzhikevichSpikingBehavior.TONIC_SPIKING;
        all.add(Arguments.of("IzhikevichRecurrent", (Function<RecurrentOptions, RecurrentModule<?, ?>>) o ->
                new IzhikevichRecurrent(IN, H, iz, o)));
        all.add(Arguments.of("IzhikevichRecurrentCell", (Function<RecurrentOptions, RecurrentModule<?, ?>>) o ->
                new IzhikevichRecurrentCell(IN, H, iz, o)));
        all.add(Arguments.of("LIFMCRecurrentCell", (Function<RecurrentOptions, RecurrentModule<?, ?>>) o ->
                new LIFMCRecurrentCell(IN, H, LIFParameters.DEFAULT, o, null)));
        all.add(Arguments.of("LIFMCRefracRecurrentCell", (Function<RecurrentOptions, RecurrentModule<?, ?>>) o ->
                new LIFMCRefracRecurrentCell(IN, H, LIFRefracParameters.DEFAULT, o, null, Compatibility.FIXED)));
        return all.stream();
    }

    /** A dense matrix with about {@code density} of its elements nonzero (and a few stored zeros' places). */
    static FMatrixRMaj sparseDense(SplittableRandom r, int rows, int cols, double density, double scale) {
        FMatrixRMaj w = new FMatrixRMaj(rows, cols);
        for (int k = 0; k < w.data.length; k++) {
            if (r.nextDouble() < density) {
                w.data[k] = (float) (r.nextGaussian() * scale);
            }
        }
        return w;
    }

    /** The nonzero elements of {@code w} as a CSC matrix, each column's rows in a scrambled order. */
    static FMatrixSparseCSC csc(FMatrixRMaj w, boolean scramble) {
        int n = 0;
        for (float v : w.data) {
            n += v != 0f ? 1 : 0;
        }
        FMatrixSparseCSC c = new FMatrixSparseCSC(w.numRows, w.numCols, n);
        int p = 0;
        for (int k = 0; k < w.numCols; k++) {
            int p0 = p;
            for (int j = 0; j < w.numRows; j++) {
                if (w.get(j, k) != 0f) {
                    c.nz_rows[p] = j;
                    c.nz_values[p++] = w.get(j, k);
                }
            }
            if (scramble && p - p0 > 1) { // reversed: the module must sort its copy
                for (int a = p0, b = p - 1; a < b; a++, b--) {
                    int tr = c.nz_rows[a];
                    c.nz_rows[a] = c.nz_rows[b];
                    c.nz_rows[b] = tr;
                    float tv = c.nz_values[a];
                    c.nz_values[a] = c.nz_values[b];
                    c.nz_values[b] = tv;
                }
            }
            c.col_idx[k + 1] = p;
        }
        c.nz_length = n;
        c.indicesSorted = !scramble;
        return c;
    }

    static void assertBits(float[] want, float[] got, String what) {
        assertEquals(want.length, got.length, what);
        for (int q = 0; q < want.length; q++) {
            assertEquals(Float.floatToIntBits(want[q]), Float.floatToIntBits(got[q]), what + ": element " + q);
        }
    }

    static void assertStates(NeuronState want, NeuronState got, String what) {
        for (String name : want.names()) {
            assertBits(want.buffer(name), got.buffer(name), what + " state " + name);
        }
    }

    static Tensor input(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        Tensor x = Tensor.zeros(T, B, IN);
        for (int k = 0; k < x.size(); k++) {
            x.data()[k] = r.nextDouble() < 0.35 ? (r.nextBoolean() ? 1f : (float) (r.nextDouble() * 3)) : 0f;
        }
        return x;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void sparseEqualsDense(String name, Function<RecurrentOptions, RecurrentModule<?, ?>> make) {
        SplittableRandom r = new SplittableRandom(name.hashCode());
        // scale the weights to the model's units: the voltage-based models (Izhikevich, AdEx) need larger input
        double scale = name.startsWith("Izhikevich") ? 40 : name.contains("AdEx") || name.contains("LIFEx") ? 2 : 0.8;
        FMatrixRMaj win = sparseDense(r, H, IN, 0.5, scale), wrec = sparseDense(r, H, H, 0.15, scale * 0.5);
        for (int j = 0; j < H; j += 5) {
            wrec.set(j, j, 0.3f); // on the diagonal: the dense module zeroes it, the sparse one drops it
        }
        RecurrentOptions base = RecurrentOptions.DEFAULT.withSeed(5);
        RecurrentModule dense = make.apply(base.withInputWeights(win).withRecurrentWeights(wrec));
        RecurrentModule sparse = make.apply(base.withInputWeights(csc(win, false)).withRecurrentWeights(csc(wrec, true)));
        assertTrue(sparse.recurrentSynapses() != null && dense.recurrentSynapses() == null);
        Tensor x = input(name.hashCode() + 1L);
        long fired = 0;
        for (int threads : new int[] {1, 2}) {
            dense.setThreads(threads);
            sparse.setThreads(threads);
            if (dense instanceof SNNRecurrent d) {
                SNNRecurrent s = (SNNRecurrent) sparse;
                SequenceResult want = d.forward(x, null), got = s.forward(x, null);
                assertBits(want.output().data(), got.output().data(), name + " output");
                assertStates((NeuronState) want.state(), (NeuronState) got.state(), name);
                fired = want.output().countNonZero();
                SparseSpikes sx = SparseSpikes.fromDenseValues(x);
                SequenceResult gotSparse = s.forward(sx, null);
                assertBits(want.output().data(), gotSparse.output().data(), name + " sparse input");
                SparseResult gotIdx = s.forwardSparse(sx, null);
                assertBits(want.output().data(), gotIdx.output().toDense().data(), name + " sparse output");
            } else {
                SNNRecurrentCell d = (SNNRecurrentCell) dense, s = (SNNRecurrentCell) sparse;
                NeuronState sd = null, ss = null, sv = null;
                for (int t = 0; t < T; t++) {
                    StepResult a = d.forward(x.step(t).copy(), sd), b = s.forward(x.step(t).copy(), ss);
                    StepResult c = s.forward(SparseSpikes.fromDenseValues(x.step(t).copy()), sv);
                    assertBits(a.output().data(), b.output().data(), name + " step " + t);
                    assertBits(a.output().data(), c.output().data(), name + " sparse step " + t);
                    sd = (NeuronState) a.state();
                    ss = (NeuronState) b.state();
                    sv = (NeuronState) c.state();
                    fired += a.output().countNonZero();
                }
                assertStates(sd, ss, name);
                assertStates(sd, sv, name + " sparse input");
            }
        }
        assertTrue(fired > 0, name + ": no neuron fired, so the recurrent weights were not exercised");
    }

    /** The conductance-based cell splits its weights by sign; sparse weights split the same way give its bits. */
    @Test
    void cobaLifSparseEqualsDense() {
        SplittableRandom r = new SplittableRandom(31);
        FMatrixRMaj win = sparseDense(r, H, IN, 0.5, 1.5), wrec = sparseDense(r, H, H, 0.15, 0.5);
        for (Compatibility mode : Compatibility.values()) {
            CobaLIFCell dense = new CobaLIFCell(IN, H, io.snn4j.functional.CobaLIFParameters.DEFAULT,
                    RecurrentOptions.DEFAULT.withInputWeights(win).withRecurrentWeights(wrec), mode);
            CobaLIFCell sparse = new CobaLIFCell(IN, H, io.snn4j.functional.CobaLIFParameters.DEFAULT,
                    RecurrentOptions.DEFAULT.withInputWeights(csc(win, true)).withRecurrentWeights(csc(wrec, false)), mode);
            assertThrows(IllegalStateException.class, sparse::recurrentWeights);
            Tensor x = input(32);
            for (int k = 0; k < x.size(); k += 3) {
                x.data()[k] = -x.data()[k] * 4; // negative inputs too: a zero weight times them is -0
            }
            io.snn4j.functional.CobaLIFState a = null, b = null;
            long fired = 0;
            for (int t = 0; t < T; t++) {
                StepResult<io.snn4j.functional.CobaLIFState> ra = dense.forward(x.step(t).copy(), a);
                StepResult<io.snn4j.functional.CobaLIFState> rb = sparse.forward(x.step(t).copy(), b);
                assertBits(ra.output().data(), rb.output().data(), mode + " step " + t);
                a = ra.state();
                b = rb.state();
                fired += ra.output().countNonZero();
            }
            assertStates(a, b, "CobaLIFCell " + mode);
            assertTrue(fired > 0, "CobaLIFCell " + mode + " fired");
        }
    }

    @Test
    void neuronSplitAcrossThreadsWithSparseWeights() {
        int h = 2 * RecurrentModule.MIN_COLUMNS_PER_THREAD + 48;
        SplittableRandom r = new SplittableRandom(11);
        FMatrixRMaj win = sparseDense(r, h, IN, 0.4, 0.8), wrec = sparseDense(r, h, h, 0.01, 0.3);
        LIFParameters p = LIFParameters.DEFAULT.withVTh(Param.of(0.08f));
        RecurrentOptions dense = RecurrentOptions.DEFAULT.withInputWeights(win).withRecurrentWeights(wrec)
                .withRecordStates(true);
        RecurrentOptions sparse = RecurrentOptions.DEFAULT.withInputWeights(csc(win, false))
                .withRecurrentWeights(csc(wrec, false)).withRecordStates(true);
        Tensor x = Tensor.zeros(12, 1, IN);
        for (int k = 0; k < x.size(); k++) {
            x.data()[k] = r.nextDouble() < 0.3 ? (float) (r.nextDouble() * 2) : 0f;
        }
        LIFRecurrent one = new LIFRecurrent(IN, h, p, dense);
        one.setThreads(1);
        SequenceResult<io.snn4j.functional.LIFState> want = one.forward(x);
        assertTrue(want.output().countNonZero() > 100, "spikes: " + want.output().countNonZero());
        LIFRecurrent split = new LIFRecurrent(IN, h, p, sparse);
        split.setThreads(2);
        split.setSplitNeurons(true);
        assertTrue(split.columnPieces(1) > 1, "the layer is wide enough to split");
        SequenceResult<io.snn4j.functional.LIFState> got = split.forward(x);
        assertBits(want.output().data(), got.output().data(), "split output");
        assertBits(want.recorded().i, got.recorded().i, "split recorded i");
        SparseResult<io.snn4j.functional.LIFState> idx = split.forwardSparse(SparseSpikes.fromDenseValues(x), null);
        assertBits(want.output().data(), idx.output().toDense().data(), "split sparse output");
        LIFRecurrentCell cell = new LIFRecurrentCell(IN, h, p, sparse);
        cell.setThreads(2);
        cell.setSplitNeurons(true);
        io.snn4j.functional.LIFState s = null;
        for (int t = 0; t < x.dim(0); t++) {
            StepResult<io.snn4j.functional.LIFState> st = cell.forward(x.step(t).copy(), s);
            assertBits(want.output().step(t).copy().data(), st.output().data(), "split cell step " + t);
            s = st.state();
        }
    }

    /**
     * Weights shared by each source (one weight per source population, as in the demo) are kept once per
     * source: half the memory, the same numbers as dense, also for scaled (non-0/1) input events.
     */
    @Test
    void weightsSharedPerSourceAreStoredOncePerSource() {
        SplittableRandom r = new SplittableRandom(21);
        FMatrixRMaj win = sparseDense(r, H, IN, 0.5, 1), wrec = sparseDense(r, H, H, 0.2, 1);
        for (FMatrixRMaj w : new FMatrixRMaj[] {win, wrec}) {
            for (int k = 0; k < w.numCols; k++) {
                float shared = (float) (r.nextGaussian() * (w == win ? 0.8 : 0.3));
                for (int j = 0; j < w.numRows; j++) {
                    if (w.get(j, k) != 0f) {
                        w.set(j, k, shared);
                    }
                }
            }
        }
        Synapses s = Synapses.of(csc(wrec, true));
        assertTrue(s.bytes() < Synapses.bytes(H, s.count(), false), "one weight per source: " + s.bytes());
        assertBits(wrec.data, dense(s.weights()), "the weights read back");
        LIFParameters p = LIFParameters.DEFAULT.withVTh(Param.of(0.3f));
        SequenceResult<io.snn4j.functional.LIFState> want = new LIFRecurrent(IN, H, p, RecurrentOptions.DEFAULT
                .withInputWeights(win).withRecurrentWeights(wrec)).forward(input(4));
        SequenceResult<io.snn4j.functional.LIFState> got = new LIFRecurrent(IN, H, p, RecurrentOptions.DEFAULT
                .withInputWeights(csc(win, false)).withRecurrentWeights(s)).forward(input(4));
        assertTrue(want.output().countNonZero() > 0);
        assertBits(want.output().data(), got.output().data(), "output");
        assertBits(want.state().v, got.state().v, "v");
        assertBits(want.state().i, got.state().i, "i");
    }

    static float[] dense(FMatrixSparseCSC c) {
        FMatrixRMaj w = new FMatrixRMaj(c.numRows, c.numCols);
        for (int k = 0; k < c.numCols; k++) {
            for (int p = c.col_idx[k]; p < c.col_idx[k + 1]; p++) {
                w.set(c.nz_rows[p], k, c.nz_values[p]);
            }
        }
        return w.data;
    }

    @Test
    void callersMatrixIsCopiedAndGettersSaySparse() {
        SplittableRandom r = new SplittableRandom(3);
        FMatrixSparseCSC w = csc(sparseDense(r, H, H, 0.1, 1), false);
        float before = w.nz_values[0];
        LIFRecurrent m = new LIFRecurrent(IN, H, LIFParameters.DEFAULT, RecurrentOptions.DEFAULT.withRecurrentWeights(w));
        w.nz_values[0] = 99f;
        assertEquals(before, m.recurrentSynapses().weights().nz_values[0]);
        IllegalStateException e = assertThrows(IllegalStateException.class, m::recurrentWeights);
        assertTrue(e.getMessage().contains("recurrentSynapses"), e.getMessage());
        m.inputWeights(); // drawn densely: still available
        assertEquals(1, m.parameters().size(), "only the dense input weights are parameters");
        IllegalArgumentException t = assertThrows(IllegalArgumentException.class, () -> m.train(true));
        assertTrue(t.getMessage().contains("sparse"), t.getMessage());
        assertTrue(m.weightBytes() < 8L * H * H + 8L * H * IN);
    }

    @Test
    void badSparseWeightsAreRejected() {
        FMatrixSparseCSC w = new FMatrixSparseCSC(4, 4, 3);
        w.col_idx = new int[] {0, 2, 3, 3, 3};
        w.nz_rows = new int[] {1, 5, 0};
        w.nz_values = new float[] {1f, 2f, 3f};
        w.nz_length = 3;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Synapses.of(w));
        assertTrue(e.getMessage().contains("target 5") && e.getMessage().contains("[0, 4)"), e.getMessage());
        w.nz_rows[1] = 1;
        e = assertThrows(IllegalArgumentException.class, () -> Synapses.of(w));
        assertTrue(e.getMessage().contains("0 -> 1") && e.getMessage().contains("twice"), e.getMessage());
        w.nz_rows[1] = 2;
        w.nz_values[2] = Float.NaN;
        e = assertThrows(IllegalArgumentException.class, () -> Synapses.of(w));
        assertTrue(e.getMessage().contains("non-finite"), e.getMessage());
        w.nz_values[2] = 3f;
        e = assertThrows(IllegalArgumentException.class, () -> new Synapses(w, new int[] {1, -2, 1}));
        assertTrue(e.getMessage().contains("delay -2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Synapses(w, new int[] {1, 1}));
        assertTrue(e.getMessage().contains("one per synapse"), e.getMessage());
        w.col_idx[2] = 1; // columns going backwards
        e = assertThrows(IllegalArgumentException.class, () -> Synapses.of(w));
        assertTrue(e.getMessage().contains("column"), e.getMessage());
        w.col_idx[2] = 3;
        Synapses ok = Synapses.of(w);
        assertEquals(3, ok.count());
        e = assertThrows(IllegalArgumentException.class, () -> new LIFRecurrent(IN, 5, LIFParameters.DEFAULT,
                RecurrentOptions.DEFAULT.withRecurrentWeights(ok)));
        assertTrue(e.getMessage().contains("recurrent_weights has shape (4, 4), expected (5, 5)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> RecurrentOptions.DEFAULT.withRecurrentDelay(0));
        assertTrue(e.getMessage().contains("at least 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new CobaLIFCell(IN, 4,
                io.snn4j.functional.CobaLIFParameters.DEFAULT, RecurrentOptions.DEFAULT.withRecurrentWeights(ok)
                        .withRecurrentDelay(2), Compatibility.FIXED));
        assertTrue(e.getMessage().contains("one-step recurrent delay only"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new CobaLIFCell(IN, 5,
                io.snn4j.functional.CobaLIFParameters.DEFAULT, RecurrentOptions.DEFAULT.withRecurrentWeights(ok),
                Compatibility.FIXED));
        assertTrue(e.getMessage().contains("recurrent_weights has shape (4, 4), expected (5, 5)"), e.getMessage());
    }
}
