package io.snn4j.module;

import static io.snn4j.module.BadInputTest.rejects;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snn4j.functional.*;
import io.snn4j.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ejml.data.FMatrixRMaj;
import org.junit.jupiter.api.Test;

/** Norse's literal test vectors, the fixed bugs, per-neuron parameters and bad parameters of the zoo. */
class ModelZooTest {

    @Test
    void lifBoxFromTenSpikesAndResets() {
        LIFBoxFeedForwardState s = new LIFBoxFeedForwardState(1);
        s.v[0] = 10f;
        StepResult<LIFBoxFeedForwardState> r = new LIFBoxCell().forward(Tensor.zeros(1), s);
        assertEquals(1f, r.output().get(0), "v1 = 10 + 0.1 * (0 - 10) = 9 is above threshold");
        assertEquals(0f, s.v[0]);
        // reset_subtract keeps the excess: 9 - 1 = 8
        LIFBoxFeedForwardState t = new LIFBoxFeedForwardState(1);
        t.v[0] = 10f;
        new LIFBoxCell(LIFBoxParameters.DEFAULT.withResetMethod("reset_subtract"), 0.001).forward(Tensor.zeros(1), t);
        assertEquals(8f, t.v[0], 1e-6);
    }

    @Test
    void liBoxSettlesAtOne() {
        // with dt * tau_mem_inv = 1 the voltage reaches exactly 1 at once and stays
        SequenceResult<LIBoxState> exact = new LIBox(LIBoxParameters.DEFAULT.withTauMemInv(Param.of(1000f)), 0.001, false)
                .forward(Tensor.ones(5, 1));
        for (int t = 0; t < 5; t++) {
            assertEquals(1f, exact.output().get(t, 0));
        }
        // with the defaults it settles on float32's fixed point next to 1 (Norse's numbers: the same)
        SequenceResult<LIBoxState> r = new LIBox().forward(Tensor.ones(300, 1));
        assertEquals(0.99999976f, r.state().v[0]);
        assertEquals(r.output().get(298, 0), r.output().get(299, 0), "settled");
    }

    @Test
    void lsnnInputArrivesOneStepLateAndAccumulatesTo1Point8() {
        LSNNCell cell = new LSNNCell();
        LSNNFeedForwardState s = null;
        for (int t = 0; t < 2; t++) {
            s = cell.forward(Tensor.ones(1), s).state();
            if (t == 0) {
                assertEquals(0f, s.v[0], "the first step's input has not reached v yet");
            }
        }
        assertEquals(1.8f, s.i[0], 1e-6);
        assertEquals(1f, s.b[0], 1e-6, "b starts at v_th");
    }

    @Test
    void refractoryNeuronSpikesAtSteps1And7And13() {
        SequenceResult<LIFRefracFeedForwardState> r = new SNN<>("LIFRefrac", LIFRefracModel.FEED_FORWARD,
                LIFRefracModel::feedForwardState, LIFRefracParameters.DEFAULT, 0.001, false).forward(Tensor.full(6f, 20, 1));
        List<Integer> spikes = new ArrayList<>();
        for (int t = 0; t < 20; t++) {
            if (r.output().get(t, 0) == 1f) {
                spikes.add(t);
            }
        }
        assertEquals(List.of(1, 7, 13, 19), spikes);
    }

    @Test
    void iafReachesExactlyOneWithoutSpiking() {
        StepResult<IAFFeedForwardState> r = new IAFCell().forward(Tensor.ones(1));
        assertEquals(1f, r.state().v[0]);
        assertEquals(0f, r.output().get(0), "v = v_th exactly does not spike (strict >)");
        assertEquals(1f, new IAFCell().forward(Tensor.ones(1), r.state()).output().get(0));
    }

    @Test
    void izhikevichPresetsHaveNorsesInitialStates() {
        assertEquals(20, IzhikevichSpikingBehavior.PRESETS.size());
        Object[][] table = {{"tonic_spiking", -70f, -14f}, {"class_1_exc", -60f, 6f}, {"class_2_exc", -64f, -16.639999389648438f},
            {"subthreshold_oscillation", -62f, -16.119998931884766f}, {"resonator", -62f, -16.119998931884766f},
            {"bistability", -61f, -15.859999656677246f}, {"accomodation", -65f, -16f},
            {"inhibition_induced_spiking", -63.8f, 63.8f}, {"inhibition_induced_bursting", -63.8f, 63.8f},
            {"dap", -70f, -14f}, {"phasic_bursting", -64f, -16f}};
        for (Object[] row : table) {
            IzhikevichSpikingBehavior b = IzhikevichSpikingBehavior.preset((String) row[0]);
            assertEquals((float) row[1], b.v0(), row[0] + " v0");
            assertEquals((float) row[2], b.u0(), row[0] + " u0");
        }
        assertEquals(200.0, IzhikevichSpikingBehavior.preset("phasic_bursting").p().tauInv().atDouble(0));
        assertEquals(4.1, IzhikevichSpikingBehavior.preset("integrator").p().mn().atDouble(0));
        rejects(() -> IzhikevichSpikingBehavior.preset("tonic"), "unknown", "tonic_spiking");
        // tonic spiking under constant drive fires repeatedly
        SequenceResult<IzhikevichState> r = new Izhikevich(IzhikevichSpikingBehavior.TONIC_SPIKING).forward(Tensor.full(10f, 400, 1));
        assertTrue(r.output().countNonZero() >= 3, "spikes: " + r.output().countNonZero());
    }

    @Test
    void cobaLifFixedModeLetsInputInAndStartsAtRest() {
        FMatrixRMaj win = new FMatrixRMaj(2, 1, true, 5f, 5f);
        RecurrentOptions o = RecurrentOptions.DEFAULT.withInputWeights(win).withRecurrentWeights(new FMatrixRMaj(2, 2));
        CobaLIFCell fixed = new CobaLIFCell(1, 2, CobaLIFParameters.DEFAULT, o, Compatibility.FIXED);
        CobaLIFCell norse = new CobaLIFCell(1, 2, CobaLIFParameters.DEFAULT, o, Compatibility.NORSE);
        assertEquals(-20f, fixed.defaultState(new int[] {1, 2}).v[0], "v starts at v_rest");
        assertEquals(0f, norse.defaultState(new int[] {1, 2}).v[0], "Norse's cell starts at v = 0");
        StepResult<CobaLIFState> f = fixed.forward(Tensor.ones(1, 1));
        StepResult<CobaLIFState> n = norse.forward(Tensor.ones(1, 1));
        assertTrue(f.state().gE[0] > 0f, "the input raises the excitatory conductance");
        assertEquals(0f, n.state().gE[0], "Norse's step ignores the input");
        assertEquals("CobaLIFCell()", fixed.toString());
    }

    @Test
    void adexRefracAdaptsOnEmittedSpikesOnlyWhenFixed() {
        LIFAdExRefracFeedForwardState a = new LIFAdExRefracFeedForwardState(1), b = new LIFAdExRefracFeedForwardState(1);
        for (LIFAdExRefracFeedForwardState s : new LIFAdExRefracFeedForwardState[] {a, b}) {
            s.v[0] = 5f;      // far above threshold
            s.rho[0] = 3f;    // but refractory
        }
        StepResult<LIFAdExRefracFeedForwardState> fixed = new LIFAdExRefracCell(LIFAdExRefracParameters.DEFAULT, 0.001,
                Compatibility.FIXED).forward(Tensor.zeros(1), a);
        StepResult<LIFAdExRefracFeedForwardState> norse = new LIFAdExRefracCell(LIFAdExRefracParameters.DEFAULT, 0.001,
                Compatibility.NORSE).forward(Tensor.zeros(1), b);
        assertEquals(0f, fixed.output().get(0));
        assertEquals(0f, norse.output().get(0), "both suppress the spike");
        assertEquals(0.02f, norse.state().a[0] - fixed.state().a[0], 1e-6, "only Norse adds adaptation_spike");
        assertEquals(5f, fixed.state().v[0], "the voltage is held while refractory");
    }

    @Test
    void mcRefracFixedModeScalesCouplingByDtAndSuppressesSpikes() {
        int h = 2;
        FMatrixRMaj g = new FMatrixRMaj(h, h, true, 0f, 100f, 100f, 0f);
        RecurrentOptions o = RecurrentOptions.DEFAULT.withInputWeights(new FMatrixRMaj(h, 1)).withRecurrentWeights(new FMatrixRMaj(h, h));
        LIFMCRefracRecurrentCell norse = new LIFMCRefracRecurrentCell(1, h, LIFRefracParameters.DEFAULT, o, g, Compatibility.NORSE);
        LIFMCRefracRecurrentCell fixed = new LIFMCRefracRecurrentCell(1, h, LIFRefracParameters.DEFAULT, o, g, Compatibility.FIXED);
        LIFRefracState s1 = new LIFRefracState(1, h), s2 = new LIFRefracState(1, h);
        for (LIFRefracState s : new LIFRefracState[] {s1, s2}) {
            s.v[0] = 0.01f;
            s.v[1] = 0.5f;
            s.rho[0] = 2f;   // neuron 0 refractory
        }
        Tensor zn = norse.forward(Tensor.zeros(1, 1), s1).output();
        Tensor zf = fixed.forward(Tensor.zeros(1, 1), s2).output();
        // Norse: neuron 0 gets the full coupling 100 * 0.5 = 50 and spikes although refractory
        assertEquals(1f, zn.get(0, 0));
        // fixed: the coupling is 0.001 * 50 = 0.05, and a refractory neuron does not spike anyway
        assertEquals(0f, zf.get(0, 0));
        assertEquals(0.01f + 0.05f, s2.v[0], 1e-6);
    }

    @Test
    void perNeuronParametersWorkWhereNorsesDefaultStateFails() {
        // Norse's LSNN needs a scalar v_th for its default b, and LIFEx/LIFAdEx a scalar v_leak; snn4j broadcasts.
        LSNNParameters lp = LSNNParameters.DEFAULT.withVTh(Param.of(1f, 2f, 3f));
        SequenceResult<LSNNFeedForwardState> r = new LSNN(lp, 0.001, false).forward(Tensor.zeros(3, 2, 3));
        assertArrayEquals(new float[] {1f, 2f, 3f, 1f, 2f, 3f}, r.state().b, 1e-5f);
        LIFExParameters ep = LIFExParameters.DEFAULT.withVLeak(Param.of(0.1f, 0.2f));
        assertArrayEquals(new float[] {0.1f, 0.2f}, new LIFEx(ep, 0.001).defaultState(new int[] {1, 2}).v);
        LIFAdExParameters ap = LIFAdExParameters.DEFAULT.withVLeak(Param.of(0.1f, 0.2f));
        assertArrayEquals(new float[] {0.1f, 0.2f}, new LIFAdExRecurrent(3, 2, ap, RecurrentOptions.DEFAULT)
                .defaultState(new int[] {2}).v);
        // per-neuron and scalar parameters give the same numbers when the values agree
        Tensor x = LIFModuleTest.randomInput(5, 30, 2, 3);
        IzhikevichParameters scalar = IzhikevichSpikingBehavior.TONIC_SPIKING.p();
        IzhikevichParameters perNeuron = scalar.withA(Param.numbers(0.02, 0.02, 0.02)).withD(Param.numbers(6, 6, 6));
        SequenceResult<IzhikevichState> one = new Izhikevich(IzhikevichSpikingBehavior.TONIC_SPIKING).forward(x);
        SequenceResult<IzhikevichState> two = new Izhikevich(new IzhikevichSpikingBehavior(perNeuron, -70f, -14f)).forward(x);
        assertEquals(one.output(), two.output());
        assertArrayEquals(one.state().u, two.state().u);
    }

    @Test
    void badParametersAreRejected() {
        rejects(() -> LIFBoxParameters.DEFAULT.withTauMemInv(Param.of(-1f)), "LIFBoxParameters.tau_mem_inv");
        rejects(() -> LIFBoxParameters.DEFAULT.withResetMethod("reset_to_zero"), "reset_method");
        rejects(() -> LIBoxParameters.DEFAULT.withVLeak(Param.of(Float.NaN)), "LIBoxParameters.v_leak");
        rejects(() -> IAFParameters.DEFAULT.withMethod("nope"), "IAFParameters.method");
        rejects(() -> LSNNParameters.DEFAULT.withTauAdaptInv(Param.of(0f)), "tau_adapt_inv");
        rejects(() -> LIFExParameters.DEFAULT.withDeltaT(Param.of(0f)), "delta_T");
        rejects(() -> LIFAdExParameters.DEFAULT.withTauAdaInv(Param.of(Float.POSITIVE_INFINITY)), "tau_ada_inv");
        rejects(() -> LIFRefracParameters.DEFAULT.withLif(null), "lif");
        rejects(() -> LIFRefracParameters.DEFAULT.withRhoReset(Param.of(Float.NaN)), "rho_reset");
        rejects(() -> IzhikevichParameters.DEFAULT.withTauInv(Param.number(-250)), "tau_inv");
        rejects(() -> CobaLIFParameters.DEFAULT.withCMInv(Param.of(0f)), "c_m_inv");
        rejects(() -> new IzhikevichSpikingBehavior(IzhikevichParameters.DEFAULT, Float.NaN, 0f), "finite");
        rejects(() -> new IzhikevichCell(null), "behaviour");
        rejects(() -> new LIFExCell(LIFExParameters.DEFAULT.withVTh(Param.of(1f, 2f)), 0.001).forward(Tensor.zeros(2, 3)), "v_th", "3");
        rejects(() -> new LSNNRecurrentCell(2, 3).forward(Tensor.zeros(4, 3)), "input_size = 2");
        rejects(() -> new LIFMCRecurrentCell(2, 3, LIFParameters.DEFAULT, RecurrentOptions.DEFAULT, new FMatrixRMaj(2, 3)),
                "g_coupling", "(2, 3)", "(3, 3)");
        rejects(() -> new LILinearCell(2, 3).forward(Tensor.zeros(4, 3)), "input_size = 2");
        rejects(() -> new CobaLIFCell(2, 3).forward(Tensor.zeros(4, 2), new CobaLIFState(5, 3)), "state", "[5, 3]", "[4, 3]");
    }

    @Test
    void reprsReadLikeNorse() {
        assertEquals("LSNNParameters(tau_syn_inv=tensor(200.), tau_mem_inv=tensor(100.), tau_adapt_inv=tensor(0.0012), "
                + "v_leak=tensor(0.), v_th=tensor(1.), v_reset=tensor(0.), beta=tensor(1.8000), method='super', alpha=100.0)",
                LSNNParameters.DEFAULT.toString());
        assertEquals("IzhikevichParameters(a=0.02, b=0.2, c=-65, d=6, sq=0.04, mn=5, bias=140, v_th=30, tau_inv=250, "
                + "method='super', alpha=100.0)", IzhikevichSpikingBehavior.TONIC_SPIKING.p().toString());
        assertTrue(new LIFRefracRecurrent(2, 3).toString().startsWith("LIFRefracRecurrent(input_size=2, hidden_size=3, "
                + "p=LIFRefracParameters(lif=LIFParameters(tau_syn_inv=tensor(200.)"));
    }

    @Test
    void everyFeedForwardModelRunsOnAnySizeAndThreadCountAlike() {
        Tensor x = LIFModuleTest.randomInput(8, 12, 5, 37);
        List<SNN<?, ?>> models = List.of(new LIFBox(), new LIBox(), new IAF(), new LSNN(), new LIFEx(), new LIFAdEx(),
                new Izhikevich(IzhikevichSpikingBehavior.preset("mixed_mode")));
        for (SNN<?, ?> m : models) {
            m.setThreads(1);
            Tensor a = m.forward(x).output();
            m.setThreads(3);
            assertEquals(a, m.forward(x).output(), m.name());
            assertNotEquals(0, Arrays.hashCode(a.toArray()), m.name());
        }
    }

    /**
     * A sequence without recorded states, and forwardConstant, run the fused multi-step kernels (LIF, LI,
     * the box models, IAF, LSNN, refractory LIF, Izhikevich): they give the numbers of the
     * cell stepped one step at a time, and of the recording run, bit for bit: outputs and final state, with
     * scalar and per-neuron parameters, T = 11 (blocks of 4, 4 and 3 steps) and 37 neurons per row.
     */
    @Test
    void fusedSequenceEqualsTheCellSteppedOneStepAtATime() {
        float[] around1 = new float[37], steps = new float[37];
        for (int k = 0; k < 37; k++) {
            around1[k] = 0.6f + 0.7f * ((k * 7) % 37) / 37f;
            steps[k] = 1 + k % 5;
        }
        Param perNeuron = Param.of(around1);
        IzhikevichParameters tonic = IzhikevichSpikingBehavior.TONIC_SPIKING.p();
        // {module, parameters, input scale}
        List<Object[]> cases = List.of(
                new Object[] {"LIF", LIFParameters.DEFAULT, 1f},
                new Object[] {"LIF", LIFParameters.DEFAULT.withVTh(perNeuron), 1f},
                new Object[] {"LI", LIParameters.DEFAULT, 1f},
                new Object[] {"LI", new LIParameters(Param.of(200f), Param.of(100f), perNeuron), 1f},
                new Object[] {"LIFBox", LIFBoxParameters.DEFAULT, 1f},
                new Object[] {"LIFBox", LIFBoxParameters.DEFAULT.withResetMethod("reset_subtract").withVTh(perNeuron), 1f},
                new Object[] {"LIBox", LIBoxParameters.DEFAULT, 1f},
                new Object[] {"LIBox", LIBoxParameters.DEFAULT.withVLeak(perNeuron), 1f},
                new Object[] {"IAF", IAFParameters.DEFAULT.withVTh(Param.of(4f)), 1f},
                new Object[] {"IAF", IAFParameters.DEFAULT.withVTh(perNeuron), 0.2f},
                new Object[] {"LSNN", LSNNParameters.DEFAULT, 1f},
                new Object[] {"LSNN", LSNNParameters.DEFAULT.withVTh(perNeuron), 1f},
                new Object[] {"LIFRefrac", LIFRefracParameters.DEFAULT, 1f},
                new Object[] {"LIFRefrac", LIFRefracParameters.DEFAULT.withRhoReset(Param.of(steps)), 1f},
                new Object[] {"Izhikevich", tonic, 20f},
                new Object[] {"Izhikevich", tonic.withD(perNeuron), 20f});
        Tensor x1 = LIFModuleTest.randomInput(9, 11, 3, 37);
        for (Object[] c : cases) {
            String name = (String) c[0];
            NeuronParameters p = (NeuronParameters) c[1];
            float scale = (Float) c[2];
            String what = name + " " + p;
            Tensor x = Tensor.zeros(x1.shape());
            for (int k = 0; k < x.size(); k++) {
                x.data()[k] = scale * x1.data()[k];
            }
            @SuppressWarnings("unchecked")
            SNN<?, NeuronState> seq = (SNN<?, NeuronState>) sequenceModule(name, p, false);
            @SuppressWarnings("unchecked")
            SNN<?, NeuronState> recording = (SNN<?, NeuronState>) sequenceModule(name, p, true);
            @SuppressWarnings("unchecked")
            SNNCell<?, NeuronState> cell = (SNNCell<?, NeuronState>) cellModule(name, p);
            SequenceResult<NeuronState> fused = seq.forward(x);
            SequenceResult<NeuronState> single = recording.forward(x);
            NeuronState s = null;
            for (int t = 0; t < x.dim(0); t++) {
                StepResult<NeuronState> r = cell.forward(x.step(t), s);
                s = r.state();
                assertBits(r.output().toArray(), fused.output().step(t).toArray(), what + ": output at step " + t);
            }
            assertStateBits(s, fused.state(), what + ": final state");
            assertBits(single.output().toArray(), fused.output().toArray(), what + ": output, recording run");
            assertStateBits(single.state(), fused.state(), what + ": final state, recording run");
            float[] out = fused.output().toArray();
            if (!name.startsWith("LI") || name.startsWith("LIF")) {
                long spikes = fused.output().countNonZero();
                assertTrue(spikes > 0 && spikes < out.length, what + ": spikes and silences, got " + spikes);
            }
            // a constant input (input stride 0) against the cell stepped on that input
            Tensor x0 = x.step(0);
            SequenceResult<NeuronState> constant = seq.forwardConstant(x0, 7, null);
            NeuronState sc = null;
            for (int t = 0; t < 7; t++) {
                StepResult<NeuronState> r = cell.forward(x0, sc);
                sc = r.state();
                assertBits(r.output().toArray(), constant.output().step(t).toArray(), what + ": constant input, step " + t);
            }
            assertStateBits(sc, constant.state(), what + ": constant input, final state");
        }
    }

    private static NeuronModule<?, ?> sequenceModule(String name, NeuronParameters p, boolean record) {
        if (name.equals("Izhikevich")) {
            IzhikevichSpikingBehavior b = IzhikevichSpikingBehavior.TONIC_SPIKING;
            return new Izhikevich(new IzhikevichSpikingBehavior((IzhikevichParameters) p, b.v0(), b.u0()), 0.001, record);
        }
        NeuronModels.Spec spec = NeuronModels.Spec.feedForward(0.001);
        return NeuronModels.get(name).create(p, new NeuronModels.Spec(spec.dt(), record, 0, 0, spec.options(), spec.mode()));
    }

    private static NeuronModule<?, ?> cellModule(String name, NeuronParameters p) {
        if (name.equals("Izhikevich")) {
            IzhikevichSpikingBehavior b = IzhikevichSpikingBehavior.TONIC_SPIKING;
            return new IzhikevichCell(new IzhikevichSpikingBehavior((IzhikevichParameters) p, b.v0(), b.u0()), 0.001);
        }
        return NeuronModels.get(name + "Cell").create(p, NeuronModels.Spec.feedForward(0.001));
    }

    private static void assertBits(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int k = 0; k < expected.length; k++) {
            assertEquals(Float.floatToIntBits(expected[k]), Float.floatToIntBits(actual[k]),
                    what + ": element " + k + ": " + expected[k] + " vs " + actual[k]);
        }
    }

    private static void assertStateBits(NeuronState expected, NeuronState actual, String what) {
        assertEquals(expected.names(), actual.names(), what + ": buffers");
        for (String b : expected.names()) {
            assertBits(expected.buffer(b), actual.buffer(b), what + ": " + b);
        }
    }

    /** Every registered module builds from its defaults and steps; the zoo benchmark covers every sequence model. */
    @Test
    void everyRegisteredModelBuildsAndSteps() throws Exception {
        for (NeuronModels.Entry<?> e : NeuronModels.all()) {
            NeuronModule<?, ?> m = e.create(null, e.recurrent()
                    ? NeuronModels.Spec.recurrent(3, 5, RecurrentOptions.DEFAULT.withSeed(1))
                    : NeuronModels.Spec.feedForward(0.001));
            assertEquals(e.name(), m.name(), "the entry builds the module it names");
            Tensor out;
            if (m instanceof SNNCell<?, ?> c) {
                out = c.forward(Tensor.full(2f, 2, 5)).output();
            } else if (m instanceof SNN<?, ?> q) {
                out = q.forward(Tensor.full(2f, 4, 2, 5)).output();
            } else if (m instanceof SNNRecurrentCell<?, ?> c) {
                out = c.forward(Tensor.full(2f, 2, 3)).output();
            } else if (m instanceof SNNRecurrent<?, ?> q) {
                out = q.forward(Tensor.full(2f, 4, 2, 3)).output();
            } else {
                out = ((LILinearCell) m).forward(Tensor.full(2f, 2, 3), null).output();
            }
            assertEquals(5, out.dim(-1), e.name() + ": hidden size or input width");
        }
        rejects(() -> NeuronModels.get("LIFF"), "unknown neuron module 'LIFF'", "LIFCell");
        rejects(() -> NeuronModels.get("LIFCell").create(LIParameters.DEFAULT, NeuronModels.Spec.feedForward(0.001)),
                "LIFCell takes LIFParameters, got LIParameters");
        String[] benchmarked = Class.forName("io.snn4j.bench.ModelZooBenchmark").getField("model")
                .getAnnotation(org.openjdk.jmh.annotations.Param.class).value();
        List<String> expected = new ArrayList<>();
        NeuronModels.of(NeuronModels.Kind.SEQUENCE).forEach(e -> expected.add(e.name()));
        expected.add("Izhikevich");
        assertEquals(expected, List.of(benchmarked), "ModelZooBenchmark runs every registered sequence model");
    }

    /** Field names come from the record components (snake case, or a NorseName where Norse differs). */
    @Test
    void parameterFieldsCarryNorsesNamesInNorsesOrder() {
        assertEquals(List.of("adaptation_current", "adaptation_spike", "delta_T", "tau_ada_inv", "tau_syn_inv",
                "tau_mem_inv", "v_leak", "v_th", "v_reset", "method", "alpha"),
                List.copyOf(LIFAdExParameters.DEFAULT.fields().keySet()));
        assertEquals(List.of("tau_syn_exc_inv", "tau_syn_inh_inv", "c_m_inv", "g_l", "e_rev_I", "e_rev_E", "v_rest",
                "v_reset", "v_thresh", "method", "alpha"), List.copyOf(CobaLIFParameters.DEFAULT.fields().keySet()));
        assertEquals(List.of("lif_adex", "rho_reset"), List.copyOf(LIFAdExRefracParameters.DEFAULT.fields().keySet()));
        assertEquals(List.of("tau_mem_inv", "v_leak", "v_th", "v_reset", "method", "alpha", "reset_method"),
                List.copyOf(LIFBoxParameters.DEFAULT.fields().keySet()));
        assertEquals("LIFParameters", LIFParameters.DEFAULT.typeName());
        assertTrue(LIFParameters.DEFAULT.toString().startsWith("LIFParameters(tau_syn_inv=tensor(200.), tau_mem_inv="),
                LIFParameters.DEFAULT.toString());
        assertEquals(LIFParameters.DEFAULT.vTh(), LIFParameters.DEFAULT.fields().get("v_th"));
    }
}
