package io.snn4j.module;

import io.snn4j.functional.Coefficients;
import io.snn4j.functional.LIModel;
import io.snn4j.functional.LIParameters;
import io.snn4j.functional.LIState;
import io.snn4j.internal.Parallel;
import io.snn4j.internal.SeededRandom;
import io.snn4j.internal.vectorization.KernelProvider;
import io.snn4j.internal.vectorization.Kernels;
import io.snn4j.tensor.Tensor;
import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.CommonOps_FDRM;

/**
 * Norse's {@code LILinearCell}: a leaky integrator fed through its own weights ({@code li_step}:
 * {@code i1 = i + W x}). Input {@code (..., input_size)}; output the voltage {@code (..., hidden_size)};
 * state {@link LIState}, default {@code v = v_leak, i = 0}. Default weights {@code randn(h, i) / sqrt(i)}
 * from the options' seed (only the options' dt, input weights and seed apply). Thread-safety as
 * {@link NeuronModule}.
 */
public final class LILinearCell extends NeuronModule<LIParameters, LIState> {
    private static final Kernels K = KernelProvider.kernels();

    private final int inputSize;
    private final int hiddenSize;
    private final FMatrixRMaj weights;
    private final float[] wT;

    /** Default parameters and options. */
    public LILinearCell(int inputSize, int hiddenSize) {
        this(inputSize, hiddenSize, LIParameters.DEFAULT, RecurrentOptions.DEFAULT);
    }

    /** The given parameters and options. */
    public LILinearCell(int inputSize, int hiddenSize, LIParameters p, RecurrentOptions options) {
        super("LILinearCell", LIModel.FEED_FORWARD, LIModel::defaultState, p, RecurrentModule.requireOptions(options).dt());
        if (inputSize < 1 || hiddenSize < 1) {
            throw new IllegalArgumentException("input_size and hidden_size must be at least 1, got " + inputSize + " and "
                    + hiddenSize);
        }
        this.inputSize = inputSize;
        this.hiddenSize = hiddenSize;
        FMatrixRMaj w = options.inputWeights();
        if (w != null) {
            RecurrentModule.requireMatrix("input_weights", w, hiddenSize, inputSize);
        } else {
            SeededRandom r = RecurrentModule.generator(options);
            w = new FMatrixRMaj(hiddenSize, inputSize);
            float scale = (float) Math.sqrt(inputSize);
            for (int k = 0; k < w.data.length; k++) {
                w.data[k] = (float) r.nextGaussian() / scale;
            }
        }
        this.weights = w;
        this.wT = CommonOps_FDRM.transpose(w, null).data;
    }

    /** A copy of the weights {@code (hidden, input)}. */
    public FMatrixRMaj inputWeights() {
        return weights.copy();
    }

    /** One step from the default state. */
    public StepResult<LIState> forward(Tensor x) {
        return forward(x, null);
    }

    /** One step of input {@code (..., input_size)} from {@code state} (null: default), updated in place. */
    public StepResult<LIState> forward(Tensor x, LIState state) {
        if (x == null) {
            throw new IllegalArgumentException("input x is null");
        }
        int[] hShape = projectedShape("input x", x.shape(), inputSize, hiddenSize);
        Coefficients c = coefficients(hiddenSize);
        LIState s = stateFor(state, hShape);
        int h = hiddenSize, in = inputSize;
        int rows = s.size() / h;
        Tensor out = Tensor.zeros(hShape);
        float[] u = new float[rows * h];
        int[] b = rowPieces(rows, (long) rows * h * in / 64);
        Parallel.forEach(b.length - 1, k -> {
            int r0 = b[k], n = b[k + 1] - b[k];
            K.gemm(x.data(), x.offset() + r0 * in, in, wT, 0, h, u, r0 * h, h, n, h, in);
            activation().stepRange(u, 0, null, 0, s, r0 * h, (r0 + n) * h, out.data(), 0, c);
        });
        return new StepResult<>(out, s);
    }

    @Override
    String extraRepr() {
        return "input_size=" + inputSize + ", hidden_size=" + hiddenSize + ", " + super.extraRepr();
    }
}
