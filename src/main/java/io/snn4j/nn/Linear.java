package io.snn4j.nn;

import io.snn4j.functional.NeuronState;
import io.snn4j.internal.Parallel;
import io.snn4j.internal.vectorization.KernelProvider;
import io.snn4j.internal.vectorization.Kernels;
import io.snn4j.tensor.Shapes;
import io.snn4j.tensor.SparseSpikes;
import io.snn4j.tensor.Tensor;
import java.util.Arrays;
import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.CommonOps_FDRM;

/**
 * A dense layer as PyTorch's {@code nn.Linear}: {@code y = x W^T + b}, with {@code W} of shape
 * {@code (out_features, in_features)} (an EJML matrix) and an optional bias of length out_features.
 * Input {@code (..., in_features)}, output {@code (..., out_features)}; the leading dimensions are rows.
 *
 * <p>Each output is summed as torch does on the reference BLAS: {@code acc = 0; acc = acc + x[k] * W[j][k]}
 * for ascending k, then {@code acc + b[j]}, in float32 without FMA, so the numbers equal Norse's bit for
 * bit; the product is the blocked, vectorised kernel of the recurrent modules, rows split across
 * threads. Immutable (the weights are copied) and thread-safe.
 */
public final class Linear implements Layer {
    private static final Kernels K = KernelProvider.kernels();

    private final int in;
    private final int out;
    private final FMatrixRMaj weight;
    private final float[] bias;
    private final float[] wT;
    private volatile int threads = Parallel.defaultThreads();

    /**
     * A layer with the given weight {@code (out, in)} and bias (null: none); both are copied.
     *
     * @throws IllegalArgumentException if a value is not finite or the bias length is not out_features
     */
    public Linear(FMatrixRMaj weight, float[] bias) {
        if (weight == null || weight.numRows < 1 || weight.numCols < 1) {
            throw new IllegalArgumentException("weight must be a non-empty (out_features, in_features) matrix");
        }
        this.out = weight.numRows;
        this.in = weight.numCols;
        for (float v : weight.data) {
            if (!Float.isFinite(v)) {
                throw new IllegalArgumentException("weight has a non-finite value " + v);
            }
        }
        if (bias != null) {
            if (bias.length != out) {
                throw new IllegalArgumentException("bias has " + bias.length + " values, expected out_features = " + out);
            }
            for (float v : bias) {
                if (!Float.isFinite(v)) {
                    throw new IllegalArgumentException("bias has a non-finite value " + v);
                }
            }
        }
        this.weight = weight.copy();
        this.bias = bias == null ? null : bias.clone();
        this.wT = CommonOps_FDRM.transpose(weight, null).data;
    }

    /** A layer from tensors: weight {@code (out, in)}, bias {@code (out)} or null. */
    public static Linear of(Tensor weight, Tensor bias) {
        if (weight == null || weight.rank() != 2) {
            throw new IllegalArgumentException("weight must be a 2-d tensor (out_features, in_features), got "
                    + (weight == null ? "null" : Arrays.toString(weight.shape())));
        }
        if (bias != null && bias.rank() != 1) {
            throw new IllegalArgumentException("bias must be 1-d, got shape " + Arrays.toString(bias.shape()));
        }
        return new Linear(new FMatrixRMaj(weight.dim(0), weight.dim(1), true, weight.toArray()),
                bias == null ? null : bias.toArray());
    }

    /** {@code in_features}. */
    public int inFeatures() {
        return in;
    }

    /** {@code out_features}. */
    public int outFeatures() {
        return out;
    }

    /** A copy of the weight. */
    public FMatrixRMaj weight() {
        return weight.copy();
    }

    /** A copy of the bias, or null. */
    public float[] bias() {
        return bias == null ? null : bias.clone();
    }

    /** Sets the number of threads (default: available processors); results do not depend on it. */
    public void setThreads(int threads) {
        this.threads = Parallel.checkThreads(threads);
    }

    /**
     * {@code x W^T + b} for {@code x} of shape {@code (..., in_features)}.
     *
     * @throws IllegalArgumentException if the last dimension is not in_features
     */
    public Tensor apply(Tensor x) {
        if (x == null) {
            throw new IllegalArgumentException("input x is null");
        }
        int[] shape = x.shape();
        if (shape.length == 0 || shape[shape.length - 1] != in) {
            throw new IllegalArgumentException("input x has shape " + Arrays.toString(shape)
                    + "; its last dimension must be in_features = " + in);
        }
        int rows = x.size() / in;
        Tensor y = Tensor.zeros(Shapes.withLast(shape, out));
        float[] yd = y.data();
        long work = (long) rows * in * out;
        int pieces = (int) Math.max(1, Math.min(Math.min(threads, rows), work / (1 << 18)));
        int[] b = Parallel.split(rows, pieces, 1);
        Parallel.forEach(b.length - 1, k -> {
            int r0 = b[k], n = b[k + 1] - b[k];
            K.gemm(x.data(), x.offset() + r0 * in, in, wT, 0, out, yd, r0 * out, out, n, out, in);
            if (bias != null) {
                for (int r = r0; r < r0 + n; r++) {
                    K.addScaled(yd, r * out, bias, 0, 1f, out);
                }
            }
        });
        return y;
    }

    /**
     * {@code x W^T + b} for spikes given as active indices, event-driven: each output row adds the rows of
     * {@code W^T} of its active inputs (same numbers as the dense product: the sum is in ascending input
     * order from 0).
     */
    public Tensor apply(SparseSpikes x) {
        if (x == null) {
            throw new IllegalArgumentException("input x is null");
        }
        if (x.neurons() != in) {
            throw new IllegalArgumentException("input x has shape " + Arrays.toString(x.shape())
                    + "; its last dimension must be in_features = " + in);
        }
        Tensor y = Tensor.zeros(Shapes.withLast(x.shape(), out));
        float[] yd = y.data();
        int[] idx = new int[in];
        for (int r = 0; r < x.rows(); r++) {
            int c = x.copyIndices(r, idx);
            K.sumRows(idx, c, wT, out, yd, r * out, out);
            if (bias != null) {
                K.addScaled(yd, r * out, bias, 0, 1f, out);
            }
        }
        return y;
    }

    @Override
    public Step forward(Tensor x, NeuronState state) {
        return new Step(apply(x), null);
    }

    @Override
    public Step forward(SparseSpikes x, NeuronState state) {
        return new Step(apply(x), null);
    }

    @Override
    public boolean stateful() {
        return false;
    }

    /** As PyTorch prints it. */
    @Override
    public String toString() {
        return "Linear(in_features=" + in + ", out_features=" + out + ", bias=" + (bias == null ? "False" : "True") + ")";
    }
}
