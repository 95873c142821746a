package io.snn4j.cli;

import io.snn4j.functional.LIFFeedForwardState;
import io.snn4j.functional.LIFParameters;
import io.snn4j.functional.LIFState;
import io.snn4j.internal.SeededRandom;
import io.snn4j.internal.vectorization.KernelProvider;
import io.snn4j.module.LIF;
import io.snn4j.module.LIFRecurrent;
import io.snn4j.module.RecurrentOptions;
import io.snn4j.nn.PoissonEncoder;
import io.snn4j.tensor.SparseSpikes;
import io.snn4j.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code snn bench}: a quick throughput check of the standard workloads, for sizing a machine. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Quick throughput check (neuron-steps/s) of the standard workloads per thread count.",
            "Not JMH: warm-up and timing are simple; for figures you can quote, run scripts/bench."})
final class BenchCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Option(names = "--seconds", description = "Measuring time per workload and thread count (default: ${DEFAULT-VALUE}).")
    double seconds = 1.0;

    @Option(names = "--threads", split = ",", description = "Thread counts (default: 1 and the available processors).")
    List<Integer> threads;

    @Override
    public Integer call() {
        if (!(seconds > 0) || seconds > 600) {
            throw new IllegalArgumentException("--seconds must be in (0, 600], got " + seconds);
        }
        List<Integer> counts = threads != null ? threads : defaultThreads();
        for (int n : counts) {
            io.snn4j.internal.Parallel.checkThreads(n);
        }
        var o = main.out;
        o.printf(Locale.ROOT, "snn bench: kernels %s (%d float lanes), %d processors; quick check, not JMH (see scripts/bench)%n",
                KernelProvider.kernels().name(), KernelProvider.kernels().lanes(), Runtime.getRuntime().availableProcessors());
        o.printf(Locale.ROOT, "%-52s %8s %16s%n", "workload", "threads", "neuron-steps/s");
        // LIF sequence T=200, B=32, N=1024
        LIF lif = new LIF();
        Tensor x = random(1, 200, 32, 1024);
        LIFFeedForwardState s1 = lif.defaultState(new int[] {32, 1024});
        Tensor out = Tensor.zeros(200, 32, 1024);
        for (int n : counts) {
            lif.setThreads(n);
            report("LIF sequence T=200 B=32 N=1024", n, 200L * 32 * 1024, () -> lif.forward(x, s1, out));
        }
        // LIFRecurrent 512 -> 512, T=50, B=32, dense input
        LIFRecurrent rec = new LIFRecurrent(512, 512, LIFParameters.DEFAULT, RecurrentOptions.DEFAULT.withSeed(1));
        Tensor xr = random(2, 50, 32, 512);
        for (int n : counts) {
            rec.setThreads(n);
            report("LIFRecurrent 512->512 T=50 B=32 dense input", n, 50L * 32 * 512, () -> rec.forward(xr));
        }
        // sparse recurrent: Poisson input at 3 %, 1000 -> 1000, T=100, B=32
        LIFRecurrent sparse = new LIFRecurrent(1000, 1000, LIFParameters.DEFAULT, RecurrentOptions.DEFAULT.withSeed(2));
        SparseSpikes in = new PoissonEncoder(100, 30, 0.001, 3).encodeSparse(Tensor.ones(32, 1000));
        LIFState s3 = sparse.defaultState(new int[] {32, 1000});
        for (int n : counts) {
            sparse.setThreads(n);
            report("sparse LIFRecurrent 1000->1000 T=100 B=32, 3 % input", n, 100L * 32 * 1000, () -> sparse.forward(in, s3));
        }
        return 0;
    }

    private static List<Integer> defaultThreads() {
        List<Integer> l = new ArrayList<>(List.of(1));
        int cores = Runtime.getRuntime().availableProcessors();
        if (cores > 1) {
            l.add(cores);
        }
        return l;
    }

    private static Tensor random(long seed, int... shape) {
        SeededRandom r = new SeededRandom(seed);
        Tensor t = Tensor.zeros(shape);
        for (int k = 0; k < t.size(); k++) {
            t.data()[k] = (float) r.nextDouble();
        }
        return t;
    }

    private void report(String name, int threads, long neuronSteps, Runnable work) {
        long warmEnd = System.nanoTime() + (long) (seconds * 0.3e9);
        do {
            work.run();
        } while (System.nanoTime() < warmEnd);
        long start = System.nanoTime(), end = start + (long) (seconds * 1e9);
        long runs = 0;
        do {
            work.run();
            runs++;
        } while (System.nanoTime() < end);
        double rate = runs * neuronSteps / ((System.nanoTime() - start) / 1e9);
        main.out.printf(Locale.ROOT, "%-52s %8d %16.3g%n", name, threads, rate);
    }
}
