package io.snn4j.functional;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A neuron model's backward pass (surrogate-gradient backpropagation through time), the counterpart of
 * its {@link NeuronModel} step: what a training-mode forward pass records per step, and the step in
 * reverse. The base modules drive it; a model supplies its equations:
 *
 * <ul>
 * <li>{@link Recorder}: before each forward step, copies what the backward step needs (for LIF the
 * voltage before the step and the current after the input jump) into {@code recorded()} arrays;</li>
 * <li>{@link Step}: one step in reverse over a range of neurons (a SIMD kernel with a scalar twin);</li>
 * <li>the state fields that carry gradients ({@link #stateFields()}, in the kernel's order) and how
 * the kernel's coefficient gradients become parameter gradients ({@link ParameterGradients}).</li>
 * </ul>
 *
 * Stateless and thread-safe; concurrent calls must work on disjoint ranges.
 *
 * @param <P> the parameter type
 * @param <S> the state type
 */
public final class NeuronGradient<P extends NeuronParameters, S extends NeuronState> {

    /** Copies the per-step quantities of neurons {@code [sOff, sOff + len)} before the forward step. */
    @FunctionalInterface
    public interface Recorder<S> {
        /**
         * @param x    the step's input (projected input current for recurrent models) at {@code xOff}
         * @param r    the recurrent input at {@code rOff}, or null
         * @param s    the state before the step (read only)
         * @param rec  the record arrays, written at {@code recOff}
         */
        void record(float[] x, int xOff, float[] r, int rOff, S s, int sOff, float[][] rec, int recOff, int len);
    }

    /**
     * One step in reverse; see {@link io.snn4j.internal.vectorization.Kernels#lifBackward} for the
     * conventions. {@code g} holds the gradient arrays of {@link #stateFields()}.
     */
    @FunctionalInterface
    public interface Step {
        void backward(float[][] rec, int recOff, float[] gOut, int gOutOff, float[][] g, int sOff, float[] gx, int gxOff,
                float[][] gc, int len, float[][] c, int cOff, int method);
    }

    /**
     * A forward step that writes its record in the same pass (a fused kernel): the numbers of
     * {@link Recorder#record} followed by the model's step on neurons {@code [sOff, sOff + len)}, with
     * the model's step conventions ({@link NeuronModel#step}) and the record at {@code recOff}.
     */
    @FunctionalInterface
    public interface RecordingStep<S> {
        void step(float[] x, int xOff, float[] r, int rOff, S s, int sOff, float[] out, int outOff, float[][] rec,
                int recOff, int len, float[][] c, int cOff);
    }

    /** Maps coefficient gradients (per neuron) to parameter gradients named as Norse names the fields. */
    @FunctionalInterface
    public interface ParameterGradients {
        /** {@code gc[j]}: the gradient of coefficient j; {@code dt} as in the forward pass. */
        Map<String, float[]> of(float[][] gc, double dt);
    }

    private final String[] recorded;
    private final String[] stateFields;
    private final int coefficients;
    private final boolean usesSurrogate;
    private final Recorder<S> recorder;
    private final Step step;
    private final ParameterGradients parameterGradients;
    private final RecordingStep<S> recordingStep;

    /**
     * @param recorded          names of the per-step records (for documentation and memory estimates)
     * @param stateFields       state fields with gradients, in the kernel's order
     * @param coefficients      the number of forward coefficients (the kernel gets alpha after them)
     * @param usesSurrogate     whether the model has a threshold (and so a {@code method} and {@code alpha})
     * @param recorder          copies the records before each forward step
     * @param step              the backward step
     * @param parameterGradients maps coefficient gradients to parameter gradients
     */
    public NeuronGradient(String[] recorded, String[] stateFields, int coefficients, boolean usesSurrogate,
            Recorder<S> recorder, Step step, ParameterGradients parameterGradients) {
        this(recorded, stateFields, coefficients, usesSurrogate, recorder, step, parameterGradients, null);
    }

    private NeuronGradient(String[] recorded, String[] stateFields, int coefficients, boolean usesSurrogate,
            Recorder<S> recorder, Step step, ParameterGradients parameterGradients, RecordingStep<S> recordingStep) {
        this.recordingStep = recordingStep;
        this.recorded = recorded.clone();
        this.stateFields = stateFields.clone();
        this.coefficients = coefficients;
        this.usesSurrogate = usesSurrogate;
        this.recorder = recorder;
        this.step = step;
        this.parameterGradients = parameterGradients;
    }

    /**
     * This backward pass with a fused forward step for training mode, used by the feed-forward modules
     * instead of the recorder followed by the step.
     */
    public NeuronGradient<P, S> withRecordingStep(RecordingStep<S> fused) {
        return new NeuronGradient<>(recorded, stateFields, coefficients, usesSurrogate, recorder, step, parameterGradients,
                java.util.Objects.requireNonNull(fused, "fused"));
    }

    /**
     * A training-mode forward step over state elements {@code [from, to)}: records into {@code rec} (at
     * the state index) and advances the state as {@link NeuronModel#stepRange} does, in one pass where the
     * model has a {@link RecordingStep}, else the recorder and then the step.
     */
    public void recordAndStepRange(NeuronModel<P, S> model, float[] x, int xOff, float[] r, int rOff, S s, int from, int to,
            float[] out, int outOff, float[][] rec, Coefficients c) {
        if (recordingStep == null) {
            recorder.record(x, xOff + from, r, r == null ? 0 : rOff + from, s, from, rec, from, to - from);
            model.stepRange(x, xOff, r, rOff, s, from, to, out, outOff, c);
            return;
        }
        float[][] arrays = c.arrays();
        for (int e = from; e < to; ) {
            int len = c.pieceLength(e, to);
            recordingStep.step(x, xOff + e, r, r == null ? 0 : rOff + e, s, e, out, outOff + e, rec, e, len, arrays,
                    c.offset(e));
            e += len;
        }
    }

    /** Number of floats recorded per neuron and step. */
    public int recordedPerNeuron() {
        return recorded.length;
    }

    /** The names of the per-step records. */
    public String[] recorded() {
        return recorded.clone();
    }

    /** The state fields that carry gradients, in the kernel's order. */
    public String[] stateFields() {
        return stateFields.clone();
    }

    /** The number of coefficient gradients the kernel accumulates. */
    public int coefficients() {
        return coefficients;
    }

    /** The recorder. */
    public Recorder<S> recorder() {
        return recorder;
    }

    /**
     * The backward coefficients: the forward ones with {@code alpha} appended (expanded to the same
     * period), and the surrogate's kernel code.
     */
    public Coefficients backwardCoefficients(P p, Coefficients forward) {
        if (!usesSurrogate) {
            return forward;
        }
        Param alpha = (Param) p.fields().get("alpha");
        int period = forward.period();
        float[] a = new float[period];
        for (int k = 0; k < period; k++) {
            a[k] = alpha.at(k);
        }
        return Coefficients.append(forward.arrays(), a);
    }

    /** The kernel code of the parameters' surrogate method (-1 without a threshold). */
    public int method(P p) {
        return usesSurrogate ? Surrogate.of((String) p.fields().get("method")).code() : -1;
    }

    /**
     * The backward step over state elements {@code [from, to)} of step records at {@code recBase + e},
     * split where the coefficient index wraps, as {@link NeuronModel#stepRange}.
     */
    public void backwardRange(float[][] rec, int recBase, float[] gOut, int gOutBase, float[][] g, int from, int to,
            float[] gx, int gxBase, float[][] gc, Coefficients c, int method) {
        float[][] arrays = c.arrays();
        for (int e = from; e < to; ) {
            int len = c.pieceLength(e, to);
            step.backward(rec, recBase + e, gOut, gOutBase + e, g, e, gx, gxBase + e, gc, len, arrays, c.offset(e), method);
            e += len;
        }
    }

    /**
     * Parameter gradients from the per-element coefficient accumulators {@code gc} (state shape, last
     * dimension {@code n}): summed over the leading dimensions per neuron, then over neurons for a
     * parameter that is a scalar. Returns Norse's field names with tensors of shape {@code (n)} or
     * {@code ()}.
     */
    public Map<String, io.snn4j.tensor.Tensor> parameterGradients(P p, double dt, float[][] gc, int n) {
        float[][] perNeuron = new float[gc.length][n];
        for (int j = 0; j < gc.length; j++) {
            float[] a = gc[j], out = perNeuron[j];
            for (int e = 0; e < a.length; e++) {
                out[e % n] += a[e];
            }
        }
        Map<String, io.snn4j.tensor.Tensor> result = new LinkedHashMap<>();
        for (Map.Entry<String, float[]> e : parameterGradients.of(perNeuron, dt).entrySet()) {
            Object field = p.fields().get(e.getKey());
            float[] g = e.getValue();
            if (field instanceof Param q && q.isScalar()) {
                float sum = 0f;
                for (float v : g) {
                    sum += v;
                }
                result.put(e.getKey(), io.snn4j.tensor.Tensor.wrap(new float[] {sum}));
            } else {
                result.put(e.getKey(), io.snn4j.tensor.Tensor.wrap(g, n));
            }
        }
        return result;
    }

    /** {@code g * s}, a new array (for parameters that enter a coefficient scaled by dt). */
    public static float[] scaled(float[] g, float s) {
        float[] out = new float[g.length];
        for (int k = 0; k < g.length; k++) {
            out[k] = g[k] * s;
        }
        return out;
    }
}
