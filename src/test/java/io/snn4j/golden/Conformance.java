package io.snn4j.golden;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import io.snn4j.functional.NeuronParameters;
import io.snn4j.functional.NeuronState;
import io.snn4j.module.RecurrentModule;
import io.snn4j.module.RecurrentOptions;
import io.snn4j.module.SNN;
import io.snn4j.module.SNNCell;
import io.snn4j.module.SNNRecurrent;
import io.snn4j.module.SNNRecurrentCell;
import io.snn4j.module.SequenceResult;
import io.snn4j.module.StepResult;
import io.snn4j.tensor.Shapes;
import io.snn4j.tensor.Tensor;
import java.util.Arrays;
import java.util.Map;
import org.ejml.data.FMatrixRMaj;

/** Runs golden cases through snn4j modules and compares with what Norse computed. */
public final class Conformance {
    private Conformance() {
    }

    /** What snn4j computed for a case. */
    public record Outcome(Tensor output, NeuronState state, NeuronState recorded, NeuronState defaultState) {
    }

    /** Fills a state from the case's (flattened) state tensors; 0-d tensors broadcast. */
    public static <S extends NeuronState> S fill(S s, Map<String, Tensor> values) {
        for (Map.Entry<String, Tensor> e : values.entrySet()) {
            float[] dst = s.buffer(e.getKey());
            Tensor t = e.getValue();
            if (t.size() == dst.length) {
                System.arraycopy(t.data(), t.offset(), dst, 0, dst.length);
            } else if (t.size() == 1) {
                Arrays.fill(dst, t.data()[t.offset()]);
            } else {
                fail("state field " + e.getKey() + " has shape " + Arrays.toString(t.shape()) + ", state shape "
                        + Arrays.toString(s.shape()));
            }
        }
        return s;
    }

    /** Runs a case of kind seq (one forward call). */
    public static <P extends NeuronParameters, S extends NeuronState> Outcome runSequence(GoldenCase c, SNN<P, S> m) {
        int[] stepShape = Shapes.dropFirst(c.input.shape());
        S init = c.initialState == null ? null : fill(m.activation().newState(stepShape), c.initialState);
        SequenceResult<S> r = m.forward(c.input, init);
        return new Outcome(r.output(), r.state(), r.recorded(), m.defaultState(stepShape));
    }

    /** Runs a recurrent sequence case. */
    public static <P extends NeuronParameters, S extends NeuronState> Outcome runSequence(GoldenCase c, SNNRecurrent<P, S> m) {
        int[] hShape = Shapes.withLast(Shapes.dropFirst(c.input.shape()), m.hiddenSize());
        S init = c.initialState == null ? null : fill(m.activation().newState(hShape), c.initialState);
        SequenceResult<S> r = m.forward(c.input, init);
        return new Outcome(r.output(), r.state(), r.recorded(), m.defaultState(hShape));
    }

    /** Runs a recurrent cell case (cell or cell_loop). */
    public static <P extends NeuronParameters, S extends NeuronState> Outcome runCell(GoldenCase c, SNNRecurrentCell<P, S> m) {
        if (c.kind.equals("cell")) {
            int[] hShape = Shapes.withLast(c.input.shape(), m.hiddenSize());
            S init = c.initialState == null ? null : fill(m.activation().newState(hShape), c.initialState);
            StepResult<S> r = m.forward(c.input, init);
            return new Outcome(r.output(), r.state(), null, m.defaultState(hShape));
        }
        assertEquals("cell_loop", c.kind, c.name);
        int[] hShape = Shapes.withLast(Shapes.dropFirst(c.input.shape()), m.hiddenSize());
        S s = c.initialState == null ? null : fill(m.activation().newState(hShape), c.initialState);
        Tensor out = Tensor.zeros(c.output.shape());
        for (int t = 0; t < c.input.dim(0); t++) {
            StepResult<S> r = m.forward(c.input.step(t), s);
            out.step(t).copyFrom(r.output());
            s = r.state();
        }
        return new Outcome(out, s, null, m.defaultState(hShape));
    }

    /** One step of any module with a (x, state) forward. */
    public interface StepFn<S extends NeuronState> {
        StepResult<S> step(Tensor x, S state);
    }

    /**
     * Runs a cell or cell_loop case through any one-step forward: {@code stateShape} maps an input step
     * shape to the state shape, {@code newState} builds an empty state of a shape.
     */
    public static <S extends NeuronState> Outcome runLoop(GoldenCase c, java.util.function.UnaryOperator<int[]> stateShape,
            java.util.function.Function<int[], S> newState, StepFn<S> module, java.util.function.Function<int[], S> defaults) {
        boolean loop = c.kind.equals("cell_loop");
        int[] hShape = stateShape.apply(loop ? Shapes.dropFirst(c.input.shape()) : c.input.shape());
        S s = c.initialState == null ? null : fill(newState.apply(hShape), c.initialState);
        if (!loop) {
            StepResult<S> r = module.step(c.input, s);
            return new Outcome(r.output(), r.state(), null, defaults.apply(hShape));
        }
        Tensor out = Tensor.zeros(c.output.shape());
        for (int t = 0; t < c.input.dim(0); t++) {
            StepResult<S> r = module.step(c.input.step(t), s);
            out.step(t).copyFrom(r.output());
            s = r.state();
        }
        return new Outcome(out, s, null, defaults.apply(hShape));
    }

    /** Asserts within a relative tolerance (for models with exp): |want - got| <= rel * max(1, |want|). */
    public static void assertRelative(GoldenCase c, Outcome o, double rel) {
        Check check = (what, want, got) -> {
            float[] a = want.toArray(), b = got.toArray();
            assertArrayEquals(want.shape(), got.shape(), what + ": shape");
            for (int k = 0; k < a.length; k++) {
                if (!(Math.abs(a[k] - b[k]) <= rel * Math.max(1.0, Math.abs(a[k])))) {
                    fail(what + ": element " + k + " is " + b[k] + ", Norse gives " + a[k] + " (relative tolerance " + rel + ")");
                }
            }
        };
        check.check(c.name + " output", c.output, o.output);
        assertStates(c, o, check);
    }

    /** Recurrent options from a case: dt, autapses, the given weights. */
    public static RecurrentOptions options(GoldenCase c) {
        RecurrentOptions o = RecurrentOptions.DEFAULT.withDt(c.dt)
                .withAutapses(Boolean.TRUE.equals(c.constructor.get("autapses")))
                .withRecordStates(c.recordStates);
        if (c.inputWeights != null) {
            o = o.withInputWeights(matrix(c.inputWeights));
        }
        if (c.recurrentWeightsGiven != null) {
            o = o.withRecurrentWeights(matrix(c.recurrentWeightsGiven));
        }
        return o;
    }

    public static FMatrixRMaj matrix(Tensor t) {
        return new FMatrixRMaj(t.dim(0), t.dim(1), true, t.toArray());
    }

    public static int size(GoldenCase c, String field) {
        return ((Number) c.constructor.get(field)).intValue();
    }

    /** The module's effective recurrent weights equal the case's. */
    public static void assertEffectiveWeights(GoldenCase c, RecurrentModule<?, ?> m) {
        if (c.recurrentWeightsEffective != null) {
            FMatrixRMaj w = m.recurrentWeights();
            assertWithin(c.name + " recurrent_weights_effective", c.recurrentWeightsEffective,
                    Tensor.wrap(w.data, w.numRows, w.numCols), 0.0);
        }
    }

    /** Runs a case of kind cell (one call) or cell_loop (one call per time step, state threaded). */
    public static <P extends NeuronParameters, S extends NeuronState> Outcome runCell(GoldenCase c, SNNCell<P, S> m) {
        if (c.kind.equals("cell")) {
            S init = c.initialState == null ? null : fill(m.activation().newState(c.input.shape()), c.initialState);
            StepResult<S> r = m.forward(c.input, init);
            return new Outcome(r.output(), r.state(), null, m.defaultState(c.input.shape()));
        }
        assertEquals("cell_loop", c.kind, c.name);
        int[] stepShape = Shapes.dropFirst(c.input.shape());
        S s = c.initialState == null ? null : fill(m.activation().newState(stepShape), c.initialState);
        Tensor out = Tensor.zeros(c.output.shape());
        for (int t = 0; t < c.input.dim(0); t++) {
            StepResult<S> r = m.forward(c.input.step(t), s);
            out.step(t).copyFrom(r.output());
            s = r.state();
        }
        return new Outcome(out, s, null, m.defaultState(stepShape));
    }

    /** Asserts bit-for-bit equality of output, final (or recorded) state and default state. */
    public static void assertExact(GoldenCase c, Outcome o) {
        assertBits(c.name + " output", c.output, o.output);
        assertStates(c, o, (what, want, got) -> assertBits(what, want, got));
    }

    /** Asserts states within {@code tol} and spikes equal where the threshold margin allows. */
    public static void assertClose(GoldenCase c, Outcome o, double tol, boolean outputIsSpikes) {
        if (outputIsSpikes && c.minThresholdMargin <= 1e-4) {
            // A spike this close to threshold may flip with another summation order; states still agree.
            assertWithin(c.name + " output", c.output, o.output, 1.0);
        } else {
            assertWithin(c.name + " output", c.output, o.output, tol);
        }
        assertStates(c, o, (what, want, got) -> assertWithin(what, want, got, tol));
    }

    interface Check {
        void check(String what, Tensor want, Tensor got);
    }

    private static void assertStates(GoldenCase c, Outcome o, Check check) {
        NeuronState got = c.recordStates ? o.recorded : o.state;
        assertNotNull(got, c.name + ": no " + (c.recordStates ? "recorded" : "final") + " state");
        for (Map.Entry<String, Tensor> e : c.finalState.entrySet()) {
            Tensor want = e.getValue();
            Tensor mine = Tensor.wrap(got.buffer(e.getKey()), got.shape());
            if (want.size() == 1 && mine.size() > 1) {
                want = Tensor.full(want.data()[want.offset()], got.shape());
            }
            check.check(c.name + " final_state." + e.getKey(), want.reshape(got.shape()), mine);
        }
        if (c.defaultInitialState != null) {
            for (Map.Entry<String, Tensor> e : c.defaultInitialState.entrySet()) {
                Tensor want = e.getValue();
                Tensor mine = Tensor.wrap(o.defaultState.buffer(e.getKey()), o.defaultState.shape());
                Tensor expanded = Tensor.zeros(o.defaultState.shape());
                float[] d = expanded.data();
                for (int k = 0; k < d.length; k++) {
                    d[k] = want.data()[want.offset() + (want.size() == 1 ? 0 : k % want.size())];
                }
                check.check(c.name + " default_initial_state." + e.getKey(), expanded, mine);
            }
        }
    }

    /** Bit-for-bit equality (NaN payloads and the sign of zero included) with the first difference named. */
    public static void assertBits(String what, Tensor want, Tensor got) {
        assertArrayEquals(want.shape(), got.shape(), what + ": shape");
        float[] a = want.toArray(), b = got.toArray();
        for (int k = 0; k < a.length; k++) {
            if (Float.floatToIntBits(a[k]) != Float.floatToIntBits(b[k])) {
                fail(what + ": element " + k + " of " + a.length + " is " + b[k] + ", Norse gives " + a[k]
                        + " (not bit-identical)");
            }
        }
    }

    /** |want - got| <= tol everywhere. */
    public static void assertWithin(String what, Tensor want, Tensor got, double tol) {
        assertArrayEquals(want.shape(), got.shape(), what + ": shape");
        float[] a = want.toArray(), b = got.toArray();
        for (int k = 0; k < a.length; k++) {
            if (!(Math.abs(a[k] - b[k]) <= tol)) {
                fail(what + ": element " + k + " is " + b[k] + ", Norse gives " + a[k] + " (tolerance " + tol + ")");
            }
        }
    }
}
