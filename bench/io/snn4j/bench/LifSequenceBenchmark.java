package io.snn4j.bench;

import io.snn4j.functional.LIFFeedForwardState;
import io.snn4j.module.LIF;
import io.snn4j.tensor.Tensor;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A LIF sequence T = 200, B = 32, N = 1024: the input (26 MB) is read from memory and the spikes (26 MB)
 * written back, so this is memory-bound. Compared with {@code System.arraycopy} of the same bytes (26 MB
 * read, 26 MB written) and run on one and two threads. Throughput in neuron-steps per second (for the
 * copy: floats copied per second).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx2g"})
@State(Scope.Benchmark)
public class LifSequenceBenchmark {
    static final int T = 200, B = 32, N = 1024;
    static final int OPS = T * B * N;

    @Param({"1", "2"})
    public int threads;

    LIF lif;
    Tensor x, out;
    LIFFeedForwardState state;
    float[] copySrc, copyDst;

    @Setup
    public void setup() {
        lif = new LIF();
        lif.setThreads(threads);
        x = Tensor.zeros(T, B, N);
        out = Tensor.zeros(T, B, N);
        float[] d = x.data();
        SplittableRandom r = new SplittableRandom(7);
        for (int k = 0; k < d.length; k++) {
            d[k] = (float) r.nextDouble() * 0.6f;
        }
        state = lif.defaultState(new int[] {B, N});
        copySrc = d.clone();
        copyDst = new float[d.length];
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public Tensor lifSequence() {
        return lif.forward(x, state, out).output();
    }

    /** The memory baseline: copy as many bytes as the LIF sequence reads (input) and writes (spikes). */
    @Benchmark
    @OperationsPerInvocation(OPS)
    public float[] arraycopy() {
        System.arraycopy(copySrc, 0, copyDst, 0, OPS);
        return copyDst;
    }
}
