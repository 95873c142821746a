package io.snn4j.bench;

import io.snn4j.internal.vectorization.KernelProvider;
import io.snn4j.internal.vectorization.Kernels;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The kernels of one recurrent cell step at B = 1, H = 1024 (input 1024), 5 % input spikes and 5 % neuron
 * spikes, each alone, one thread, to see where the step's time goes ({@code RecurrentCellStepBenchmark}
 * times the whole step):
 * <ul>
 * <li>{@code eventSums}: the input and the recurrent sum, 51 rows of {@code W^T} each, by {@code sumRows}
 * (groups of eight rows, what the step uses), laid out as the module does for H = 1024: rows 1,040 floats
 * apart (padded by one cache line) from element 12 (each row starts a cache line when the array starts a
 * G1 region, as an array of this size does);</li>
 * <li>{@code eventSumsUnpadded}: the same with rows 1,024 floats apart from element 0 (4 KB: the rows'
 * elements at the same column share a set of the L1 cache; every vector spans two lines), for the ratio;</li>
 * <li>{@code eventSumsByFour}: the same sums by {@code sumEvents} (groups of four rows, what it used
 * before), for the ratio;</li>
 * <li>{@code lif}: the LIF update of 1024 neurons with both terms;</li>
 * <li>{@code spikeIndices} and {@code nonzeros}: listing the previous spikes, in one pass with the
 * plain-spike test, or as positions only (what the step used, followed by a scalar test).</li>
 * </ul>
 * Sampled (median and p99 per call). The weights are random; the rows are the same every call, so they
 * are in the core's cache unless another process evicted them. Nothing is allocated.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
@State(Scope.Benchmark)
public class CellStepPartsBenchmark {
    static final int H = 1024;
    /** The row stride of the module's transposed weights for H = 1024 (RecurrentModule.transposedStride). */
    static final int LD = H + 16;
    /** Where the module's transposed weights start (RecurrentModule.transposedOffset). */
    static final int OFF = 12;

    Kernels k;
    float[] winT = new float[OFF + H * LD], wrecT = new float[OFF + H * LD];
    float[] winU = new float[H * H], wrecU = new float[H * H];
    float[] x = new float[H], r = new float[H], v = new float[H], i = new float[H], z = new float[H], out = new float[H];
    int[] inIdx, recIdx;
    int[] act = new int[H];
    float[][] c = {{0.1f}, {0.2f}, {0f}, {1f}, {0f}};

    @Setup
    public void setup() {
        k = KernelProvider.kernels();
        SplittableRandom rnd = new SplittableRandom(3);
        for (int q = 0; q < winU.length; q++) {
            winU[q] = (float) rnd.nextGaussian() * 0.04f;
            wrecU[q] = (float) rnd.nextGaussian() * 0.04f;
            winT[OFF + q / H * LD + q % H] = winU[q];
            wrecT[OFF + q / H * LD + q % H] = wrecU[q];
        }
        inIdx = rnd.ints(0, H).distinct().limit(51).sorted().toArray();
        recIdx = rnd.ints(0, H).distinct().limit(51).sorted().toArray();
        for (int j : recIdx) {
            z[j] = 1f;
        }
        for (int q = 0; q < H; q++) {
            x[q] = (float) rnd.nextGaussian();
            r[q] = (float) rnd.nextGaussian();
        }
    }

    @Benchmark
    public float[] eventSums() {
        k.sumRows(inIdx, inIdx.length, winT, OFF, LD, x, 0, H);
        k.sumRows(recIdx, recIdx.length, wrecT, OFF, LD, r, 0, H);
        return r;
    }

    @Benchmark
    public float[] eventSumsUnpadded() {
        k.sumRows(inIdx, inIdx.length, winU, 0, H, x, 0, H);
        k.sumRows(recIdx, recIdx.length, wrecU, 0, H, r, 0, H);
        return r;
    }

    @Benchmark
    public float[] eventSumsByFour() {
        k.sumEvents(inIdx, null, 0, inIdx.length, winT, OFF, LD, x, 0, H);
        k.sumEvents(recIdx, null, 0, recIdx.length, wrecT, OFF, LD, r, 0, H);
        return r;
    }

    @Benchmark
    public float[] lif() {
        k.lif(x, 0, r, 0, v, i, 0, out, 0, H, c, 0);
        return out;
    }

    @Benchmark
    public int spikeIndices() {
        return k.spikeIndices(z, 0, H, act);
    }

    @Benchmark
    public int nonzeros() {
        return k.nonzeros(z, 0, H, act, 0, H);
    }
}
