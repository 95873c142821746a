package io.snn4j.bench;

import io.snn4j.functional.LIParameters;
import io.snn4j.internal.vectorization.KernelProvider;
import io.snn4j.internal.vectorization.Kernels;
import io.snn4j.io.NpyArray;
import io.snn4j.io.NumPy;
import io.snn4j.module.LICell;
import io.snn4j.module.LIFCell;
import io.snn4j.nn.Layer;
import io.snn4j.nn.Linear;
import io.snn4j.nn.Loss;
import io.snn4j.nn.SequentialState;
import io.snn4j.nn.Trainer;
import io.snn4j.optim.Adam;
import io.snn4j.optim.Optimizer;
import io.snn4j.tensor.Parameter;
import io.snn4j.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.ejml.data.FMatrixRMaj;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Training (issue "Training"): one epoch of the digits network, Linear(64, 128) -> LIFCell ->
 * Linear(128, 10) -> LICell, T = 32 steps of a constant input current, batch 32, Adam (lr 2e-3), on the
 * 1437 training samples in {@code src/main/resources/io/snn4j/cli/digits} (44 batches of 32 and a last one
 * of 29), every layer on one thread ({@code setThreads(1)}). Average time per epoch in ms; 15 epochs
 * (the recipe of {@code DigitsTrainingTest}) take 15 times that.
 *
 * <p>{@link #epoch}: one call of {@link Trainer#fit} for one epoch without test data: the input check,
 * the shuffle, and per batch the {@code (B, 64)} input current, {@code zeroGrad}, the layer-by-layer
 * forward pass in training mode ({@link SequentialState#forwardConstant}: the 32 equal steps are never built), {@link Loss#maxOverTimeCrossEntropy}, the backward pass (no input
 * gradient for the first layer) and the Adam step. Each 15 consecutive calls train one network from
 * scratch (network seed 1, shuffle seed 0, as in {@code DigitsTrainingTest}); before the 1st, 16th, 31st,
 * ... call a fresh network and optimizer are built outside the measured time, so every measured call is
 * epoch 1 to 15 of such a run, in turn. The run fails if a loss is not finite (the trainer throws), or if
 * a completed 15-epoch run did not learn (last loss not below a third of the first, or training accuracy
 * below 0.9).
 *
 * <p>The breakdown replays one epoch's work in parts, on operands captured once from a network trained for
 * 5 epochs (one batch of 32 samples and its first 29 samples: 44 passes with the first, 1 with the second,
 * as the epoch's batches; the replayed calls do the same arithmetic for any samples). Before measuring, each
 * part is checked to give bit for bit the numbers the layers gave in the captured pass.
 * <ul>
 * <li>{@link #products}: the matrix products alone, as raw {@link Kernels#gemm} calls with the shapes
 * {@link Linear} passes (per batch of B rows, T B = 32 B): the first layer's forward product of the
 * constant input current, {@code (B, 64) x (64, 128)}; the second layer's forward {@code (T B, 128) x (128, 10)};
 * its weight gradient {@code (10, T B) x (T B, 128)} and input gradient {@code (T B, 10) x (10, 128)}; the
 * first layer's weight gradient of the steps' summed gradient (the LIF cell sums it), {@code (128, B) x (B, 64)}.
 * Into preallocated outputs: without Linear's transposes, bias additions, recording and allocation.</li>
 * <li>{@link #neuronKernels}: per batch {@link LIFCell#forwardConstant} of the {@code (B, 128)} current for
 * 32 steps and
 * {@link LICell#forwardSequence} on {@code (T, B, 10)} in training mode (recording every step), then
 * {@code LICell.backward} and {@code LIFCell.backward} (no parameter gradients; the latter sums the steps'
 * input gradients), through the modules' public
 * API as the network's layers call them. This includes what the modules allocate themselves: each call's
 * output or input-gradient tensor and the tape (recycled between batches, new after {@code train(true)} at
 * the epoch's start, as in the epoch).</li>
 * <li>Bookkeeping is not measured by itself: it is {@code epoch - products - neuronKernels}, i.e. the loss,
 * the optimizer, gathering the input rows, Linear's work around its products (bias, recording inputs,
 * transposing gradients and weights, bias gradients), allocation and garbage collection.</li>
 * </ul>
 * Two diagnostic methods split the bookkeeping further (they are not part of the three-way split):
 * {@link #linearLayers} runs both {@link Linear} layers' forward ({@code applyConstant}, {@code apply}) and
 * {@code backward} per batch through
 * the public API (the products plus Linear's own bookkeeping; each weight marked changed per batch, so the
 * transposed copy is refreshed as after an optimizer step); {@link #lossAndOptimizer} runs per batch
 * {@code zeroGrad}, {@link Loss#maxOverTimeCrossEntropy} on the captured {@code (T, B, 10)} voltages and an
 * Adam step over the network's 9610 parameters.
 *
 * <p>Run: {@code scripts/bench -wi 5 -i 10 TrainingBenchmark}; with the scalar kernels, add
 * {@code -jvmArgsAppend -Dsnn4j.kernels=scalar}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 10, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx2g"})
public class TrainingBenchmark {
    static final int T = 32, BATCH = 32, IN = 64, HIDDEN = 128, CLASSES = 10;
    static final double LR = 2e-3;
    /** Epochs of one training run from scratch (DigitsTrainingTest's). */
    static final int RUN = 15;
    /** Epochs the network whose operands the breakdown replays was trained for. */
    static final int CAPTURE_EPOCHS = 5;

    /** The digits training set: features (S, 64) and labels. */
    record Digits(Tensor inputs, int[] labels) {
        int batches() {
            return (labels.length + BATCH - 1) / BATCH;
        }

        int lastBatch() {
            return labels.length - (batches() - 1) * BATCH;
        }
    }

    static Digits digits() {
        try {
            Tensor x = npy("train_inputs.npy").toTensor();
            long[] l = npy("train_labels.npy").toLongArray();
            int[] y = new int[l.length];
            for (int k = 0; k < l.length; k++) {
                y[k] = Math.toIntExact(l[k]);
            }
            check(x.rank() == 2 && x.dim(0) == 1437 && x.dim(1) == IN && y.length == 1437,
                    "digits training set: expected (1437, 64) and 1437 labels, got " + Arrays.toString(x.shape()) + ", "
                            + y.length);
            return new Digits(x, y);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static NpyArray npy(String name) throws IOException {
        try (InputStream in = TrainingBenchmark.class.getResourceAsStream("/io/snn4j/cli/digits/" + name)) {
            check(in != null, "missing resource /io/snn4j/cli/digits/" + name);
            return NumPy.parseNpy(in.readAllBytes(), name, NumPy.DEFAULT_MAX_BYTES);
        }
    }

    /** The digits network of DigitsTrainingTest, every layer on one thread. */
    static SequentialState network(long seed) {
        SequentialState net = new SequentialState(Linear.initialized(IN, HIDDEN, true, seed), Layer.of(new LIFCell()),
                Linear.initialized(HIDDEN, CLASSES, true, seed + 1), Layer.of(new LICell(LIParameters.DEFAULT, 0.001)));
        net.setThreads(1);
        return net;
    }

    static Adam adam(SequentialState net) {
        return Adam.builder(net.parameters()).lr(LR).build();
    }

    static void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException("TrainingBenchmark: " + what);
        }
    }

    /** Training runs of 15 epochs from scratch; one epoch per call. */
    @State(Scope.Benchmark)
    public static class Run {
        Digits data;
        Trainer trainer;
        int epochInRun = RUN;
        double firstLoss;

        @Setup(Level.Trial)
        public void load() {
            data = digits();
        }

        /** A fresh network and optimizer before each run's first epoch. */
        @Setup(Level.Invocation)
        public void next() {
            if (epochInRun < RUN) {
                return;
            }
            SequentialState net = network(1);
            trainer = new Trainer(net, adam(net), T, BATCH, 0);
            epochInRun = 0;
        }

        /** Checks an epoch's loss and, after a run's last epoch, that the run learned. */
        void done(Trainer.Epoch e) {
            check(Double.isFinite(e.loss()), "epoch " + (epochInRun + 1) + " of a run: loss " + e.loss());
            epochInRun++;
            if (epochInRun == 1) {
                firstLoss = e.loss();
            }
            if (epochInRun == RUN) {
                check(e.loss() < firstLoss / 3 && e.trainAccuracy() >= 0.9, "a " + RUN + "-epoch run did not learn: "
                        + "loss " + firstLoss + " after epoch 1, " + e.loss() + " after epoch " + RUN
                        + ", training accuracy " + e.trainAccuracy());
            }
        }
    }

    /** One batch's operands, captured from a training-mode pass of a trained network. */
    static final class Batch {
        final int b, rows;
        // products: A, B and C of each Kernels.gemm call, as Linear lays them out
        final float[] x, w1T, y1; // (B, 64) x (64, 128)
        final float[] spikes, w2T, y2; // (T B, 128) x (128, 10)
        final float[] gH2T, gw2; // (10, T B) x (T B, 128)
        final float[] gH2, w2, gS; // (T B, 10) x (10, 128)
        final float[] gSumT, gw1; // (128, B) x (B, 64)
        // neuron kernels: inputs and output gradients of the two cells
        final Tensor h1, h2, gradV, gradS;
        // expected results
        final Tensor sExpected, vExpected, gH2Expected, gH1Expected;
        final float[] h1Expected, h2Expected, gw1Expected, gw2Expected, b1, b2;
        // diagnostics: the input step, the labels, the captured gradients as tensors
        final Tensor xStep, spikesSeq, gH2Seq, gH1Seq;
        final int[] labels;

        Batch(SequentialState net, Digits d, int[] sampleRows) {
            b = sampleRows.length;
            rows = T * b;
            List<Layer> layers = net.layers();
            Linear l1 = (Linear) layers.get(0), l2 = (Linear) layers.get(2);
            xStep = Tensor.zeros(b, IN);
            labels = new int[b];
            for (int r = 0; r < b; r++) {
                System.arraycopy(d.inputs().data(), d.inputs().offset() + sampleRows[r] * IN, xStep.data(), r * IN, IN);
                labels[r] = d.labels()[sampleRows[r]];
            }
            for (Parameter p : net.parameters()) {
                p.zeroGrad();
            }
            net.train(true);
            h1 = l1.applyConstant(xStep, T);
            sExpected = ((Layer.Adapter<?>) layers.get(1)).module() instanceof LIFCell cell
                    ? cell.forwardConstant(h1, T, null).output() : null;
            check(sExpected != null, "layer 1 is not a LIFCell");
            h2 = layers.get(2).forwardSequence(sExpected, null).output();
            vExpected = layers.get(3).forwardSequence(h2, null).output();
            Loss.Classification loss = Loss.maxOverTimeCrossEntropy(vExpected, labels);
            check(Float.isFinite(loss.value()), "captured loss " + loss.value());
            gradV = loss.grad();
            gH2Expected = layers.get(3).backward(gradV, true);
            gradS = layers.get(2).backward(gH2Expected, true);
            gH1Expected = layers.get(1).backward(gradS, true);
            check(Arrays.equals(gH1Expected.shape(), new int[] {b, HIDDEN}), "LIF did not sum the constant input's gradient");
            check(layers.get(0).backward(gH1Expected, false) == null, "first layer returned an input gradient");
            net.train(false);
            h1Expected = h1.toArray();
            h2Expected = h2.toArray();
            gw1Expected = l1.parameters().get(0).grad().clone();
            gw2Expected = l2.parameters().get(0).grad().clone();
            b1 = l1.bias();
            b2 = l2.bias();

            x = xStep.data();
            w1T = transpose(l1.weight());
            y1 = new float[b * HIDDEN];
            spikes = sExpected.toArray();
            w2T = transpose(l2.weight());
            y2 = new float[rows * CLASSES];
            gH2 = gH2Expected.toArray();
            gH2T = transpose(gH2, rows, CLASSES);
            gw2 = new float[CLASSES * HIDDEN];
            w2 = l2.weight().data.clone();
            gS = new float[rows * HIDDEN];
            gSumT = transpose(gH1Expected.toArray(), b, HIDDEN); // LIF summed the steps' gradients
            gw1 = new float[HIDDEN * IN];
            spikesSeq = sExpected.copy();
            gH2Seq = gH2Expected.copy();
            gH1Seq = gH1Expected.copy();
        }

        /** The five products of one batch, as Linear calls them. */
        void products(Kernels k) {
            k.gemm(x, 0, IN, w1T, 0, HIDDEN, y1, 0, HIDDEN, b, HIDDEN, IN);
            k.gemm(spikes, 0, HIDDEN, w2T, 0, CLASSES, y2, 0, CLASSES, rows, CLASSES, HIDDEN);
            k.gemm(gH2T, 0, rows, spikes, 0, HIDDEN, gw2, 0, HIDDEN, CLASSES, HIDDEN, rows);
            k.gemm(gH2, 0, CLASSES, w2, 0, HIDDEN, gS, 0, HIDDEN, rows, HIDDEN, CLASSES);
            k.gemm(gSumT, 0, b, x, 0, IN, gw1, 0, IN, HIDDEN, IN, b);
        }

        /** Checks that {@link #products} gives the layers' numbers bit for bit. */
        void checkProducts(Kernels k) {
            products(k);
            for (int r = 0; r < b; r++) {
                for (int j = 0; j < HIDDEN; j++) {
                    check(Float.compare(y1[r * HIDDEN + j] + b1[j], h1Expected[r * HIDDEN + j]) == 0,
                            "first layer's product differs from Linear's output");
                }
            }
            for (int r = 0; r < rows; r++) {
                for (int j = 0; j < CLASSES; j++) {
                    check(Float.compare(y2[r * CLASSES + j] + b2[j], h2Expected[r * CLASSES + j]) == 0,
                            "second layer's product differs from Linear's output");
                }
            }
            check(Arrays.equals(plusZero(gw2), gw2Expected), "second layer's weight gradient differs from Linear's");
            check(Arrays.equals(gS, gradS.toArray()), "second layer's input gradient differs from Linear's");
            check(Arrays.equals(plusZero(gw1), gw1Expected), "first layer's weight gradient differs from Linear's");
        }

        /** {@code 0 + a}: a product as Linear adds it to a zeroed gradient (-0 becomes +0). */
        private static float[] plusZero(float[] a) {
            float[] r = new float[a.length];
            for (int k = 0; k < a.length; k++) {
                r[k] = 0f + a[k];
            }
            return r;
        }

        private static float[] transpose(FMatrixRMaj m) {
            return transpose(m.data, m.numRows, m.numCols);
        }

        private static float[] transpose(float[] a, int rows, int cols) {
            float[] t = new float[a.length];
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    t[c * rows + r] = a[r * cols + c];
                }
            }
            return t;
        }
    }

    /** The captured operands of a network trained for a few epochs, and the modules that replay them. */
    @State(Scope.Benchmark)
    public static class Parts {
        Batch full, last;
        int batches;
        Kernels kernels;
        LIFCell lif;
        LICell li;
        Linear linear1, linear2;
        SequentialState optimized;
        Optimizer optimizer;

        @Setup(Level.Trial)
        public void capture() {
            Digits d = digits();
            SequentialState net = network(1);
            new Trainer(net, adam(net), T, BATCH, 0).fit(d.inputs(), d.labels(), CAPTURE_EPOCHS, null, null, null);
            batches = d.batches();
            int[] rows = new int[BATCH];
            for (int k = 0; k < BATCH; k++) {
                rows[k] = 7 * k + 3; // any samples: the cost does not depend on them
            }
            full = new Batch(net, d, rows);
            last = new Batch(net, d, Arrays.copyOf(rows, d.lastBatch()));
            check(batches == 45 && d.lastBatch() == 29, "expected 44 batches of 32 and one of 29, got " + batches
                    + " with a last of " + d.lastBatch());
            kernels = KernelProvider.kernels();
            lif = new LIFCell();
            li = new LICell(LIParameters.DEFAULT, 0.001);
            lif.setThreads(1);
            li.setThreads(1);
            linear1 = copy((Linear) net.layers().get(0));
            linear2 = copy((Linear) net.layers().get(2));
            optimized = network(1);
            optimizer = adam(optimized);
            for (Batch b : new Batch[] {full, last}) {
                b.checkProducts(kernels);
                checkKernels(b);
                checkLinear(b);
            }
        }

        private static Linear copy(Linear l) {
            Linear c = new Linear(l.weight(), l.bias());
            c.setThreads(1);
            return c;
        }

        Batch batch(int k) {
            return k < batches - 1 ? full : last;
        }

        /** One batch's neuron-module work; returns the LIF input gradient. */
        Tensor neurons(Batch b, Blackhole bh) {
            bh.consume(lif.forwardConstant(b.h1, T, null).output());
            bh.consume(li.forwardSequence(b.h2, null).output());
            bh.consume(li.backward(b.gradV, null, false).input());
            return lif.backward(b.gradS, null, false).input();
        }

        private void checkKernels(Batch b) {
            lif.train(true);
            li.train(true);
            check(lif.forwardConstant(b.h1, T, null).output().equals(b.sExpected), "LIFCell replay differs");
            check(li.forwardSequence(b.h2, null).output().equals(b.vExpected), "LICell replay differs");
            check(li.backward(b.gradV, null, false).input().equals(b.gH2Expected), "LICell backward replay differs");
            check(lif.backward(b.gradS, null, false).input().equals(b.gH1Expected), "LIFCell backward replay differs");
        }

        /** One batch through both Linear layers, forward and backward; returns the second's input gradient. */
        Tensor linear(Batch b, Blackhole bh) {
            linear1.parameters().get(0).changed();
            linear2.parameters().get(0).changed();
            bh.consume(linear1.applyConstant(b.xStep, T));
            bh.consume(linear2.apply(b.spikesSeq));
            Tensor g = linear2.backward(b.gH2Seq, true);
            check(linear1.backward(b.gH1Seq, false) == null, "first layer returned an input gradient");
            return g;
        }

        private void checkLinear(Batch b) {
            linear1.train(true);
            linear2.train(true);
            for (Parameter p : List.of(linear1.parameters().get(0), linear2.parameters().get(0))) {
                p.zeroGrad();
            }
            check(Arrays.equals(linear1.applyConstant(b.xStep, T).toArray(), b.h1Expected), "Linear 1 replay differs");
            check(Arrays.equals(linear2.apply(b.spikesSeq).toArray(), b.h2Expected), "Linear 2 replay differs");
            check(linear2.backward(b.gH2Seq, true).equals(b.gradS), "Linear 2 backward replay differs");
            linear1.backward(b.gH1Seq, false);
            check(Arrays.equals(linear1.parameters().get(0).grad(), b.gw1Expected), "Linear 1 weight gradient differs");
            check(Arrays.equals(linear2.parameters().get(0).grad(), b.gw2Expected), "Linear 2 weight gradient differs");
        }
    }

    /** One training epoch (see the class comment). */
    @Benchmark
    public Trainer.Epoch epoch(Run run) {
        Trainer.Epoch e = run.trainer.fit(run.data.inputs(), run.data.labels(), 1, null, null, null).get(0);
        run.done(e);
        return e;
    }

    /** The epoch's matrix products alone: 5 raw gemm calls per batch, 45 batches. */
    @Benchmark
    public float products(Parts p) {
        float sum = 0;
        for (int k = 0; k < p.batches; k++) {
            Batch b = p.batch(k);
            b.products(p.kernels);
            sum += b.gS[0] + b.gw1[0];
        }
        return sum;
    }

    /** The epoch's neuron kernels: LIF and LI forward (recording) and backward per batch, 45 batches. */
    @Benchmark
    public void neuronKernels(Parts p, Blackhole bh) {
        p.lif.train(true);
        p.li.train(true);
        for (int k = 0; k < p.batches; k++) {
            bh.consume(p.neurons(p.batch(k), bh));
        }
    }

    /** Diagnostic: both Linear layers' apply and backward per batch, 45 batches. */
    @Benchmark
    public void linearLayers(Parts p, Blackhole bh) {
        p.linear1.train(true);
        p.linear2.train(true);
        for (int k = 0; k < p.batches; k++) {
            bh.consume(p.linear(p.batch(k), bh));
        }
    }

    /** Diagnostic: zeroGrad, the loss and an Adam step per batch, 45 batches. */
    @Benchmark
    public float lossAndOptimizer(Parts p) {
        float sum = 0;
        for (int k = 0; k < p.batches; k++) {
            Batch b = p.batch(k);
            p.optimizer.zeroGrad();
            Loss.Classification loss = Loss.maxOverTimeCrossEntropy(b.vExpected, b.labels);
            p.optimizer.step();
            sum += loss.value() + loss.grad().data()[0];
        }
        return sum;
    }
}
