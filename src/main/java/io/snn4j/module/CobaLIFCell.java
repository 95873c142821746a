package io.snn4j.module;

import io.snn4j.functional.CobaLIFModel;
import io.snn4j.functional.CobaLIFParameters;
import io.snn4j.functional.CobaLIFState;
import io.snn4j.functional.Coefficients;
import io.snn4j.internal.Parallel;
import io.snn4j.internal.SeededRandom;
import io.snn4j.internal.vectorization.KernelProvider;
import io.snn4j.internal.vectorization.Kernels;
import io.snn4j.tensor.Tensor;
import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.CommonOps_FDRM;

/**
 * Norse's {@code CobaLIFCell}: one step of a recurrently connected conductance-based LIF population.
 * Input {@code (..., input_size)}, output spikes and state {@link CobaLIFState} {@code (..., hidden_size)}.
 * Positive weights drive the excitatory conductance, negative ones the inhibitory:
 * {@code g_e += relu(W_in) x + relu(W_rec) z}, {@code g_i += relu(-W_in) x + relu(-W_rec) z}. Default
 * weights as Norse's: {@code randn(h, i) / sqrt(i)} and {@code randn(h, h) / sqrt(h)}, from the options'
 * seed; the options' autapses and recordStates do not apply.
 *
 * <p>Norse's version has two bugs: its step overwrites the input jumps with the recurrent ones, so the
 * input never reaches the neurons, and its default state starts at {@code v = 0} instead of
 * {@code v_rest}. {@link Compatibility#FIXED} (default) corrects both; {@link Compatibility#NORSE}
 * reproduces them. Thread-safety as {@link NeuronModule}.
 */
public final class CobaLIFCell extends NeuronModule<CobaLIFParameters, CobaLIFState> {
    private static final Kernels K = KernelProvider.kernels();

    private final int inputSize;
    private final int hiddenSize;
    private final boolean norse;
    private final FMatrixRMaj inputWeights;
    private final FMatrixRMaj recurrentWeights;
    private final float[] winE;
    private final float[] winI;
    private final float[] wrecE;
    private final float[] wrecI;
    /** Sparse weights split by sign ({@code relu(W)}, {@code relu(-W)}); null when the weights are dense. */
    private final Synapses inE;
    private final Synapses inI;
    private final Synapses recE;
    private final Synapses recI;

    /** Default parameters and options, fixed behaviour. */
    public CobaLIFCell(int inputSize, int hiddenSize) {
        this(inputSize, hiddenSize, CobaLIFParameters.DEFAULT, RecurrentOptions.DEFAULT, Compatibility.FIXED);
    }

    /** The given parameters, options (dt, weights, seed) and compatibility mode. */
    public CobaLIFCell(int inputSize, int hiddenSize, CobaLIFParameters p, RecurrentOptions options, Compatibility mode) {
        super("CobaLIFCell", CobaLIFModel.RECURRENT, (q, shape) -> CobaLIFModel.state(q, shape, mode == Compatibility.NORSE),
                p, RecurrentModule.requireOptions(options).dt());
        if (inputSize < 1 || hiddenSize < 1) {
            throw new IllegalArgumentException("input_size and hidden_size must be at least 1, got " + inputSize + " and "
                    + hiddenSize);
        }
        Synapses sin = options.inputSynapses(), srec = options.recurrentSynapses();
        if (options.recurrentDelay() != 1 || (srec != null && srec.hasDelays())) {
            throw new IllegalArgumentException("CobaLIFCell has Norse's one-step recurrent delay only; synaptic delays are "
                    + "for the models built on SNNRecurrent and SNNRecurrentCell");
        }
        for (Object[] w : new Object[][] {{"input_weights", sin, inputSize}, {"recurrent_weights", srec, hiddenSize}}) {
            Synapses x = (Synapses) w[1];
            if (x != null && (x.targets() != hiddenSize || x.sources() != (int) w[2])) {
                throw new IllegalArgumentException(w[0] + " has shape (" + x.targets() + ", " + x.sources() + "), expected ("
                        + hiddenSize + ", " + w[2] + ")");
            }
        }
        this.inputSize = inputSize;
        this.hiddenSize = hiddenSize;
        this.norse = mode == Compatibility.NORSE;
        SeededRandom random = RecurrentModule.generator(options);
        this.inputWeights = sin != null ? null : weights("input_weights", options.inputWeights(), hiddenSize, inputSize,
                random);
        this.recurrentWeights = srec != null ? null : weights("recurrent_weights", options.recurrentWeights(), hiddenSize,
                hiddenSize, random);
        this.winE = sin != null ? null : rectifiedTranspose(inputWeights, 1f);
        this.winI = sin != null ? null : rectifiedTranspose(inputWeights, -1f);
        this.wrecE = srec != null ? null : rectifiedTranspose(recurrentWeights, 1f);
        this.wrecI = srec != null ? null : rectifiedTranspose(recurrentWeights, -1f);
        this.inE = sin == null ? null : sin.rectified(1f);
        this.inI = sin == null ? null : sin.rectified(-1f);
        this.recE = srec == null ? null : srec.rectified(1f);
        this.recI = srec == null ? null : srec.rectified(-1f);
    }

    private static FMatrixRMaj weights(String what, FMatrixRMaj given, int rows, int cols, SeededRandom r) {
        if (given != null) {
            RecurrentModule.requireMatrix(what, given, rows, cols);
            return given;
        }
        FMatrixRMaj w = new FMatrixRMaj(rows, cols);
        float scale = (float) Math.sqrt(cols);
        for (int k = 0; k < w.data.length; k++) {
            w.data[k] = (float) r.nextGaussian() / scale;
        }
        return w;
    }

    /** {@code relu(sign * W)^T}, row-major (cols, rows). */
    private static float[] rectifiedTranspose(FMatrixRMaj w, float sign) {
        FMatrixRMaj t = CommonOps_FDRM.transpose(w, null);
        for (int k = 0; k < t.data.length; k++) {
            t.data[k] = Math.max(sign * t.data[k], 0f);
        }
        return t.data;
    }

    /**
     * A copy of the input weights {@code (hidden, input)}.
     *
     * @throws IllegalStateException if they are sparse
     */
    public FMatrixRMaj inputWeights() {
        if (inputWeights == null) {
            throw new IllegalStateException("the input weights are sparse");
        }
        return inputWeights.copy();
    }

    /**
     * A copy of the recurrent weights {@code (hidden, hidden)}.
     *
     * @throws IllegalStateException if they are sparse
     */
    public FMatrixRMaj recurrentWeights() {
        if (recurrentWeights == null) {
            throw new IllegalStateException("the recurrent weights are sparse");
        }
        return recurrentWeights.copy();
    }

    /** One step from the default state. */
    public StepResult<CobaLIFState> forward(Tensor x) {
        return forward(x, null);
    }

    /** One step of input {@code (..., input_size)} from {@code state} (null: default), updated in place. */
    public StepResult<CobaLIFState> forward(Tensor x, CobaLIFState state) {
        if (x == null) {
            throw new IllegalArgumentException("input x is null");
        }
        int[] hShape = projectedShape("input x", x.shape(), inputSize, hiddenSize);
        Coefficients c = coefficients(hiddenSize);
        CobaLIFState s = stateFor(state, hShape);
        int h = hiddenSize, in = inputSize;
        int rows = s.size() / h;
        Tensor out = Tensor.zeros(hShape);
        float[] de = new float[rows * h], di = new float[rows * h];
        int[] b = rowPieces(rows, (long) rows * h * (h + in) / 64);
        Parallel.forEach(b.length - 1, k -> {
            int r0 = b[k], n = b[k + 1] - b[k];
            int[] idx = recE != null || inE != null ? new int[Math.max(h, in)] : null;
            float[] val = idx == null ? null : new float[idx.length];
            if (recE == null) {
                K.gemm(s.z, r0 * h, h, wrecE, 0, h, de, r0 * h, h, n, h, h);
                K.gemm(s.z, r0 * h, h, wrecI, 0, h, di, r0 * h, h, n, h, h);
            } else {
                for (int r = r0; r < r0 + n; r++) {
                    RecurrentModule.sparseRow(recE, s.z, r * h, h, de, r * h, idx, val);
                    RecurrentModule.sparseRow(recI, s.z, r * h, h, di, r * h, idx, val);
                }
            }
            if (!norse) {
                float[] tmp = new float[n * h];
                if (inE == null) {
                    K.gemm(x.data(), x.offset() + r0 * in, in, winE, 0, h, tmp, 0, h, n, h, in);
                } else {
                    for (int r = 0; r < n; r++) {
                        RecurrentModule.sparseRow(inE, x.data(), x.offset() + (r0 + r) * in, in, tmp, r * h, idx, val);
                    }
                }
                K.addScaled(de, r0 * h, tmp, 0, 1f, n * h);
                if (inE == null) {
                    K.gemm(x.data(), x.offset() + r0 * in, in, winI, 0, h, tmp, 0, h, n, h, in);
                } else {
                    for (int r = 0; r < n; r++) {
                        RecurrentModule.sparseRow(inI, x.data(), x.offset() + (r0 + r) * in, in, tmp, r * h, idx, val);
                    }
                }
                K.addScaled(di, r0 * h, tmp, 0, 1f, n * h);
            }
            activation().stepRange(de, 0, di, 0, s, r0 * h, (r0 + n) * h, s.z, 0, c);
        });
        System.arraycopy(s.z, 0, out.data(), 0, s.size());
        return new StepResult<>(out, s);
    }

    /** Norse prints just {@code CobaLIFCell()}. */
    @Override
    public String toString() {
        return "CobaLIFCell()";
    }
}
