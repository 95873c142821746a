package io.snn4j.bench;

import io.snn4j.internal.Parallel;
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
 * What a call of {@link Parallel#forEach} costs: {@code n} floats summed, split into {@code threads} pieces
 * (each piece its contiguous part, into a slot of its own), calls back to back. With {@code n = 0} it is the
 * hand-over alone: starting the other pieces and waiting for them. Time per call; compare {@code threads = 2}
 * with {@code threads = 1} at each {@code n}, and one checkout with another.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
@State(Scope.Benchmark)
public class ParallelBenchmark {
    @Param({"1", "2"})
    public int threads;

    @Param({"0", "65536", "1048576"})
    public int n;

    float[] x;
    float[] sums;

    @Setup
    public void setup() {
        x = new float[n];
        for (int k = 0; k < n; k++) {
            x[k] = (k % 7) * 0.25f;
        }
        sums = new float[16 * threads]; // a cache line apart
    }

    @Benchmark
    public float[] forEach() {
        int[] b = Parallel.split(n, threads, 16);
        int pieces = Math.max(threads, b.length - 1);
        Parallel.forEach(pieces, k -> {
            float s = 0;
            if (k < b.length - 1) {
                for (int j = b[k]; j < b[k + 1]; j++) {
                    s += x[j];
                }
            }
            sums[16 * k] = s;
        });
        return sums;
    }
}
