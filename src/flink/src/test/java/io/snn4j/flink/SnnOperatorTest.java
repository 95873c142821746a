package io.snn4j.flink;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snn4j.functional.LIFParameters;
import io.snn4j.functional.NeuronState;
import io.snn4j.module.LIFCell;
import io.snn4j.module.LIFRecurrentCell;
import io.snn4j.module.RecurrentOptions;
import io.snn4j.tensor.Tensor;
import io.snn4j.nn.Layer;
import io.snn4j.nn.Linear;
import io.snn4j.nn.SequentialState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * The operator in Flink's test harness (one subtask, real keyed state backend): bad elements, a
 * restored state that does not fit a changed model, a missing weights file, state expiry, the
 * readouts, micro-batching that keeps each key's step order, checkpoints that never hold a
 * half-filled batch, and synaptic delays whose input on its way travels with each key's state.
 */
class SnnOperatorTest {

    static KeyedOneInputStreamOperatorTestHarness<String, StepInput, StepOutput> harness(SnnInference.Builder b)
            throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(b.operator(), s -> s.key, Types.STRING);
    }

    static float[] image(int k) {
        return Streams.images()[k].clone();
    }

    @Test
    void aWrongSizedElementFailsNamingTheKeyOrGoesToTheSideOutputLeavingOtherKeysAlone() throws Exception {
        try (var h = harness(SnnInference.builder(Streams.digits()))) {
            h.open();
            h.processElement(new StreamRecord<>(StepInput.dense("good", 0, image(0))));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> h.processElement(new StreamRecord<>(StepInput.dense("bad", 7, new float[63]))));
            assertTrue(e.getMessage().contains("key 'bad'") && e.getMessage().contains("step 7")
                    && e.getMessage().contains("63 values, the model takes 64"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> h.processElement(new StreamRecord<>(StepInput.spikes("bad2", 0, new int[] {3, 64}))));
            assertTrue(e.getMessage().contains("key 'bad2'") && e.getMessage().contains("spike index 64"), e.getMessage());
            assertEquals(1, h.numKeyedStateEntries(), "no state for rejected keys");
        }
        // side output: the bad element is reported; the good keys' outputs are those of a run without it
        List<StepOutput> clean = new ArrayList<>(), withBad = new ArrayList<>();
        List<StreamRecord<StepError>> errors;
        try (var h = harness(SnnInference.builder(Streams.digits()).maxBatch(4))) {
            h.open();
            for (int t = 0; t < 5; t++) {
                for (int k = 0; k < 3; k++) {
                    h.processElement(new StreamRecord<>(StepInput.dense("k" + k, t, image(k))));
                }
            }
            h.endInput();
            clean.addAll(h.extractOutputValues());
        }
        try (var h = harness(SnnInference.builder(Streams.digits()).maxBatch(4).onError(SnnInference.OnError.SIDE_OUTPUT))) {
            h.open();
            for (int t = 0; t < 5; t++) {
                for (int k = 0; k < 3; k++) {
                    h.processElement(new StreamRecord<>(StepInput.dense("k" + k, t, image(k))));
                    if (t == 2 && k == 1) {
                        h.processElement(new StreamRecord<>(StepInput.dense("k1", 99, new float[10])));
                        StepInput empty = new StepInput();
                        empty.key = "k2";
                        h.processElement(new StreamRecord<>(empty));
                    }
                }
            }
            h.endInput();
            withBad.addAll(h.extractOutputValues());
            errors = new ArrayList<>(h.getSideOutput(SnnInference.ERRORS));
        }
        assertEquals(byKey(clean), byKey(withBad));
        assertEquals(2, errors.size());
        assertEquals("k1", errors.get(0).getValue().key);
        assertEquals(99, errors.get(0).getValue().step);
        assertTrue(errors.get(0).getValue().message.contains("10 values, the model takes 64"), errors.get(0).getValue().message);
        assertTrue(errors.get(1).getValue().message.contains("neither values nor spikes"), errors.get(1).getValue().message);
    }

    static Map<String, List<StepOutput>> byKey(List<StepOutput> outs) {
        Map<String, List<StepOutput>> m = new TreeMap<>();
        for (StepOutput o : outs) {
            m.computeIfAbsent(o.key, x -> new ArrayList<>()).add(o);
        }
        return m;
    }

    /** A changed model: the digits input size, a hidden layer of 100 instead of 128 neurons. */
    static SequentialState changedModel() {
        return new SequentialState(Linear.initialized(64, 100, true, 3), Layer.of(new LIFCell()),
                Linear.initialized(100, 10, true, 4));
    }

    @Test
    void aRestoredStateOfAnotherShapeIsAnErrorNamingTheKeyAndOtherKeysGoOn() throws Exception {
        OperatorSubtaskState snapshot;
        try (var h = harness(SnnInference.builder(Streams.digits()))) {
            h.open();
            h.processElement(new StreamRecord<>(StepInput.dense("old", 0, image(0))));
            snapshot = h.snapshot(1, 1);
        }
        try (var h = harness(SnnInference.builder(ModelSource.network(SnnOperatorTest::changedModel)))) {
            h.initializeState(snapshot);
            h.open();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> h.processElement(new StreamRecord<>(StepInput.dense("old", 1, image(0)))));
            assertTrue(e.getMessage().contains("key 'old'") && e.getMessage().contains("does not fit the model")
                    && e.getMessage().contains("holds arrays [-, [128, 128], -, [10, 10]]")
                    && e.getMessage().contains("needs [-, [100, 100] LIFFeedForwardState[v, i], -]"), e.getMessage());
        }
        try (var h = harness(SnnInference.builder(ModelSource.network(SnnOperatorTest::changedModel)).maxBatch(3)
                .onError(SnnInference.OnError.SIDE_OUTPUT))) {
            h.initializeState(snapshot);
            h.open();
            h.processElement(new StreamRecord<>(StepInput.dense("old", 1, image(0))));
            h.processElement(new StreamRecord<>(StepInput.dense("new", 0, image(1))));
            h.endInput();
            List<StepOutput> out = h.extractOutputValues();
            assertEquals(1, out.size());
            assertEquals("new", out.get(0).key);
            assertEquals(1, h.getSideOutput(SnnInference.ERRORS).size());
            assertTrue(h.getSideOutput(SnnInference.ERRORS).peek().getValue().message.contains("key 'old'"));
        }
    }

    @Test
    void aMissingWeightsFileFailsOpenNamingTheFile() throws Exception {
        String missing = Streams.DIGITS.resolve("gone.safetensors").toString();
        try (var h = harness(SnnInference.builder(ModelSource.files(Streams.DESCRIPTION, missing)))) {
            Exception e = assertThrows(IllegalStateException.class, h::open);
            assertTrue(e.getMessage().contains("gone.safetensors") && e.getMessage().contains("does not exist"), e.getMessage());
        }
        try (var h = harness(SnnInference.builder(ModelSource.files(missing + ".json", Streams.WEIGHTS)))) {
            Exception e = assertThrows(IllegalStateException.class, h::open);
            assertTrue(e.getMessage().contains("model description") && e.getMessage().contains("gone.safetensors.json"), e.getMessage());
        }
    }

    @Test
    void anIdleKeysStateExpiresAfterTheTtl() throws Exception {
        try (var h = harness(SnnInference.builder(Streams.digits()).stateTtl(Duration.ofSeconds(10)))) {
            h.setStateTtlProcessingTime(0);
            h.open();
            h.processElement(new StreamRecord<>(StepInput.dense("a", 0, image(0))));
            h.processElement(new StreamRecord<>(StepInput.dense("b", 0, image(1))));
            h.setStateTtlProcessingTime(9_000);
            h.processElement(new StreamRecord<>(StepInput.dense("a", 1, image(0))));   // a stays alive
            h.setStateTtlProcessingTime(15_000);                                         // b idle for 15 s
            h.processElement(new StreamRecord<>(StepInput.dense("a", 2, image(0))));
            h.processElement(new StreamRecord<>(StepInput.dense("b", 1, image(1))));
            List<StepOutput> out = h.extractOutputValues();
            assertEquals(List.of(1L, 1L, 2L, 3L, 1L), out.stream().map(o -> o.keySteps).toList(),
                    "a keeps counting; b starts afresh");
            // b's fresh start gives what its first step gave
            assertArrayEquals(out.get(1).values, out.get(4).values);
        }
    }

    @Test
    void batchesKeepEachKeysOrderAndCheckpointsNeverHoldAHalfFilledBatch() throws Exception {
        List<StepOutput> alone;
        try (var h = harness(SnnInference.builder(Streams.digits()).readout(Readout.classMaxOverTime()))) {
            h.open();
            for (int t = 0; t < 6; t++) {
                h.processElement(new StreamRecord<>(StepInput.dense("x", t, image(5))));
                h.processElement(new StreamRecord<>(StepInput.dense("y", t, image(6))));
            }
            alone = h.extractOutputValues();
        }
        try (var h = harness(SnnInference.builder(Streams.digits()).readout(Readout.classMaxOverTime()).maxBatch(64)
                .flushInterval(Duration.ZERO))) {
            h.open();
            // x's six steps arrive before y's: the batches are (x0,y0), (x1,y1), ... and x's order holds
            for (int t = 0; t < 3; t++) {
                h.processElement(new StreamRecord<>(StepInput.dense("x", t, image(5))));
            }
            assertTrue(h.extractOutputValues().isEmpty(), "buffered, not yet stepped");
            h.prepareSnapshotPreBarrier(1);                     // before the barrier: the buffer is stepped
            OperatorSubtaskState snap = h.snapshot(1, 2);
            assertEquals(3, h.extractOutputValues().size());
            for (int t = 3; t < 6; t++) {
                h.processElement(new StreamRecord<>(StepInput.dense("x", t, image(5))));
            }
            for (int t = 0; t < 6; t++) {
                h.processElement(new StreamRecord<>(StepInput.dense("y", t, image(6))));
            }
            h.endInput();
            assertEquals(byKey(alone), byKey(h.extractOutputValues()));
            // a restore from the snapshot continues x from its third step
            try (var r = harness(SnnInference.builder(Streams.digits()).readout(Readout.classMaxOverTime()))) {
                r.initializeState(snap);
                r.open();
                r.processElement(new StreamRecord<>(StepInput.dense("x", 3, image(5))));
                assertEquals(byKey(alone).get("x").get(3), r.extractOutputValues().get(0));
            }
        }
        // the readout is Norse's digits decoder: after 32 steps it is the network's prediction
        StepOutput last = alone.get(alone.size() - 1);
        assertTrue(last.label >= 0 && last.label < 10 && !Float.isNaN(last.score));
    }

    /** A recurrent cell whose recurrent synapses deliver after three steps (a delay line in its state). */
    static SequentialState delayedNetwork() {
        return new SequentialState(Layer.of(new LIFRecurrentCell(6, 12, LIFParameters.DEFAULT,
                RecurrentOptions.DEFAULT.withSeed(5).withRecurrentDelay(3))));
    }

    /** Key k's input at step t: a strong seeded drive, so that the cell spikes and its delayed input matters. */
    static float[] drive(int k, int t) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(31L * k + t);
        float[] x = new float[6];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (r.nextDouble() * 60);
        }
        return x;
    }

    /**
     * Keys "k0".."k(keys-1)" stepped alone by the library, key k's input at step t being
     * {@code input.apply(k, t)}; {@code dropLine}: its first layer's delay line thrown away after every step.
     */
    static Map<String, List<float[]>> direct(SequentialState net, int keys, int steps,
            java.util.function.BiFunction<Integer, Integer, float[]> input, boolean dropLine) {
        Map<String, List<float[]>> out = new TreeMap<>();
        for (int k = 0; k < keys; k++) {
            List<NeuronState> st = null;
            List<float[]> o = new ArrayList<>();
            for (int t = 0; t < steps; t++) {
                float[] x = input.apply(k, t);
                SequentialState.Result r = net.forward(Tensor.wrap(x, 1, x.length), st);
                st = r.states();
                if (dropLine) {
                    st.get(0).setDelayLine(null);
                }
                o.add(r.output().toArray());
            }
            out.put("k" + k, o);
        }
        return out;
    }

    /** Whether some step of some key has other values in {@code a} than in {@code b}. */
    static boolean anyDifferent(Map<String, List<float[]>> a, Map<String, List<float[]>> b) {
        for (String k : a.keySet()) {
            for (int t = 0; t < a.get(k).size(); t++) {
                if (!java.util.Arrays.equals(a.get(k).get(t), b.get(k).get(t))) {
                    return true;
                }
            }
        }
        return false;
    }

    static Map<String, List<float[]>> valuesByKey(List<StepOutput> outs) {
        Map<String, List<float[]>> m = new TreeMap<>();
        for (StepOutput o : outs) {
            m.computeIfAbsent(o.key, q -> new ArrayList<>()).add(o.values);
        }
        return m;
    }

    static void assertSameValues(Map<String, List<float[]>> want, Map<String, List<float[]>> got, String what) {
        assertEquals(want.keySet(), got.keySet(), what);
        for (String k : want.keySet()) {
            assertEquals(want.get(k).size(), got.get(k).size(), what + ": key " + k);
            for (int t = 0; t < want.get(k).size(); t++) {
                assertArrayEquals(want.get(k).get(t), got.get(k).get(t), what + ": key " + k + " step " + t);
            }
        }
    }

    @Test
    void synapticDelaysTravelWithEachKeysStateThroughBatchesAndCheckpoints() throws Exception {
        int keys = 3, steps = 12;
        Map<String, List<float[]>> direct = direct(delayedNetwork(), keys, steps, SnnOperatorTest::drive, false);
        // the test can fail: without the input on its way the spikes differ
        Map<String, List<float[]>> dropped = direct(delayedNetwork(), keys, steps, SnnOperatorTest::drive, true);
        assertTrue(anyDifferent(direct, dropped), "the delayed recurrent input changes the spikes");
        for (int maxBatch : new int[] {1, 4}) {
            SnnInference.Builder b = SnnInference.builder(ModelSource.network(SnnOperatorTest::delayedNetwork))
                    .readout(Readout.values()).maxBatch(maxBatch).flushInterval(Duration.ZERO);
            OperatorSubtaskState snap;
            List<StepOutput> first;
            try (var h = harness(b)) {
                h.open();
                for (int t = 0; t < steps / 2; t++) {
                    for (int k = 0; k < keys; k++) {
                        h.processElement(new StreamRecord<>(StepInput.dense("k" + k, t, drive(k, t))));
                    }
                }
                h.prepareSnapshotPreBarrier(1);
                snap = h.snapshot(1, 2);
                first = new ArrayList<>(h.extractOutputValues());
            }
            // the second half on a fresh operator restored from the checkpoint (the key states serialized)
            try (var r = harness(b)) {
                r.initializeState(snap);
                r.open();
                for (int t = steps / 2; t < steps; t++) {
                    for (int k = 0; k < keys; k++) {
                        r.processElement(new StreamRecord<>(StepInput.dense("k" + k, t, drive(k, t))));
                    }
                }
                r.endInput();
                first.addAll(r.extractOutputValues());
            }
            assertSameValues(direct, valuesByKey(first), "maxBatch " + maxBatch);
        }
    }

    static SequentialState denseNetwork() {
        // the LI voltages follow the analog current, so the modes' last-bit differences show
        return new SequentialState(Linear.initialized(300, 40, true, 7), Layer.of(new io.snn4j.module.LICell()));
    }

    static float[] analog(int k, int t) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(1000L * k + t);
        float[] x = new float[300];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (r.nextDouble() * 4 - 1);
        }
        return x;
    }

    /** Each key stepped alone by the library in the given numeric mode. */
    static Map<String, List<float[]>> denseDirect(int keys, int steps, io.snn4j.functional.Numerics numerics) {
        SequentialState net = denseNetwork();
        net.setNumerics(numerics);
        return direct(net, keys, steps, SnnOperatorTest::analog, false);
    }

    @Test
    void theFastNumericModeIsSetAfterLoadingAndBatchesStillEqualEachKeyAlone() throws Exception {
        int keys = 7, steps = 5;
        Map<String, List<float[]>> fast = denseDirect(keys, steps, io.snn4j.functional.Numerics.FAST);
        Map<String, List<float[]>> exact = denseDirect(keys, steps, io.snn4j.functional.Numerics.EXACT);
        assertTrue(anyDifferent(fast, exact), "the two modes give different bits somewhere, so the test can tell them apart");
        for (int maxBatch : new int[] {1, 8}) {
            try (var h = harness(SnnInference.builder(ModelSource.network(SnnOperatorTest::denseNetwork))
                    .numerics(io.snn4j.functional.Numerics.FAST).maxBatch(maxBatch).flushInterval(Duration.ZERO))) {
                h.open();
                for (int t = 0; t < steps; t++) {
                    for (int k = 0; k < keys; k++) {
                        h.processElement(new StreamRecord<>(StepInput.dense("k" + k, t, analog(k, t))));
                    }
                }
                h.endInput();
                assertSameValues(fast, valuesByKey(h.extractOutputValues()), "fast, maxBatch " + maxBatch);
            }
        }
    }

    @Test
    void eachOutputCarriesItsOwnElementsTimestampOrNone() throws Exception {
        for (int maxBatch : new int[] {1, 4}) {
            try (var h = harness(SnnInference.builder(Streams.digits()).maxBatch(maxBatch).flushInterval(Duration.ZERO))) {
                h.open();
                h.processElement(new StreamRecord<>(StepInput.dense("x", 0, image(1)), 10L));
                h.processElement(new StreamRecord<>(StepInput.dense("y", 0, image(2))));
                h.processElement(new StreamRecord<>(StepInput.dense("x", 1, image(1)), 30L));
                h.processElement(new StreamRecord<>(StepInput.dense("z", 0, image(3))));
                h.endInput();
                Map<String, StreamRecord<StepOutput>> last = new TreeMap<>();
                List<Long> xTimes = new ArrayList<>();
                for (Object o : h.getOutput()) {
                    @SuppressWarnings("unchecked")
                    StreamRecord<StepOutput> r = (StreamRecord<StepOutput>) o;
                    last.put(r.getValue().key, r);
                    if (r.getValue().key.equals("x")) {
                        xTimes.add(r.getTimestamp());
                    }
                }
                assertEquals(List.of(10L, 30L), xTimes, "maxBatch " + maxBatch);
                assertTrue(!last.get("y").hasTimestamp() && !last.get("z").hasTimestamp(), "maxBatch " + maxBatch);
                assertEquals(4, h.getOutput().size());
            }
        }
    }

    @Test
    void readoutsSpikesValuesAndClasses() throws Exception {
        SequentialState net = Streams.loadDigits();
        List<io.snn4j.functional.NeuronState> s = null;
        io.snn4j.tensor.Tensor hidden = null, y = null;
        float[] max = new float[10];
        java.util.Arrays.fill(max, Float.NEGATIVE_INFINITY);
        io.snn4j.tensor.Tensor x = io.snn4j.tensor.Tensor.wrap(image(3), 1, 64);
        for (int t = 0; t < 32; t++) {
            io.snn4j.tensor.Tensor[] hid = new io.snn4j.tensor.Tensor[1];
            SequentialState.Result r = net.forward(x, s, t, (tt, layer, out, st) -> {
                if (layer == 1) {
                    hid[0] = out.copy();
                }
            });
            s = r.states();
            hidden = hid[0];
            y = r.output();
            for (int c = 0; c < 10; c++) {
                max[c] = Math.max(max[c], y.data()[c]);
            }
        }
        List<Integer> spiking = new ArrayList<>();
        for (int j = 0; j < 128; j++) {
            if (hidden.data()[j] != 0f) {
                spiking.add(j);
            }
        }
        int argmaxStep = 0, argmaxAll = 0;
        for (int c = 1; c < 10; c++) {
            argmaxStep = y.data()[c] > y.data()[argmaxStep] ? c : argmaxStep;
            argmaxAll = max[c] > max[argmaxAll] ? c : argmaxAll;
        }
        StepOutput spikes = last(Readout.spikes(1)), values = last(Readout.values()),
                cls = last(Readout.classOfStep()), clsMax = last(Readout.classMaxOverTime());
        assertArrayEquals(spiking.stream().mapToInt(Integer::intValue).toArray(), spikes.spikes);
        assertTrue(spikes.spikes.length > 0);
        assertNull(spikes.values);
        assertArrayEquals(y.data(), values.values);
        assertEquals(argmaxStep, cls.label);
        assertEquals(y.data()[argmaxStep], cls.score);
        assertEquals(argmaxAll, clsMax.label);
        assertEquals(max[argmaxAll], clsMax.score);
        assertThrows(IllegalArgumentException.class, () -> Readout.spikes(-1));
        try (var h = harness(SnnInference.builder(Streams.digits()).readout(Readout.spikes(4)))) {
            Exception e = assertThrows(IllegalStateException.class, h::open);
            assertTrue(e.getMessage().contains("layer 4"), e.getMessage());
        }
    }

    /** The 32nd output for digit image 3 under {@code readout}. */
    static StepOutput last(Readout readout) throws Exception {
        try (var h = harness(SnnInference.builder(Streams.digits()).readout(readout))) {
            h.open();
            for (int t = 0; t < 32; t++) {
                h.processElement(new StreamRecord<>(StepInput.dense("d", t, image(3))));
            }
            List<StepOutput> out = h.extractOutputValues();
            return out.get(31);
        }
    }

    @Test
    void settingsAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> SnnInference.builder(null));
        assertThrows(IllegalArgumentException.class, () -> SnnInference.builder(Streams.digits()).maxBatch(0).settings());
        assertThrows(IllegalArgumentException.class, () -> SnnInference.builder(Streams.digits()).inputSize(-1).settings());
        assertThrows(IllegalArgumentException.class,
                () -> SnnInference.builder(Streams.digits()).stateTtl(Duration.ZERO).settings());
        assertThrows(IllegalArgumentException.class,
                () -> SnnInference.builder(Streams.digits()).flushInterval(Duration.ofMillis(-1)).settings());
    }
}
