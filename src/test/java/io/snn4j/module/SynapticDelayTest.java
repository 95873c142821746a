package io.snn4j.module;

import static io.snn4j.module.SparseWeightsTest.assertBits;
import static io.snn4j.module.SparseWeightsTest.csc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snn4j.functional.LIFParameters;
import io.snn4j.functional.LIFState;
import io.snn4j.tensor.SparseSpikes;
import io.snn4j.tensor.Tensor;
import org.ejml.data.FMatrixRMaj;
import org.ejml.data.FMatrixSparseCSC;
import org.junit.jupiter.api.Test;

/**
 * Synaptic delays: a spike of step t reaches its targets at step t + d. Checked against a hand-computed
 * input: the same network without recurrent weights, fed the source neurons' spike trains shifted by the
 * delays through input weights, must give the targets the same currents and spikes bit for bit; for a
 * delay per projection (dense and sparse weights) and per synapse, in one call or several, stepping a cell
 * or running a sequence.
 */
class SynapticDelayTest {
    static final int T = 60;
    static final float W01 = 0.9f, W02 = 0.5f, W12 = 0.7f;

    /** Neuron 0 is driven by input channel 0 and fires regularly; 1 and 2 only hear the network. */
    static Tensor drive() {
        Tensor x = Tensor.zeros(T, 1, 1);
        for (int t = 0; t < T; t++) {
            x.data()[t] = 2.5f;
        }
        return x;
    }

    static FMatrixRMaj recurrent() {
        FMatrixRMaj w = new FMatrixRMaj(3, 3);
        w.set(1, 0, W01);
        w.set(2, 0, W02);
        w.set(2, 1, W12);
        return w;
    }

    static FMatrixRMaj inputToNeuron0() {
        FMatrixRMaj w = new FMatrixRMaj(3, 1);
        w.set(0, 0, 1f);
        return w;
    }

    /** Neuron {@code j}'s spike train from a (T, 1, H) output. */
    static float[] train(Tensor out, int j) {
        float[] z = new float[T];
        for (int t = 0; t < T; t++) {
            z[t] = out.data()[t * out.dim(2) + j];
        }
        return z;
    }

    /**
     * The reference: no recurrent weights; input channel 0 drives neuron 0, and every synapse k -> j with
     * delay d becomes an input channel carrying z_k(t - d), by hand, with the synapse's weight to j.
     */
    static io.snn4j.module.SequenceResult<LIFState> reference(float[] z0, float[] z1, int d01, int d02, int d12) {
        Tensor x = Tensor.zeros(T, 1, 4);
        FMatrixRMaj win = new FMatrixRMaj(3, 4);
        win.set(0, 0, 1f);
        win.set(1, 1, W01);
        win.set(2, 2, W02);
        win.set(2, 3, W12);
        for (int t = 0; t < T; t++) {
            x.data()[t * 4] = 2.5f;
            x.data()[t * 4 + 1] = t >= d01 ? z0[t - d01] : 0f;
            x.data()[t * 4 + 2] = t >= d02 ? z0[t - d02] : 0f;
            x.data()[t * 4 + 3] = t >= d12 ? z1[t - d12] : 0f;
        }
        LIFRecurrent ref = new LIFRecurrent(4, 3, LIFParameters.DEFAULT, RecurrentOptions.DEFAULT.withInputWeights(win)
                .withRecurrentWeights(new FMatrixRMaj(3, 3)).withRecordStates(true));
        return ref.forward(x);
    }

    static void assertLike(SequenceResult<LIFState> want, SequenceResult<LIFState> got, String what) {
        assertBits(want.output().data(), got.output().data(), what + " spikes");
        assertBits(want.recorded().i, got.recorded().i, what + " recorded i");
        assertBits(want.recorded().v, got.recorded().v, what + " recorded v");
    }

    @Test
    void projectionDelayShiftsTheInputByHand() {
        for (int d : new int[] {1, 2, 5}) {
            RecurrentOptions o = RecurrentOptions.DEFAULT.withInputWeights(inputToNeuron0()).withRecordStates(true)
                    .withRecurrentDelay(d);
            SequenceResult<LIFState> dense = new LIFRecurrent(1, 3, LIFParameters.DEFAULT, o.withRecurrentWeights(recurrent()))
                    .forward(drive());
            SequenceResult<LIFState> sparse = new LIFRecurrent(1, 3, LIFParameters.DEFAULT,
                    o.withRecurrentWeights(csc(recurrent(), false))).forward(drive());
            float[] z0 = train(dense.output(), 0), z1 = train(dense.output(), 1);
            int first0 = firstSpike(z0), first1 = firstSpike(z1);
            assertTrue(first0 >= 0 && first1 > first0 + d - 1, "delay " + d + ": neuron 0 fires at " + first0 + ", 1 at "
                    + first1);
            SequenceResult<LIFState> want = reference(z0, z1, d, d, d);
            assertLike(want, dense, "dense delay " + d);
            assertLike(want, sparse, "sparse delay " + d);
            assertTrue(train(dense.output(), 2)[T - 1] >= 0);
        }
    }

    @Test
    void perSynapseDelaysShiftEachSynapse() {
        int d01 = 3, d02 = 2, d12 = 4;
        FMatrixSparseCSC w = csc(recurrent(), false); // column order: (1,0), (2,0), (2,1)
        Synapses syn = new Synapses(w, new int[] {d01, d02, d12});
        assertEquals(4, syn.maxDelay());
        RecurrentOptions o = RecurrentOptions.DEFAULT.withInputWeights(inputToNeuron0()).withRecordStates(true)
                .withRecurrentWeights(syn);
        LIFRecurrent m = new LIFRecurrent(1, 3, LIFParameters.DEFAULT, o);
        SequenceResult<LIFState> got = m.forward(drive());
        float[] z0 = train(got.output(), 0), z1 = train(got.output(), 1);
        assertTrue(firstSpike(train(got.output(), 2)) >= 0, "neuron 2 fires");
        assertLike(reference(z0, z1, d01, d02, d12), got, "per-synapse delays");

        // the same run in three calls (the state carries what is on its way), and stepped by a cell
        LIFRecurrent again = new LIFRecurrent(1, 3, LIFParameters.DEFAULT, o.withRecordStates(false));
        LIFState s = null;
        Tensor x = drive();
        float[] out = new float[T * 3];
        int[] cuts = {0, 7, 8, T};
        for (int k = 0; k + 1 < cuts.length; k++) {
            Tensor part = Tensor.zeros(cuts[k + 1] - cuts[k], 1, 1);
            System.arraycopy(x.data(), cuts[k], part.data(), 0, part.size());
            SequenceResult<LIFState> r = again.forward(part, s == null ? null : s.copy());
            System.arraycopy(r.output().data(), 0, out, cuts[k] * 3, r.output().size());
            s = r.state();
            assertNotNull(s.delayLine(), "the state keeps the input on its way");
        }
        assertBits(got.output().data(), out, "three calls");
        LIFRecurrentCell cell = new LIFRecurrentCell(1, 3, LIFParameters.DEFAULT, o);
        LIFState cs = null;
        for (int t = 0; t < T; t++) {
            StepResult<LIFState> r = t % 2 == 0 ? cell.forward(x.step(t).copy(), cs)
                    : cell.forward(SparseSpikes.fromDenseValues(x.step(t).copy()), cs);
            assertBits(got.output().step(t).copy().data(), r.output().data(), "cell step " + t);
            cs = r.state();
        }
    }

    @Test
    void stateFromAnotherDelayIsRejected() {
        RecurrentOptions o = RecurrentOptions.DEFAULT.withInputWeights(inputToNeuron0()).withRecurrentWeights(recurrent());
        LIFState s = new LIFRecurrent(1, 3, LIFParameters.DEFAULT, o.withRecurrentDelay(3)).forward(drive()).state();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new LIFRecurrent(1, 3, LIFParameters.DEFAULT, o.withRecurrentDelay(2)).forward(drive(), s));
        assertTrue(e.getMessage().contains("holds 3 steps") && e.getMessage().contains("longest delay is 2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new LIFRecurrent(1, 3, LIFParameters.DEFAULT, o)
                .forward(drive(), s));
        assertTrue(e.getMessage().contains("no delay beyond one step"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new LIFRecurrent(1, 3, LIFParameters.DEFAULT,
                o.withRecurrentDelay(2)).train(true));
        assertTrue(e.getMessage().contains("delays"), e.getMessage());
    }

    static int firstSpike(float[] z) {
        for (int t = 0; t < z.length; t++) {
            if (z[t] != 0f) {
                return t;
            }
        }
        return -1;
    }
}
