package io.snn4j.bench;

import io.snn4j.functional.LIFParameters;
import io.snn4j.functional.LIFState;
import io.snn4j.internal.Parallel;
import io.snn4j.internal.SeededRandom;
import io.snn4j.internal.vectorization.KernelProvider;
import io.snn4j.internal.vectorization.Kernels;
import io.snn4j.module.LIFRecurrent;
import io.snn4j.module.RecurrentOptions;
import io.snn4j.tensor.SparseSpikes;
import io.snn4j.tensor.Tensor;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One batch row of a wide recurrent layer: LIFRecurrent 1000 -> {@code hidden} (default 10,000) neurons,
 * B = 1, T = 100, Poisson input at 3 % as SparseSpikes, default weights (N(0, 2/H)), threshold {@code vTh}.
 * With two threads the layer picks its own way to use them (nothing is set: the input projection is shared
 * ahead of the neurons when it is the larger part of a step, see {@code RecurrentModule.runPipelined}; each
 * thread takes half of every row's neurons when the recurrent term is, see
 * {@code RecurrentModule.runColumnsAhead}); {@code split} = true
 * also asks for the neuron split ({@code setSplitNeurons}); {@code threads} = 1 is the same run on one
 * thread. Time per sequence.
 *
 * <p>{@code projection} is the layer's input projection alone (the rows of {@code W_in^T}, 1000 x
 * {@code hidden}, of each step's active inputs summed into one slot of an 8-step ring), its steps dealt out
 * to {@code threads} threads in turn with no hand-over: the most two threads can gain on that part, which
 * reads about 1.2 MB of weights per step from memory (40 MB in all) and so is bound by the memory, not by
 * arithmetic.
 *
 * <p>The heap is fixed at 4 GB ({@code -Xms4g -Xmx4g}). The layer's live data is about 1.3 GB (the
 * 10,000 x 10,000 recurrent weights, their transposed copy and their gradient buffer), and {@link #sequence}
 * allocates a 4 MB output per call, a humongous object for G1. In a heap of at most 2 GB
 * ({@code -Xmx2g}) the live data stayed above G1's initiating occupancy and each such allocation started a
 * concurrent cycle: about 120 collections a second, 16-19 % of the run in pauses, and a marking thread
 * competing with the layer's two. With the heap committed up front there are 2-4 a second.
 *
 * <p>The heap's pages are also touched up front ({@code -XX:+AlwaysPreTouch}), as a long-running JVM's are
 * once its young generation has gone round the heap. Without it, each call's new state (three arrays of
 * 40 KB for a null state) could land on pages the JVM had never touched, and on this project's virtual
 * machine each such page cost a fault of about 15 us: 30 faults and 0.45-0.5 ms per {@link #sequenceInto}
 * call, for as long as the run lasted (at a few hundred KB a call the young generation takes thousands of
 * calls to go round the 2.7 GB that the live data leaves free), on one thread and two alike, in some JVMs
 * and not in others.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xms4g", "-Xmx4g", "-XX:+AlwaysPreTouch"})
@State(Scope.Benchmark)
public class WideRecurrentBenchmark {
    static final int IN = 1000, T = 100;

    @Param({"1", "2"})
    public int threads;

    @Param({"10000"})
    public int hidden;

    @Param({"false"})
    public boolean split;

    /**
     * The neurons' threshold: 1 (default) fires no spikes at all, so a step is its input projection and the
     * neurons' update; 0.15 makes about 30 % of the neurons fire every step, so a step is mostly its
     * recurrent term (about 3,000 rows of {@code W_rec^T} added): the layer then splits its columns between
     * the threads ({@code RecurrentModule.runColumnsAhead}) from its second call on.
     */
    @Param({"1.0"})
    public float vTh;

    static final Kernels K = KernelProvider.kernels();

    LIFRecurrent layer;
    SparseSpikes x;
    int[][] active;
    float[] winT;
    int woff, ld;
    float[][] ring;
    Tensor out;

    @Setup
    public void setup() {
        layer = new LIFRecurrent(IN, hidden, LIFParameters.DEFAULT.withVTh(io.snn4j.functional.Param.of(vTh)),
                RecurrentOptions.DEFAULT.withSeed(1));
        layer.setThreads(threads);
        layer.setSplitNeurons(split);
        SeededRandom r = new SeededRandom(2);
        int[][] rows = new int[T][];
        for (int t = 0; t < T; t++) {
            int[] buf = new int[IN];
            int c = 0;
            for (int k = 0; k < IN; k++) {
                if (r.nextDouble() < 0.03) {
                    buf[c++] = k;
                }
            }
            rows[t] = java.util.Arrays.copyOf(buf, c);
        }
        x = SparseSpikes.fromIndices(new int[] {T, 1, IN}, rows);
        active = rows;
        float[] w = layer.inputWeights().data; // (hidden, IN) row-major
        // laid out as the layer lays out its own copy (RecurrentModule.transposedStride and transposedOffset): rows
        // one 64-byte line longer when a multiple of 512 floats, starting on a cache line
        ld = hidden % 512 == 0 ? hidden + 16 : hidden;
        woff = ld % 16 == 0 ? 12 : 0;
        winT = new float[woff + IN * ld];
        for (int j = 0; j < hidden; j++) {
            for (int k = 0; k < IN; k++) {
                winT[woff + k * ld + j] = w[j * IN + k];
            }
        }
        ring = new float[threads][8 * hidden];
        out = Tensor.zeros(T, 1, hidden);
    }

    @Benchmark
    public float[][] projection() {
        int h = hidden;
        Parallel.forEach(threads, k -> {
            float[] r = ring[k];
            for (int t = k; t < T; t += threads) {
                K.sumRows(active[t], active[t].length, winT, woff, ld, r, (t % 8) * h, h);
            }
        });
        return ring;
    }

    /**
     * The same projection shared as the layer shares it ({@code RecurrentModule.runPipelined}): the steps are
     * claimed from a counter instead of dealt out in turn, so a thread that runs slower (a busier or slower
     * core of a virtual machine) claims fewer; no neurons and no hand-over of a step to another thread.
     */
    @Benchmark
    public float[][] projectionClaimed() {
        int h = hidden;
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        Parallel.forEach(threads, k -> {
            float[] r = ring[k];
            for (int t = next.getAndIncrement(); t < T; t = next.getAndIncrement()) {
                K.sumRows(active[t], active[t].length, winT, woff, ld, r, (t % 8) * h, h);
            }
        });
        return ring;
    }

    /**
     * The same projection split by columns instead of by steps: each of {@code threads} threads adds its
     * column range of every step's rows (into a ring of its own), no hand-over and no meeting per step: what
     * the column split of {@code RecurrentModule.runColumnsAhead} can gain on the projection at most.
     */
    @Benchmark
    public float[][] projectionColumns() {
        int h = hidden;
        int[] cb = Parallel.split(h, threads, 16);
        Parallel.forEach(threads, k -> {
            float[] r = ring[k];
            int j0 = cb[k], w = cb[k + 1] - j0;
            for (int t = 0; t < T; t++) {
                K.sumRows(active[t], active[t].length, winT, woff + j0, ld, r, (t % 8) * h, w);
            }
        });
        return ring;
    }

    @Benchmark
    public LIFState sequence() {
        return layer.forward(x, null).state();
    }

    /** {@link #sequence} writing into an output tensor kept across calls: no 4 MB allocation per call. */
    @Benchmark
    public LIFState sequenceInto() {
        return layer.forward(x, null, out).state();
    }
}
