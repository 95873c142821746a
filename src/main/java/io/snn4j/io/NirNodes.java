package io.snn4j.io;

import io.snn4j.tensor.Shapes;
import io.snn4j.tensor.Tensor;
import java.util.Arrays;

/**
 * NIR's convolution, pooling and delay nodes, parsed and validated into records, and the output shapes
 * of every NIR node kind (a node's shape is one step's shape without the batch dimension). Errors are
 * {@link IllegalArgumentException}s saying what is wrong; {@link NirImporter} adds the file and node.
 * Stateless; package-private.
 */
final class NirNodes {
    private NirNodes() {
    }

    /**
     * A {@code Conv1d} ({@code dims = 1}) or {@code Conv2d} ({@code dims = 2}) node.
     *
     * @param weight     {@code (out, in / groups, k...)}
     * @param bias       {@code (out)}, zeros if the file has none
     * @param stride     per spatial dimension, &gt;= 1
     * @param padding    per spatial dimension, &gt;= 0 (for {@code "same"}: the total padding of each
     *                   dimension is split as PyTorch does, {@link #padBefore} and {@link #padAfter})
     * @param padBefore  padding before each spatial dimension
     * @param padAfter   padding after each spatial dimension
     * @param dilation   per spatial dimension, &gt;= 1
     * @param groups     &gt;= 1, dividing both channel counts
     * @param inputShape the spatial input size the file gives ({@code input_shape}), or null
     */
    record Conv(int dims, Tensor weight, Tensor bias, int[] stride, int[] padBefore, int[] padAfter, int[] dilation,
            int groups, int[] inputShape) {
        int outChannels() {
            return weight.dim(0);
        }

        int inChannels() {
            return weight.dim(1) * groups;
        }

        int[] kernel() {
            return Arrays.copyOfRange(weight.shape(), 2, 2 + dims);
        }

        /** The output shape {@code (out, spatial...)} for an input {@code (in, spatial...)}. */
        int[] outputShape(int[] in) {
            if (in.length == dims + 2 && in[0] == 1) { // older files give the input a leading batch of 1
                in = Arrays.copyOfRange(in, 1, in.length);
            }
            if (in.length != dims + 1) {
                throw new IllegalArgumentException("needs an input of shape (channels" + (dims == 1 ? ", length" : ", height, width")
                        + "), got " + Arrays.toString(in));
            }
            if (in[0] != inChannels()) {
                throw new IllegalArgumentException("the weight " + Arrays.toString(weight.shape()) + " with groups = " + groups
                        + " takes " + inChannels() + " input channels, the input has " + in[0] + " (shape " + Arrays.toString(in) + ")");
            }
            if (inputShape != null && !Arrays.equals(inputShape, Arrays.copyOfRange(in, 1, in.length))) {
                throw new IllegalArgumentException("input_shape is " + Arrays.toString(inputShape) + " but the input is "
                        + Arrays.toString(in));
            }
            int[] out = new int[dims + 1];
            out[0] = outChannels();
            int[] k = kernel();
            for (int d = 0; d < dims; d++) {
                long span = (long) dilation[d] * (k[d] - 1) + 1;
                long size = in[d + 1] + (long) padBefore[d] + padAfter[d] - span;
                if (size < 0) {
                    throw new IllegalArgumentException("the kernel (" + span + " wide with dilation) is larger than the padded input "
                            + Arrays.toString(in) + " in spatial dimension " + d);
                }
                out[d + 1] = (int) (size / stride[d] + 1);
            }
            return out;
        }
    }

    /**
     * A {@code SumPool2d} or {@code AvgPool2d} node.
     *
     * @param average true for {@code AvgPool2d}
     * @param kernel  (kh, kw), &gt;= 1
     * @param stride  (sh, sw), &gt;= 1
     * @param padding (ph, pw), &gt;= 0 and at most half the kernel
     */
    record Pool(boolean average, int[] kernel, int[] stride, int[] padding) {
        /** The output shape {@code (C, H', W')} for an input {@code (C, H, W)}. */
        int[] outputShape(int[] in) {
            if (in.length != 3) {
                throw new IllegalArgumentException("needs an input of shape (channels, height, width), got " + Arrays.toString(in));
            }
            int[] out = {in[0], 0, 0};
            for (int d = 0; d < 2; d++) {
                long size = in[d + 1] + 2L * padding[d] - kernel[d];
                if (size < 0) {
                    throw new IllegalArgumentException("the kernel " + Arrays.toString(kernel) + " is larger than the padded input "
                            + Arrays.toString(in));
                }
                out[d + 1] = (int) (size / stride[d] + 1);
            }
            return out;
        }
    }

    /**
     * A {@code Delay} node: each neuron's input comes out {@code steps[k]} time steps later.
     *
     * @param steps per neuron (or one for all), whole steps &gt;= 0
     * @param shape the shape of {@code delay} in the file
     */
    record Delay(int[] steps, int[] shape) {
    }

    /** A convolution node's full parameters. */
    static Conv conv(NirImporter.Node n, int dims) {
        float[] w = n.field("weight");
        int[] ws = n.shapes().get("weight");
        if (ws.length != dims + 2) {
            throw new IllegalArgumentException("weight must have shape (out, in / groups, " + (dims == 1 ? "k" : "kh, kw") + "), got "
                    + Arrays.toString(ws));
        }
        for (int d : ws) {
            if (d < 1) {
                throw new IllegalArgumentException("weight has an empty dimension: " + Arrays.toString(ws));
            }
        }
        Tensor weight = Tensor.of(w, ws);
        int groups = n.fields().containsKey("groups") ? wholeScalar(n, "groups", 1) : 1;
        if (ws[0] % groups != 0) {
            throw new IllegalArgumentException("groups = " + groups + " does not divide the " + ws[0] + " output channels");
        }
        Tensor bias;
        if (n.fields().containsKey("bias")) {
            float[] b = n.field("bias");
            if (b.length != ws[0]) {
                throw new IllegalArgumentException("bias has " + b.length + " values, the weight has " + ws[0] + " output channels");
            }
            bias = Tensor.of(b, ws[0]);
        } else {
            bias = Tensor.zeros(ws[0]);
        }
        int[] stride = perDim(n, "stride", dims, 1, 1);
        int[] dilation = perDim(n, "dilation", dims, 1, 1);
        int[] before;
        int[] after;
        String pad = n.strings().get("padding");
        int[] k = Arrays.copyOfRange(ws, 2, ws.length);
        if (pad != null) {
            before = new int[dims];
            after = new int[dims];
            if (pad.equals("same")) {
                for (int d = 0; d < dims; d++) {
                    if (stride[d] != 1) {
                        throw new IllegalArgumentException("padding = \"same\" needs stride 1, got " + Arrays.toString(stride));
                    }
                    int total = dilation[d] * (k[d] - 1);
                    before[d] = total / 2;
                    after[d] = total - before[d];
                }
            } else if (!pad.equals("valid")) {
                throw new IllegalArgumentException("padding must be numbers, \"same\" or \"valid\", got \"" + pad + "\"");
            }
        } else {
            before = perDim(n, "padding", dims, 0, 0);
            after = before.clone();
        }
        int[] inputShape = null;
        if (n.fields().containsKey("input_shape")) {
            inputShape = whole(n, "input_shape", 1);
            if (inputShape.length != dims) {
                throw new IllegalArgumentException("input_shape must have " + dims + " values, got " + Arrays.toString(inputShape));
            }
        }
        return new Conv(dims, weight, bias, stride, before, after, dilation, groups, inputShape);
    }

    /** A pooling node's full parameters. */
    static Pool pool(NirImporter.Node n, boolean average) {
        int[] kernel = perDim(n, "kernel_size", 2, 1, -1);
        int[] stride = n.fields().containsKey("stride") ? perDim(n, "stride", 2, 1, 1) : kernel.clone();
        int[] padding = perDim(n, "padding", 2, 0, 0);
        for (int d = 0; d < 2; d++) {
            if (padding[d] * 2 > kernel[d]) {
                throw new IllegalArgumentException("padding " + Arrays.toString(padding) + " is more than half the kernel "
                        + Arrays.toString(kernel));
            }
        }
        return new Pool(average, kernel, stride, padding);
    }

    /** A delay node: {@code delay} (seconds) in whole steps of {@code dt}. */
    static Delay delay(NirImporter.Node n, double dt) {
        float[] d = n.field("delay");
        if (d.length == 0) {
            throw new IllegalArgumentException("field 'delay' is empty");
        }
        double[] wide = n.wide().get("delay");
        int[] steps = new int[d.length];
        for (int k = 0; k < d.length; k++) {
            double v = wide != null ? wide[k] : d[k];
            if (!(v >= 0) || !Double.isFinite(v)) {
                throw new IllegalArgumentException("delay must be finite and >= 0 seconds, got " + v + " (neuron " + k + ")");
            }
            double s = v / dt;
            long r = Math.round(s);
            if (Math.abs(s - r) > 1e-4 * Math.max(1, r) || r > Integer.MAX_VALUE / 2) {
                throw new IllegalArgumentException("delay " + v + " s is not a whole number of steps of dt = " + dt + " s ("
                        + s + " steps)");
            }
            steps[k] = (int) r;
        }
        return new Delay(steps, n.shapes().get("delay"));
    }

    /** An integer field with one value per spatial dimension (a scalar is repeated), each &gt;= min. */
    static int[] perDim(NirImporter.Node n, String name, int dims, int min, int fallback) {
        if (!n.fields().containsKey(name)) {
            if (fallback < min) {
                throw new IllegalArgumentException("missing field '" + name + "'");
            }
            int[] f = new int[dims];
            Arrays.fill(f, fallback);
            return f;
        }
        int[] v = whole(n, name, min);
        if (v.length == 1 && dims > 1) {
            int[] f = new int[dims];
            Arrays.fill(f, v[0]);
            return f;
        }
        if (v.length != dims) {
            throw new IllegalArgumentException(name + " must have " + dims + " value" + (dims == 1 ? "" : "s") + ", got "
                    + Arrays.toString(v));
        }
        return v;
    }

    private static int wholeScalar(NirImporter.Node n, String name, int min) {
        int[] v = whole(n, name, min);
        if (v.length != 1) {
            throw new IllegalArgumentException(name + " must be one number, got " + Arrays.toString(v));
        }
        return v[0];
    }

    /** An integer-valued field, each value &gt;= min and at most 2^24. */
    static int[] whole(NirImporter.Node n, String name, int min) {
        float[] f = n.field(name);
        int[] v = new int[f.length];
        for (int k = 0; k < f.length; k++) {
            if (f[k] != Math.rint(f[k]) || f[k] < min || f[k] > (1 << 24)) {
                throw new IllegalArgumentException(name + " must be whole numbers >= " + min + ", got " + Arrays.toString(f));
            }
            v[k] = (int) f[k];
        }
        return v;
    }

    /** The output shape of a NIR {@code Flatten} over feature dimensions {@code [start, end]} of {@code in}. */
    static int[] flatten(NirImporter.Node n, int[] in) {
        int rank = in.length;
        int start = n.fields().containsKey("start_dim") ? (int) n.field("start_dim")[0] : 1;
        int end = n.fields().containsKey("end_dim") ? (int) n.field("end_dim")[0] : -1;
        if (n.fields().containsKey("input_type")) {
            int[] declared = whole(n, "input_type", 0);
            if (Shapes.size(declared) != Shapes.size(in)) {
                throw new IllegalArgumentException("input_type is " + Arrays.toString(declared) + " but the input is " + Arrays.toString(in));
            }
            in = declared;
            rank = in.length;
        }
        int s = start < 0 ? start + rank : start;
        int e = end < 0 ? end + rank : end;
        if (rank == 0) {
            return in;
        }
        if (s < 0 || e >= rank || s > e) {
            throw new IllegalArgumentException("start_dim " + start + " / end_dim " + end + " do not fit an input of shape "
                    + Arrays.toString(in));
        }
        int[] out = new int[rank - (e - s)];
        int j = 0;
        for (int d = 0; d < s; d++) {
            out[j++] = in[d];
        }
        int prod = 1;
        for (int d = s; d <= e; d++) {
            prod *= in[d];
        }
        out[j++] = prod;
        for (int d = e + 1; d < rank; d++) {
            out[j++] = in[d];
        }
        return out;
    }
}
