package io.snn4j.nn;

import static io.snn4j.nn.EventDrivenLinearTest.assertBits;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snn4j.functional.LIFParameters;
import io.snn4j.functional.Numerics;
import io.snn4j.module.LIF;
import io.snn4j.module.Synapses;
import io.snn4j.tensor.Parameter;
import io.snn4j.tensor.SparseSpikes;
import io.snn4j.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.ejml.data.FMatrixRMaj;
import org.ejml.data.FMatrixSparseCSC;
import org.junit.jupiter.api.Test;

/**
 * {@link Linear} with sparse weights against the dense {@link Linear} holding the same nonzero weights:
 * the same bits on every forward path (dense input of any density, 0/1 spikes, scaled events,
 * {@link SparseSpikes}, constant sequences, {@link SequentialState}'s chunked sparse sequences), for batch
 * sizes above 1, thread counts 1 and 2 and awkward sizes, with and without bias; the backward pass's
 * gradients equal the dense layer's at the stored positions; bad weights are rejected and the caller's
 * matrix is never modified.
 */
class SparseLinearTest {

    /** A random sparse weight and the same weights stored densely (built independently of the layer). */
    record Weights(FMatrixSparseCSC csc, FMatrixRMaj dense) {
    }

    /**
     * An {@code (out, in)} matrix with each element stored with probability {@code density}: gaussian
     * values, about one in 20 stored as 0 and a few as -0; targets within each column in shuffled order
     * (EJML's unsorted form) when {@code shuffled}.
     */
    static Weights weights(long seed, int out, int in, double density, boolean shuffled) {
        SplittableRandom r = new SplittableRandom(seed);
        FMatrixRMaj dense = new FMatrixRMaj(out, in);
        List<int[]> cols = new ArrayList<>();
        int nz = 0;
        for (int k = 0; k < in; k++) {
            int[] targets = java.util.stream.IntStream.range(0, out).filter(j -> r.nextDouble() < density).toArray();
            for (int q = targets.length - 1; shuffled && q > 0; q--) {
                int o = r.nextInt(q + 1), t = targets[q];
                targets[q] = targets[o];
                targets[o] = t;
            }
            cols.add(targets);
            nz += targets.length;
        }
        FMatrixSparseCSC csc = new FMatrixSparseCSC(out, in, nz);
        int p = 0;
        for (int k = 0; k < in; k++) {
            csc.col_idx[k] = p;
            for (int j : cols.get(k)) {
                int kind = r.nextInt(40);
                float v = kind == 0 ? 0f : kind == 1 ? -0f : (float) (r.nextGaussian() * 0.4);
                csc.nz_rows[p] = j;
                csc.nz_values[p] = v;
                dense.data[j * in + k] = v;
                p++;
            }
        }
        csc.col_idx[in] = p;
        csc.nz_length = p;
        csc.indicesSorted = !shuffled;
        return new Weights(csc, dense);
    }

    /** A snapshot of every array of a CSC, to check that nothing changed it. */
    static String snapshot(FMatrixSparseCSC m) {
        return m.numRows + "x" + m.numCols + " nz=" + m.nz_length + " sorted=" + m.indicesSorted + " "
                + java.util.Arrays.toString(m.col_idx) + java.util.Arrays.toString(m.nz_rows)
                + java.util.Arrays.toString(m.nz_values);
    }

    /** Inputs of every kind the forward paths distinguish, of shape {@code (rows, in)} or {@code (T, B, in)}. */
    static List<Tensor> inputs(long seed, int rows, int in) {
        SplittableRandom r = new SplittableRandom(seed);
        List<Tensor> xs = new ArrayList<>();
        xs.add(NetworkTest.random(seed, 1f, rows, in)); // dense: the dense layer's product
        xs.add(EventDrivenLinearTest.sparseInput(r, 0.1, false, rows, in)); // 0/1 spikes (with some -0)
        xs.add(EventDrivenLinearTest.sparseInput(r, 0.1, true, rows, in)); // scaled events
        xs.add(EventDrivenLinearTest.sparseInput(r, 0.5, true, rows, in)); // too dense for the dense layer's events
        if (rows % 2 == 0) {
            xs.add(EventDrivenLinearTest.sparseInput(r, 0.1, true, 2, rows / 2, in)); // time-first (T, B, in)
        }
        return xs;
    }

    @Test
    void sparseEqualsDenseBitForBitOnEveryInputAtAwkwardSizesAndThreadCounts() {
        // {rows, in, out}: single elements, 17 and 1023 on either side, batches below and above the dense
        // layer's blocked threshold (16 rows per thread)
        int[][] sizes = {{1, 1, 1}, {1, 17, 1}, {3, 17, 17}, {4, 1023, 17}, {2, 17, 1023}, {17, 1, 1023}, {40, 33, 65},
            {70, 120, 90}, {256, 200, 1023}};
        for (int[] s : sizes) {
            int rows = s[0], in = s[1], out = s[2];
            for (boolean withBias : new boolean[] {false, true}) {
                long seed = 131L * rows + 17L * in + out + (withBias ? 7 : 0);
                Weights w = weights(seed, out, in, 0.15, seed % 2 == 0);
                float[] b = withBias ? NetworkTest.random(seed + 1, 0.2f, out).data() : null;
                String before = snapshot(w.csc);
                List<Tensor> xs = inputs(seed + 2, rows, in);
                for (int threads : new int[] {1, 2}) {
                    Linear dense = new Linear(w.dense, b), sparse = Linear.sparse(w.csc, b);
                    dense.setThreads(threads);
                    sparse.setThreads(threads);
                    for (int q = 0; q < xs.size(); q++) {
                        Tensor x = xs.get(q);
                        String what = "rows=" + rows + " in=" + in + " out=" + out + " bias=" + withBias + " seed=" + seed
                                + " threads=" + threads + " input " + q;
                        float[] want = EventDrivenLinearTest.reference(Tensor.wrap(w.dense.data, out, in),
                                b == null ? null : Tensor.vector(b), x.data(), rows);
                        Tensor yDense = dense.apply(x);
                        assertBits(want, yDense.data(), what + ": dense layer vs torch's order");
                        Tensor y = sparse.apply(x);
                        assertArrayEquals(yDense.shape(), y.shape(), what + ": shape");
                        assertBits(want, y.data(), what + ": sparse layer, dense input");
                        assertBits(want, sparse.apply(SparseSpikes.fromDenseValues(x)).data(), what + ": scaled SparseSpikes");
                        if (q == 1) {
                            assertBits(want, sparse.apply(SparseSpikes.fromDense(x)).data(), what + ": 0/1 SparseSpikes");
                        }
                        assertBits(dense.applyConstant(x, 3).data(), sparse.applyConstant(x, 3).data(), what + ": applyConstant");
                    }
                }
                assertEquals(before, snapshot(w.csc), "the caller's matrix is never modified (seed " + seed + ")");
            }
        }
    }

    @Test
    void constantSequencesFastNumericsAndSynapsesGiveTheSameBits() {
        Weights w = weights(5, 37, 29, 0.2, true);
        float[] b = NetworkTest.random(6, 0.2f, 37).data();
        Tensor step = EventDrivenLinearTest.sparseInput(new SplittableRandom(7), 0.3, true, 3, 29);
        Tensor x = Tensor.zeros(4, 3, 29); // four equal steps: the constant-sequence path
        for (int t = 0; t < 4; t++) {
            System.arraycopy(step.data(), 0, x.data(), t * 87, 87);
        }
        Linear dense = new Linear(w.dense, b);
        Tensor want = dense.apply(x);
        assertBits(want.data(), Linear.sparse(w.csc, b).apply(x).data(), "seed 5: constant sequence");
        assertBits(want.data(), Linear.sparse(Synapses.of(w.csc), b).apply(x).data(), "seed 5: from Synapses");
        Linear fast = Linear.sparse(w.csc, b);
        fast.setNumerics(Numerics.FAST);
        assertEquals(Numerics.FAST, fast.numerics());
        assertBits(want.data(), fast.apply(x).data(), "seed 5: FAST sums a sparse layer's forward as EXACT does");
    }

    @Test
    void sparseSequencesThroughSequentialStateEqualTheDenseNetwork() {
        int steps = 400, batch = 8, in = 50, hidden = 40; // 3200 rows: several chunks of SequentialState
        Weights w = weights(11, hidden, in, 0.3, false), w2 = weights(13, 7, hidden, 0.4, true);
        float[] b2 = NetworkTest.random(14, 0.1f, 7).data();
        Tensor x = EventDrivenLinearTest.sparseInput(new SplittableRandom(12), 0.2, false, steps, batch, in);
        SparseSpikes ev = SparseSpikes.fromDense(x);
        Tensor want = null, want2 = null;
        for (boolean sparse : new boolean[] {false, true}) {
            for (int threads : new int[] {1, 2}) {
                Linear l = sparse ? Linear.sparse(w.csc, null) : new Linear(w.dense, null);
                SequentialState net = new SequentialState(l, Layer.of(new LIF(LIFParameters.DEFAULT, 0.001)));
                net.setThreads(threads);
                // a second network ending in a Linear (spikes in, any values out) written into an output buffer
                Linear l2 = sparse ? Linear.sparse(w2.csc, b2) : new Linear(w2.dense, b2);
                SequentialState net2 = new SequentialState(sparse ? Linear.sparse(w.csc, null) : new Linear(w.dense, null),
                        Layer.of(new LIF(LIFParameters.DEFAULT, 0.001)), l2);
                net2.setThreads(threads);
                Tensor buffer = Tensor.full(Float.NaN, steps, batch, 7);
                Tensor got2 = net2.forwardSequence(ev, null, buffer).output();
                assertTrue(got2 == buffer, "written into the given output tensor");
                if (want2 == null) {
                    want2 = got2.copy();
                } else {
                    assertBits(want2.data(), got2.data(), "seed 13, sparse=" + sparse + " threads=" + threads + ": two Linears");
                }
                Tensor got = net.forwardSequence(ev, null, null).output();
                String what = "seed 11, sparse=" + sparse + " threads=" + threads;
                if (want == null) {
                    want = got;
                    assertTrue(want.countNonZero() > 0, what + ": the network spikes (the comparison means something)");
                } else {
                    assertBits(want.data(), got.data(), what);
                }
                assertBits(want.data(), net.forwardSequence(x, null).output().data(), what + ": dense input");
            }
        }
    }

    @Test
    void gradientsEqualTheDenseLayersAtTheStoredPositions() {
        int[][] sizes = {{1, 1, 1}, {5, 17, 13}, {9, 1023, 17}, {6, 33, 1023}, {64, 1023, 300}};
        for (int[] s : sizes) {
            int rows = s[0], in = s[1], out = s[2];
            for (Numerics numerics : Numerics.values()) {
                for (int threads : new int[] {1, 2}) {
                    long seed = 7L * rows + 3L * in + out + numerics.ordinal();
                    String what = "rows=" + rows + " in=" + in + " out=" + out + " " + numerics + " threads=" + threads
                            + " seed=" + seed;
                    Weights w = weights(seed, out, in, 0.2, true);
                    float[] b = NetworkTest.random(seed + 1, 0.2f, out).data();
                    Linear dense = new Linear(w.dense, b), sparse = Linear.sparse(w.csc, b);
                    Tensor x1 = EventDrivenLinearTest.sparseInput(new SplittableRandom(seed + 2), 0.3, true, rows, in);
                    Tensor x2 = NetworkTest.random(seed + 3, 1f, rows, in);
                    Tensor g = NetworkTest.random(seed + 4, 1f, 3 * rows, out);
                    for (Linear l : new Linear[] {dense, sparse}) {
                        l.setNumerics(numerics);
                        l.setThreads(threads);
                        l.train(true);
                        l.apply(x1);
                        l.apply(x2);
                        l.applyConstant(x1, 1);
                    }
                    Tensor gxDense = dense.backward(g, true), gxSparse = sparse.backward(g, true);
                    assertArrayEquals(gxDense.shape(), gxSparse.shape(), what);
                    assertBits(gxDense.data(), gxSparse.data(), what + ": input gradient");
                    assertBits(dense.parameters().get(1).grad(), sparse.parameters().get(1).grad(), what + ": bias gradient");
                    float[] gwDense = dense.parameters().get(0).grad(), gwSparse = sparse.parameters().get(0).grad();
                    FMatrixSparseCSC pattern = sparse.sparseWeight();
                    float[] restricted = new float[pattern.nz_length];
                    for (int k = 0; k < in; k++) {
                        for (int p = pattern.col_idx[k]; p < pattern.col_idx[k + 1]; p++) {
                            restricted[p] = gwDense[pattern.nz_rows[p] * in + k];
                        }
                    }
                    assertBits(restricted, gwSparse, what + ": weight gradient at the stored positions");
                    if (rows * in > 4) {
                        assertTrue(java.util.stream.IntStream.range(0, restricted.length).anyMatch(p -> restricted[p] != 0f),
                                what + ": some gradient is nonzero");
                    }
                }
            }
        }
    }

    @Test
    void constantStepsGradientSummedOrNotEqualsTheDenseLayers() {
        Weights w = weights(21, 9, 14, 0.3, false);
        Tensor x = EventDrivenLinearTest.sparseInput(new SplittableRandom(22), 0.4, true, 2, 14);
        for (boolean summed : new boolean[] {false, true}) {
            Linear dense = new Linear(w.dense, null), sparse = Linear.sparse(w.csc, null);
            Tensor g = NetworkTest.random(23, 1f, summed ? new int[] {2, 9} : new int[] {5, 2, 9});
            Tensor[] gx = new Tensor[2];
            int q = 0;
            for (Linear l : new Linear[] {dense, sparse}) {
                l.train(true);
                l.applyConstant(x, 5);
                gx[q++] = l.backward(g, true);
            }
            assertArrayEquals(gx[0].shape(), gx[1].shape(), "summed=" + summed);
            assertBits(gx[0].data(), gx[1].data(), "summed=" + summed + ": input gradient");
            FMatrixSparseCSC p = sparse.sparseWeight();
            for (int k = 0; k < 14; k++) {
                for (int e = p.col_idx[k]; e < p.col_idx[k + 1]; e++) {
                    assertEquals(Float.floatToIntBits(dense.parameters().get(0).grad()[p.nz_rows[e] * 14 + k]),
                            Float.floatToIntBits(sparse.parameters().get(0).grad()[e]), "summed=" + summed + " element " + e);
                }
            }
        }
    }

    @Test
    void anOptimizerChangingTheStoredWeightsChangesTheOutputs() {
        Weights w = weights(31, 6, 8, 0.5, false);
        Linear sparse = Linear.sparse(w.csc, null);
        Parameter weight = sparse.parameters().get(0);
        assertArrayEquals(new int[] {w.csc.nz_length}, weight.shape(), "the weight parameter holds the stored weights");
        Tensor x = NetworkTest.random(32, 1f, 2, 8);
        float[] before = sparse.apply(x).data();
        for (int p = 0; p < weight.size(); p++) {
            weight.data()[p] += 0.25f;
        }
        weight.changed();
        float[] after = sparse.apply(x).data();
        assertNotEquals(java.util.Arrays.toString(before), java.util.Arrays.toString(after));
        assertBits(new Linear(sparse.weight(), null).apply(x).data(), after, "seed 31: updated weights in place");
        int k = firstStoredColumn(w.csc);
        assertEquals(0.25f, sparse.weight().get(w.csc.nz_rows[0], k) - w.dense.get(w.csc.nz_rows[0], k), 1e-6f);
    }

    /** The README's example (notes/linear-readme.md), verbatim apart from the assertions. */
    @Test
    void readmeExample() {
        FMatrixSparseCSC w = new FMatrixSparseCSC(3, 4);    // (out_features, in_features): column k is input k's fan-out
        w.set(0, 1, 0.5f);                                   // W[0][1]: from input 1 to output 0
        w.set(2, 1, -1f);
        w.set(1, 3, 2f);
        Linear sparse = Linear.sparse(w, new float[] {0.1f, 0f, 0f});          // checked and copied, as the bias
        Tensor y = sparse.apply(Tensor.wrap(new float[] {0, 1, 0, 1}, 1, 4));  // (1, 3): 0.6, 2, -1
        SparseSpikes s = SparseSpikes.fromIndices(new int[] {1, 4}, new int[][] {{1, 3}});  // the same input as events
        Tensor ys = sparse.apply(s);                                            // the same bits
        Linear dense = new Linear(sparse.weight(), sparse.bias());              // weight(): a dense copy; the same bits too
        System.out.println(sparse + " " + java.util.Arrays.toString(y.data()));

        assertArrayEquals(new float[] {0.6f, 2f, -1f}, y.data());
        assertBits(y.data(), ys.data(), "README: events");
        assertBits(y.data(), dense.apply(Tensor.wrap(new float[] {0, 1, 0, 1}, 1, 4)).data(), "README: dense");
        assertEquals("Linear(in_features=4, out_features=3, bias=True, sparse=3 weights)", sparse.toString());
    }

    @Test
    void accessorsAndToStringDescribeTheSparseLayer() {
        Weights w = weights(41, 5, 7, 0.4, true);
        Linear sparse = Linear.sparse(w.csc, new float[5]);
        assertTrue(sparse.isSparse());
        assertEquals(false, new Linear(w.dense, null).isSparse());
        assertNull(new Linear(w.dense, null).sparseWeight());
        assertEquals(7, sparse.inFeatures());
        assertEquals(5, sparse.outFeatures());
        assertArrayEquals(w.dense.data, sparse.weight().data, "weight(): the dense copy");
        FMatrixSparseCSC copy = sparse.sparseWeight();
        assertEquals(w.csc.nz_length, copy.nz_length);
        for (int k = 0; k < 7; k++) {
            for (int p = copy.col_idx[k] + 1; p < copy.col_idx[k + 1]; p++) {
                assertTrue(copy.nz_rows[p - 1] < copy.nz_rows[p], "targets ascending in column " + k);
            }
        }
        copy.nz_values[0] = 100f; // a copy: the layer does not change
        assertEquals(w.csc.get(copy.nz_rows[0], firstStoredColumn(copy)), sparse.sparseWeight().nz_values[0]);
        assertEquals("Linear(in_features=7, out_features=5, bias=True, sparse=" + w.csc.nz_length + " weights)",
                sparse.toString());
        assertEquals(2, sparse.parameters().size());
        assertTrue(new SequentialState(sparse).toString().contains("sparse="));
    }

    private static int firstStoredColumn(FMatrixSparseCSC m) {
        int k = 0;
        while (m.col_idx[k + 1] == 0) {
            k++;
        }
        return k;
    }

    @Test
    void badWeightsAreRejectedNamingTheProblemAndLeaveTheMatrixAlone() {
        Weights w = weights(51, 4, 6, 0.5, false);
        String before = snapshot(w.csc);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Linear.sparse(w.csc, new float[3]));
        assertTrue(e.getMessage().contains("bias has 3 values, expected out_features = 4"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Linear.sparse(w.csc, new float[] {0, 0, Float.NaN, 0}));
        assertTrue(e.getMessage().contains("non-finite"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Linear.sparse((FMatrixSparseCSC) null, null));
        assertTrue(e.getMessage().contains("weight is null"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Linear.sparse((Synapses) null, null));
        assertTrue(e.getMessage().contains("weight is null"), e.getMessage());
        assertEquals(before, snapshot(w.csc));

        for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
            FMatrixSparseCSC m = w.csc.copy();
            m.nz_values[m.nz_length - 1] = bad;
            String b = snapshot(m);
            e = assertThrows(IllegalArgumentException.class, () -> Linear.sparse(m, null));
            assertTrue(e.getMessage().contains("non-finite weight " + bad), e.getMessage());
            assertEquals(b, snapshot(m), "a rejected matrix is not modified");
        }
        FMatrixSparseCSC out = w.csc.copy();
        out.nz_rows[0] = 4; // row 4 of a 4-row matrix
        e = assertThrows(IllegalArgumentException.class, () -> Linear.sparse(out, null));
        assertTrue(e.getMessage().contains("target 4, outside [0, 4)"), e.getMessage());
        FMatrixSparseCSC broken = w.csc.copy();
        broken.col_idx[6] = broken.nz_length + 1;
        e = assertThrows(IllegalArgumentException.class, () -> Linear.sparse(broken, null));
        assertTrue(e.getMessage().contains("column structure"), e.getMessage());
        int[] delays = new int[w.csc.nz_length];
        java.util.Arrays.fill(delays, 2);
        e = assertThrows(IllegalArgumentException.class, () -> Linear.sparse(new Synapses(w.csc, delays), null));
        assertTrue(e.getMessage().contains("a Linear has no delays"), e.getMessage());

        Linear l = Linear.sparse(w.csc, null);
        e = assertThrows(IllegalArgumentException.class, () -> l.apply(Tensor.zeros(2, 5)));
        assertTrue(e.getMessage().contains("in_features = 6"), e.getMessage());
        SparseSpikes wide = SparseSpikes.fromIndices(new int[] {1, 7}, new int[][] {{6}});
        e = assertThrows(IllegalArgumentException.class, () -> l.apply(wide));
        assertTrue(e.getMessage().contains("in_features = 6"), e.getMessage());
    }
}
