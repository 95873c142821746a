package io.snn4j.cli;

import io.snn4j.functional.LIFState;
import io.snn4j.internal.Parallel;
import io.snn4j.internal.vectorization.KernelProvider;
import io.snn4j.tensor.SparseSpikes;
import io.snn4j.tensor.Tensor;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code snn demo}: the built-in balanced network, its statistics and a raster plot. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Simulate a balanced network of excitatory and inhibitory LIF neurons (Brunel 2000 style)",
            "driven by Poisson input, report rates, irregularity and speed, and draw a spike raster."})
final class DemoCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Option(names = "--neurons", description = "Number of neurons, 80 %% excitatory (default: ${DEFAULT-VALUE}).")
    int neurons = 1000;

    @Option(names = "--steps", description = "Time steps (default: ${DEFAULT-VALUE}).")
    int steps = 1000;

    @Option(names = "--in-degree", description = {"Inputs per neuron from the network, 80 %% excitatory and 20 %% "
            + "inhibitory, the same at every size (as NEST's large-scale benchmark); 100 keeps any size in the default "
            + "network's regime. 0 (default): 10 %% of each population, which grows with --neurons."})
    int inDegree = 0;

    @Option(names = "--dt", description = "Time step in seconds (default: ${DEFAULT-VALUE}).")
    double dt = 0.001;

    @Option(names = "--seed", description = "Seed of connectivity and input (default: ${DEFAULT-VALUE}).")
    long seed = 42;

    @Option(names = "--threads", description = "Threads (default: available processors).")
    int threads = Parallel.defaultThreads();

    @Option(names = "--out", description = "Raster plot PNG (default: ${DEFAULT-VALUE}).")
    Path out = Path.of("raster.png");

    @Option(names = "--spikes", description = "Also save the spikes as a (steps, neurons) .npy array.")
    Path spikesFile;

    @Mixin
    RunLoop.Options loop = new RunLoop.Options();

    @Override
    public Integer call() throws IOException {
        PrintStream o = main.out;
        if (steps < 1) {
            throw new IllegalArgumentException("--steps must be at least 1, got " + steps);
        }
        loop.validate();
        Parallel.checkThreads(threads);
        checkOutputs();
        BalancedNetwork.validate(neurons, dt, inDegree);
        Memory.require(Memory.demo(neurons, inDegree, steps, dt, loop.checkpoint != null), neurons + " neurons' synapses "
                + "and the spikes of " + steps + " steps");
        BalancedNetwork net = new BalancedNetwork(neurons, dt, seed, threads, inDegree);
        LIFState state = net.initialState();
        List<IntList> times = new ArrayList<>();
        for (int j = 0; j < neurons; j++) {
            times.add(new IntList());
        }
        int t = 0;
        Map<String, String> config = config();
        if (loop.resume != null) {
            Checkpoint c = Checkpoint.read(loop.resume, "demo");
            c.requireConfig(config, loop.resume);
            t = c.getInt("step", 0, steps, loop.resume);
            state.copyFrom(restore(c, state));
            String[] rng = c.get("rng", loop.resume).split(",");
            try {
                net.input.restoreRandomState(new long[] {Long.parseLong(rng[0]), Long.parseLong(rng[1])});
            } catch (RuntimeException e) {
                throw new io.snn4j.io.MalformedFileException(loop.resume + ": checkpoint's rng is not two integers", e);
            }
            restoreSpikes(c, loop.resume, t, times);
            if (!loop.quiet) {
                main.err.println("snn demo: resuming at step " + t + " of " + steps + " from " + loop.resume);
            }
        }
        RunLoop.Result run = RunLoop.run("demo", main.err, loop, t, steps, new RunLoop.Simulation() {
            @Override
            public void advance(int from, int n) {
                SparseSpikes sp = net.advance(state, n);
                for (int k = 0; k < n; k++) {
                    for (int j : sp.indices(k)) {
                        times.get(j).add(from + k);
                    }
                }
            }

            @Override
            public void checkpoint(int at) throws IOException {
                save(net, state, times, at);
            }
        });
        if (run.interrupted()) {
            return Main.INTERRUPTED;
        }
        long simulated = run.simulated();
        double wall = run.seconds();
        List<int[]> spikeTimes = new ArrayList<>();
        for (IntList l : times) {
            spikeTimes.add(l.toArray());
        }
        BalancedNetwork.Stats s = net.stats(spikeTimes, steps, Math.min(steps / 10, (int) Math.round(0.1 / dt)));
        int inh = neurons - net.excitatory;
        o.println("snn4j demo: balanced network of LIF neurons (Brunel 2000 style), Poisson input");
        o.printf(Locale.ROOT, "  neurons      %d (%d excitatory, %d inhibitory)%n", neurons, net.excitatory, inh);
        o.printf(Locale.ROOT, "  synapses     %d (recurrent and external; 10 %% connectivity, inhibition %.0fx stronger)%n",
                net.synapses, BalancedNetwork.G);
        o.printf(Locale.ROOT, "  steps        %d of %s ms = %.3f s of biological time%n", steps, trim(dt * 1000), steps * dt);
        o.printf(Locale.ROOT, "  kernels      %s (%d float lanes), threads %d%n", KernelProvider.kernels().name(),
                KernelProvider.kernels().lanes(), threads);
        o.printf(Locale.ROOT, "  rates        excitatory %.1f Hz, inhibitory %.1f Hz (mean per neuron%s)%n", s.rateExcitatory(),
                s.rateInhibitory(), s.warmup() > 0 ? ", after the first " + trim(s.warmup() * dt * 1000) + " ms" : "");
        o.println("  ISI CV       " + describeCv(s, dt));
        o.printf(Locale.ROOT, "  spikes       %d%n", s.spikes());
        double perSec = simulated * (double) neurons / Math.max(wall, 1e-9);
        o.printf(Locale.ROOT, "  wall time    %.3f s (%.3g neuron-steps/s, %.1fx real time)%n", wall, perSec,
                simulated * dt / Math.max(wall, 1e-9));
        RasterPlot.write(RasterPlot.draw(spikeTimes, steps, dt, net.excitatory, String.format(Locale.ROOT,
                "%d LIF neurons, %.1f Hz (E) / %.1f Hz (I), %s", neurons, s.rateExcitatory(), s.rateInhibitory(),
                Double.isNaN(s.cv()) ? "no ISI CV" : String.format(Locale.ROOT, "ISI CV %.2f", s.cv()))),
                "--out", out);
        o.println("  raster       " + out);
        if (spikesFile != null) {
            writeSpikes(spikeTimes, steps, neurons, spikesFile, SPIKE_BLOCK_BYTES);
            o.println("  spikes file  " + spikesFile);
        }
        return 0;
    }

    /**
     * The ISI CV and what it says about the firing: the CV is the standard deviation of a neuron's
     * inter-spike intervals over their mean (0 for a clock, 1 for a Poisson process, above 1 for spikes in
     * bursts), averaged over the neurons that fired at least three times after the warm-up.
     */
    static String describeCv(BalancedNetwork.Stats s, double dt) {
        if (s.spikes() == 0) {
            return "n/a (no spikes: no neuron fired; smaller networks of this kind stay silent)";
        }
        if (s.cvNeurons() == 0) {
            return "n/a (no neuron fired 3 times" + (s.warmup() > 0 ? " after the first " + trim(s.warmup() * dt * 1000)
                    + " ms" : "") + ": too few spikes to measure; run more --steps)";
        }
        double cv = s.cv();
        String regime = cv < 0.5 ? "regular firing: intervals vary little"
                : cv < 0.8 ? "moderately irregular firing, between clock-like and Poisson-like"
                : cv <= 1.2 ? "irregular, Poisson-like firing: a Poisson process has CV 1"
                : cv <= 1.5 ? "irregular firing, more variable than Poisson"
                : "bursty firing: bursts of spikes separated by long pauses";
        return String.format(Locale.ROOT, "%.2f (%s; mean over %d neurons with 3+ spikes)", cv, regime, s.cvNeurons());
    }

    /** Checks the PNG, the spike file and the checkpoint before anything is simulated. */
    private void checkOutputs() throws IOException {
        Map<String, Path> inputs = new LinkedHashMap<>();
        inputs.put("--resume", loop.resume);
        OutputFile.check("--out", out, ".png", inputs);
        if (spikesFile != null) {
            inputs.put("--out", out);
            OutputFile.check("--spikes", spikesFile, ".npy", inputs);
        }
        if (loop.checkpoint != null) {
            Map<String, Path> others = new LinkedHashMap<>();
            others.put("--out", out);
            others.put("--spikes", spikesFile);
            OutputFile.check("--checkpoint", loop.checkpoint, "", others);
        }
    }

    /** The most bytes of dense spike rows held at once while writing {@code --spikes}. */
    static final int SPIKE_BLOCK_BYTES = 4 << 20;

    /**
     * Writes the spikes as a dense float32 {@code (steps, neurons)} array of 0 and 1, block of rows by block
     * of rows (at most {@code blockBytes} in memory, however long the run), into a partial file that is moved
     * into place when complete.
     */
    static void writeSpikes(List<int[]> spikeTimes, int steps, int neurons, Path file, int blockBytes) throws IOException {
        int rows = Math.max(1, Math.min(steps, blockBytes / 4 / neurons));
        int[] next = new int[neurons];
        Tensor block = Tensor.zeros(rows, neurons);
        float[] b = block.data();
        OutputFile.Npy w = OutputFile.Npy.create("--spikes", file, new int[] {steps, neurons});
        try {
            for (int t0 = 0; t0 < steps; t0 += rows) {
                int t1 = Math.min(steps, t0 + rows);
                java.util.Arrays.fill(b, 0f);
                for (int j = 0; j < neurons; j++) {
                    int[] ts = spikeTimes.get(j);
                    while (next[j] < ts.length && ts[next[j]] < t1) {
                        b[(ts[next[j]++] - t0) * neurons + j] = 1f;
                    }
                }
                for (int t = t0; t < t1; t++) {
                    w.writeStep(t, block.step(t - t0));
                }
            }
            w.commit();
        } catch (IOException | RuntimeException e) {
            w.discard();
            throw e;
        }
    }

    private Map<String, String> config() {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("command", "demo");
        c.put("neurons", Integer.toString(neurons));
        c.put("steps", Integer.toString(steps));
        c.put("dt", Double.toString(dt));
        c.put("in-degree", Integer.toString(inDegree));
        c.put("seed", Long.toString(seed));
        return c;
    }

    private void save(BalancedNetwork net, LIFState state, List<IntList> times, int t) throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (String name : state.names()) {
            tensors.put("state." + name, state.tensor(name).copy());
        }
        int n = 0;
        for (IntList l : times) {
            n = Math.addExact(n, l.size);
        }
        int[] st = new int[n], sn = new int[n];
        int k = 0;
        for (int j = 0; j < times.size(); j++) {
            for (int q = 0; q < times.get(j).size; q++) {
                st[k] = times.get(j).values[q];
                sn[k++] = j;
            }
        }
        Map<String, int[]> ints = new LinkedHashMap<>();
        ints.put("spikes.time", st);
        ints.put("spikes.neuron", sn);
        Map<String, String> meta = config();
        meta.put("step", Integer.toString(t));
        long[] rng = net.input.randomState();
        meta.put("rng", rng[0] + "," + rng[1]);
        new Checkpoint(tensors, ints, meta).write(loop.checkpoint);
    }

    /** The spike record of a checkpoint: int32 steps and neuron indices, each checked. */
    private void restoreSpikes(Checkpoint c, Path file, int step, List<IntList> times) throws IOException {
        int[] st = c.ints("spikes.time", file), sn = c.ints("spikes.neuron", file);
        if (st.length != sn.length) {
            throw new io.snn4j.io.MalformedFileException(file + ": spikes.time and spikes.neuron differ in length");
        }
        for (int k = 0; k < st.length; k++) {
            if (sn[k] < 0 || sn[k] >= neurons || st[k] < 0 || st[k] >= step) {
                throw new io.snn4j.io.MalformedFileException(file + ": spike " + k + " (neuron " + sn[k] + ", step " + st[k]
                        + ") is outside " + neurons + " neurons and " + step + " steps");
            }
            times.get(sn[k]).add(st[k]);
        }
    }

    private static LIFState restore(Checkpoint c, LIFState like) throws IOException {
        LIFState s = like.newLike(like.shape());
        for (String name : s.names()) {
            Tensor t = c.tensors().get("state." + name);
            if (t == null || t.size() != s.size()) {
                throw new io.snn4j.io.MalformedFileException("checkpoint has no state '" + name + "' of " + s.size() + " values");
            }
            System.arraycopy(t.data(), t.offset(), s.buffer(name), 0, s.size());
        }
        return s;
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    /** A growable int list. */
    static final class IntList {
        int[] values = new int[8];
        int size;

        void add(int v) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }

        int[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }
}
