package io.snn4j.module;

import io.snn4j.functional.LIFParameters;
import io.snn4j.internal.SeededRandom;
import io.snn4j.tensor.SparseSpikes;
import java.util.Arrays;

/**
 * Where the threads of a wide row spend a sequence: the layer of {@code WideRecurrentBenchmark}
 * (LIFRecurrent 1000 -> {@code hidden}, B = 1, T = 100, 3 % Poisson input as SparseSpikes) called back to
 * back, taking turns block by block (each block preceded by one uncounted call), on one thread, on two with the shared projection
 * ({@link RecurrentModule#runPipelined}, the column split turned off) and on two with the column split
 * ({@link RecurrentModule#runColumnsAhead}), in rounds;
 * per round the fastest, the median and the mean call of each, and for two threads the
 * {@link RecurrentModule.PipeStats} counters per call (shared projection: steps each thread projected and
 * the time, the neurons' time, steps projected aside, the helper's start delay, its rounds of waiting for a
 * slot; column split: each thread's own piece steps and their time without the projection, the helper's
 * start delay, the piece steps taken over). A diagnostic, not a benchmark: wall times are {@code System.nanoTime}
 * around each call. Run it under the bench lock:
 * {@code java --add-modules jdk.incubator.vector -Xms4g -Xmx4g -XX:+AlwaysPreTouch -cp "target/test-classes:target/classes:$(cat target/bench.classpath)"
 * io.snn4j.module.PipelineProbe [hidden [calls [rounds [v_th [block [into]]]]]]}. With {@code into} as the sixth
 * argument each call writes into one output tensor kept across calls ({@code WideRecurrentBenchmark.sequenceInto});
 * otherwise each call makes its own ({@code sequence}).
 */
public final class PipelineProbe {
    private PipelineProbe() {
    }

    public static void main(String[] args) {
        int in = 1000, steps = 100;
        int hidden = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int calls = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        float vTh = args.length > 3 ? Float.parseFloat(args[3]) : 1f; // a lower threshold makes the layer fire
        int block = args.length > 4 ? Integer.parseInt(args[4]) : 10;
        if (hidden < 1 || calls < 1 || rounds < 1 || block < 1) {
            throw new IllegalArgumentException("hidden, calls, rounds and block must be at least 1");
        }
        if (args.length > 6) {
            throw new IllegalArgumentException("at most six arguments, got " + args.length);
        }
        if (args.length > 5 && !args[5].equals("into")) {
            throw new IllegalArgumentException("the sixth argument can only be 'into', not '" + args[5] + "'");
        }
        io.snn4j.tensor.Tensor out = args.length > 5 ? io.snn4j.tensor.Tensor.zeros(steps, 1, hidden) : null;
        LIFRecurrent layer = new LIFRecurrent(in, hidden, LIFParameters.DEFAULT.withVTh(io.snn4j.functional.Param.of(vTh)),
                RecurrentOptions.DEFAULT.withSeed(1));
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
        Runnable call = out != null ? () -> layer.forward(x, null, out) : () -> layer.forward(x, null);
        layer.setThreads(1);
        System.out.printf("v_th %s: %d output spikes over %d steps%n", vTh, layer.forward(x, null).output().countNonZero(),
                steps);
        String[] modes = {"1 thread", "2 threads, shared projection", "2 threads, columns ahead"};
        for (int round = 0; round < rounds; round++) {
            // the modes take turns block by block, so that each sees the same load of the machine
            RecurrentModule.PipeStats[] st = new RecurrentModule.PipeStats[modes.length];
            long[][] times = new long[modes.length][calls];
            for (int i0 = 0; i0 < calls; i0 += block) {
                for (int mode = 0; mode < modes.length; mode++) {
                    layer.setThreads(mode == 0 ? 1 : 2);
                    layer.aheadOff = mode == 1;
                    layer.aheadOn = mode == 2;
                    if (st[mode] == null) {
                        st[mode] = new RecurrentModule.PipeStats();
                    }
                    // one call first that is not counted: the first two-thread call after a block of one-thread calls
                    // pays the other thread's start from a long park (its core idle for milliseconds), which
                    // would otherwise fall on whichever mode comes first after the one-thread block
                    call.run();
                    for (int i = i0; i < Math.min(calls, i0 + block); i++) {
                        RecurrentModule.pipeStats = mode > 0 ? st[mode] : null;
                        long t0 = System.nanoTime();
                        call.run();
                        times[mode][i] = System.nanoTime() - t0;
                        RecurrentModule.pipeStats = null;
                    }
                }
            }
            for (int mode = 0; mode < modes.length; mode++) {
                long[] tm = times[mode];
                double mean = Arrays.stream(tm).average().orElse(0);
                Arrays.sort(tm);
                System.out.printf("round %d, %s: fastest %.3f ms, median %.3f ms, mean %.3f ms%s%n", round, modes[mode],
                        tm[0] / 1e6, tm[calls / 2] / 1e6, mean / 1e6, mode > 0 ? "; " + st[mode] : "");
            }
        }
    }
}
