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
        if (options.inputSynapses() != null || options.recurrentSynapses() != null || options.recurrentDelay() != 1) {
            throw new IllegalArgumentException("CobaLIFCell takes dense weights with Norse's one-step delay only (its "
                    + "conductances split the weights by sign); sparse weights and delays are for the RecurrentModule models");
        }
        this.inputSize = inputSize;
        this.hiddenSize = hiddenSize;
        this.norse = mode == Compatibility.NORSE;
        SeededRandom random = RecurrentModule.generator(options);
        this.inputWeights = weights("input_weights", options.inputWeights(), hiddenSize, inputSize, random);
        this.recurrentWeights = weights("recurrent_weights", options.recurrentWeights(), hiddenSize, hiddenSize, random);
        this.winE = rectifiedTranspose(inputWeights, 1f);
        this.winI = rectifiedTranspose(inputWeights, -1f);
        this.wrecE = rectifiedTranspose(recurrentWeights, 1f);
        this.wrecI = rectifiedTranspose(recurrentWeights, -1f);
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

    /** A copy of the input weights {@code (hidden, input)}. */
    public FMatrixRMaj inputWeights() {
        return inputWeights.copy();
    }

    /** A copy of the recurrent weights {@code (hidden, hidden)}. */
    public FMatrixRMaj recurrentWeights() {
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
            K.gemm(s.z, r0 * h, h, wrecE, 0, h, de, r0 * h, h, n, h, h);
            K.gemm(s.z, r0 * h, h, wrecI, 0, h, di, r0 * h, h, n, h, h);
            if (!norse) {
                float[] tmp = new float[n * h];
                K.gemm(x.data(), x.offset() + r0 * in, in, winE, 0, h, tmp, 0, h, n, h, in);
                K.addScaled(de, r0 * h, tmp, 0, 1f, n * h);
                K.gemm(x.data(), x.offset() + r0 * in, in, winI, 0, h, tmp, 0, h, n, h, in);
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
