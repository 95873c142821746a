package io.snn4j.module;

import io.snn4j.functional.LIFParameters;
import io.snn4j.internal.SeededRandom;
import io.snn4j.tensor.SparseSpikes;
import java.util.Arrays;

/**
 * Where the threads of {@link RecurrentModule#runPipelined} spend a sequence: the layer of
 * {@code WideRecurrentBenchmark} (LIFRecurrent 1000 -> {@code hidden}, B = 1, T = 100, 3 % Poisson input as
 * SparseSpikes) called back to back on one thread and on two, in rounds; per round the fastest and the
 * median call of each, and for two threads the {@link RecurrentModule.PipeStats} counters per call (steps
 * each thread projected and the time, the neurons' time, steps projected aside, the helper's start delay,
 * its rounds of waiting for a slot). A diagnostic, not a benchmark: wall times are {@code System.nanoTime}
 * around each call. Run it under the bench lock:
 * {@code java --add-modules jdk.incubator.vector -cp "target/test-classes:target/classes:$(cat target/bench.classpath)"
 * io.snn4j.module.PipelineProbe [hidden [calls [rounds]]]}.
 */
public final class PipelineProbe {
    private PipelineProbe() {
    }

    public static void main(String[] args) {
        int in = 1000, steps = 100;
        int hidden = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int calls = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        LIFRecurrent layer = new LIFRecurrent(in, hidden, LIFParameters.DEFAULT, RecurrentOptions.DEFAULT.withSeed(1));
        SeededRandom r = new SeededRandom(2);
        int[][] rows = new int[steps][];
        for (int t = 0; t < steps; t++) {
            int[] buf = new int[in];
            int c = 0;
            for (int k = 0; k < in; k++) {
                if (r.nextDouble() < 0.03) {
                    buf[c++] = k;
                }
            }
            rows[t] = Arrays.copyOf(buf, c);
        }
        SparseSpikes x = SparseSpikes.fromIndices(new int[] {steps, 1, in}, rows);
        for (int round = 0; round < rounds; round++) {
            for (int threads = 1; threads <= 2; threads++) {
                layer.setThreads(threads);
                RecurrentModule.PipeStats st = new RecurrentModule.PipeStats();
                RecurrentModule.pipeStats = threads == 2 ? st : null;
                long[] times = new long[calls];
                for (int i = 0; i < calls; i++) {
                    long t0 = System.nanoTime();
                    layer.forward(x, null);
                    times[i] = System.nanoTime() - t0;
                }
                RecurrentModule.pipeStats = null;
                Arrays.sort(times);
                System.out.printf("round %d, %d thread(s): fastest %.3f ms, median %.3f ms%s%n", round, threads,
                        times[0] / 1e6, times[calls / 2] / 1e6, threads == 2 ? "; " + st : "");
            }
        }
    }
}
