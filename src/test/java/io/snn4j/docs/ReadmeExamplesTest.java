package io.snn4j.docs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snn4j.functional.LIFFeedForwardState;
import io.snn4j.functional.LIFParameters;
import io.snn4j.functional.Param;
import io.snn4j.functional.LIFState;
import io.snn4j.module.Gradients;
import io.snn4j.module.LIF;
import io.snn4j.module.LIFRecurrent;
import io.snn4j.module.RecurrentOptions;
import io.snn4j.module.SparseResult;
import io.snn4j.tensor.SparseSpikes;
import org.ejml.data.FMatrixRMaj;
import io.snn4j.module.SequenceResult;
import io.snn4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The README's examples, verbatim apart from the assertions, so that they keep compiling and working. */
class ReadmeExamplesTest {

    @Test
    void lifSequenceExample() {
        // 100 time steps, batch 8, 512 neurons, constant input current 1.5 (time-first, as in Norse)
        Tensor x = Tensor.full(1.5f, 100, 8, 512);
        LIFParameters p = LIFParameters.DEFAULT.withVTh(Param.of(1.2f));   // Norse's field names and defaults
        LIF lif = new LIF(p, 0.001);                                          // dt = 1 ms
        lif.setThreads(4);                                                    // same result for any thread count
        SequenceResult<LIFFeedForwardState> r = lif.forward(x);               // state null: v = v_leak, i = 0
        Tensor spikes = r.output();                                           // (100, 8, 512) of 0/1
        LIFFeedForwardState s = r.state();                                    // s.v, s.i: flat float[8 * 512]
        System.out.println(lif + " fired " + spikes.countNonZero() + " spikes");

        assertArrayEquals(new int[] {100, 8, 512}, spikes.shape());
        assertTrue(spikes.countNonZero() > 0);
        assertTrue(s.v.length == 8 * 512);
    }

    /** The README example as proposed in the performance notes: the output buffer reused across runs. */
    @Test
    void lifSequenceExampleWithOutputBuffer() {
        // 100 time steps, batch 8, 512 neurons, constant input current 1.5 (time-first, as in Norse)
        Tensor x = Tensor.full(1.5f, 100, 8, 512);
        LIFParameters p = LIFParameters.DEFAULT.withVTh(Param.of(1.2f));   // Norse's field names and defaults
        LIF lif = new LIF(p, 0.001);                                          // dt = 1 ms
        lif.setThreads(4);                                                    // same result for any thread count
        Tensor spikes = Tensor.zeros(100, 8, 512);                            // the output buffer, reused below
        SequenceResult<LIFFeedForwardState> r = lif.forward(x, null, spikes); // state null: v = v_leak, i = 0
        LIFFeedForwardState s = r.state();                                    // s.v, s.i: flat float[8 * 512]
        System.out.println(lif + " fired " + spikes.countNonZero() + " spikes");
        lif.forward(x, s, spikes);                                            // the next 100 steps from s, same buffer

        assertTrue(r.output() == spikes);
        assertTrue(spikes.countNonZero() > 0);
        assertTrue(s.v.length == 8 * 512);
    }

    /** The performance notes' example of Norse's benchmark workload, at a small size. */
    @Test
    void norseWorkloadExample() {
        int steps = 50, batch = 4, n = 100;
        io.snn4j.internal.SeededRandom rnd = new io.snn4j.internal.SeededRandom(1);
        Tensor poisson = Tensor.zeros(steps, batch, n);
        for (int k = 0; k < poisson.size(); k++) {
            poisson.data()[k] = rnd.nextDouble() < 0.3 ? 1f : 0f;
        }
        // Linear(n, n, bias=False) -> LIF, as Norse's benchmark; the input as spikes
        io.snn4j.nn.SequentialState net = new io.snn4j.nn.SequentialState(io.snn4j.nn.Linear.initialized(n, n, false, 1),
                io.snn4j.nn.Layer.of(new LIF(LIFParameters.DEFAULT, 0.001)));
        SparseSpikes in = SparseSpikes.fromDense(poisson);                 // (T, B, n) 0/1 -> active indices
        Tensor out = Tensor.zeros(steps, batch, n);                       // reused by every run
        io.snn4j.nn.SequentialState.Result res = net.forwardSequence(in, null, out);
        // graded input: SparseSpikes.fromDenseValues(x) keeps each nonzero value (v * W[j][k] per event)

        assertTrue(res.output() == out);
        assertTrue(out.equals(net.forwardSequence(poisson, null).output()));
        assertTrue(out.countNonZero() > 0);
    }

    @Test
    void recurrentAndSparseExample() {
        FMatrixRMaj wRec = new FMatrixRMaj(64, 64);                  // (hidden, hidden), W[j][k]: from k to j
        LIFRecurrent layer = new LIFRecurrent(16, 64, LIFParameters.DEFAULT, RecurrentOptions.DEFAULT
                .withSeed(42)                                       // default input weights: N(0, 2/hidden), reproducible
                .withRecurrentWeights(wRec)                         // copied; the diagonal of the copy is zeroed
                .withAutapses(false));                              // (Norse zeroes your tensor in place)
        SequenceResult<LIFState> r = layer.forward(Tensor.full(0.5f, 100, 8, 16));   // (T, B, N_in) -> (T, B, H)

        // Spike input as active indices takes the event-driven path: only the columns of active inputs are added.
        SparseSpikes in = SparseSpikes.fromIndices(new int[] {2, 1, 16}, new int[][] {{0, 3, 7}, {5}});  // (T=2, B=1, 16)
        SparseResult<LIFState> s = layer.forwardSparse(in, null);  // output spikes as indices, too
        int[] firedAtStep0 = s.output().indices(0);

        assertArrayEquals(new int[] {100, 8, 64}, r.output().shape());
        assertArrayEquals(new int[] {2, 1, 64}, s.output().shape());
        assertTrue(firedAtStep0.length <= 64);
    }

    @Test
    void trainingModeExample() {
        Tensor x = Tensor.full(0.8f, 50, 4, 16);
        Tensor dLossDz = Tensor.full(1f, 50, 4, 16);
        LIF lif = new LIF(LIFParameters.DEFAULT.withMethod("tanh", Param.of(10f)), 0.001);  // method/alpha: the surrogate
        lif.train(true);                                   // Norse's module.train()
        SequenceResult<LIFFeedForwardState> r = lif.forward(x);          // (T, B, N), recorded
        Gradients<LIFFeedForwardState> g = lif.backward(dLossDz, null);  // dLoss/dOutput (T, B, N); final state: none
        Tensor dx = g.input();                             // dLoss/dx, (T, B, N)
        float[] dv0 = g.initialState().v;                  // dLoss/dv at t = 0
        Tensor dTau = g.parameters().get("tau_mem_inv");   // neuron parameters: (N) if per-neuron, () if scalar

        assertTrue(r.output().countNonZero() > 0);
        assertArrayEquals(new int[] {50, 4, 16}, g.input().shape());
        assertTrue(dx.countNonZero() > 0);
        assertTrue(dv0.length == 4 * 16);
        assertArrayEquals(new int[] {}, dTau.shape());
    }

    @Test
    void deployANorseModelExample() throws Exception {
        java.nio.file.Path dir = java.nio.file.Path.of(getClass().getResource("/digits/model.json").toURI()).getParent();
        io.snn4j.io.LoadedModel m = io.snn4j.io.ModelLoader.load(dir.resolve("model.json"), dir.resolve("digits.safetensors"));
        Tensor x = io.snn4j.io.NumPy.readNpy(dir.resolve("test_inputs.npy")).toTensor();   // (360, 64): pixel / 16
        Tensor seq = Tensor.zeros(32, 360, 64);                             // the same current at each of 32 steps
        for (int t = 0; t < 32; t++) seq.step(t).copyFrom(x);
        Tensor v = m.network().run(seq, null).output();                     // (32, 360, 10): LI voltages
        assertArrayEquals(new int[] {32, 360, 10}, v.shape());
    }
}
