package io.snn4j.cli;

import io.snn4j.functional.LIFState;
import io.snn4j.internal.Parallel;
import io.snn4j.internal.vectorization.KernelProvider;
import io.snn4j.io.SpikeEventWriter;
import io.snn4j.io.StateMonitor;
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
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

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

    @Option(names = "--out", description = "Raster plot PNG (default: ${DEFAULT-VALUE}, which replaces only a plot snn "
            + "wrote; a file named here is replaced).")
    Path out = Path.of("raster.png");

    @Spec
    CommandSpec spec;

    @Option(names = "--spikes", description = "Also save the spikes as a dense (steps, neurons) float32 .npy array "
            + "(networks of up to 2000 neurons; larger runs: --spike-events).")
    Path spikesFile;

    @Option(names = "--spike-events", paramLabel = "FILE", description = "Stream every spike, as it is simulated, to an "
            + "int32 .npy of shape (spikes, 2): step and neuron of each.")
    Path eventsFile;

    @Option(names = "--record-v", paramLabel = "LIST", description = "Record the membrane voltage of these neurons every "
            + "step into --traces, e.g. 0,5,100-110.")
    String recordV;

    @Option(names = "--traces", paramLabel = "FILE", description = "The voltage traces of --record-v: a float32 .npy of "
            + "shape (steps, neurons listed).")
    Path tracesFile;

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
        BalancedNetwork.validate(neurons, dt, inDegree);
        checkOutputs();
        int[] traced = checkRecording();
        RasterPlot.prepareInBackground();
        long estimate = Memory.demo(neurons, inDegree, steps, dt, loop.checkpoint != null);
        Memory.require(estimate, neurons + " neurons' synapses and the spike statistics of " + steps + " steps");
        BalancedNetwork net = new BalancedNetwork(neurons, dt, seed, threads, inDegree);
        LIFState state = net.initialState();
        int warmup = Math.min(steps / 10, (int) Math.round(0.1 / dt));
        SpikeStats stats = new SpikeStats(neurons, net.excitatory, warmup);
        RasterSample sample = new RasterSample(neurons);
        int t = 0;
        Map<String, String> config = config();
        Checkpoint resumed = null;
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
            boolean accumulated = SpikeStats.saved(c);
            if (accumulated) {
                stats.restore(c, loop.resume, t);
            }
            sample.restore(c, loop.resume, t, !accumulated, stats);
            resumed = c;
        }
        Recorders rec = Recorders.open(this, resumed, t, traced);
        if (resumed != null && !loop.quiet) {
            main.err.println("snn demo: resuming at step " + t + " of " + steps + " from " + loop.resume);
        }
        boolean[] resumable = {resumed != null};
        RunLoop.Result run;
        try {
            run = RunLoop.run("demo", main.err, loop, t, steps, new RunLoop.Simulation() {
                final int[] fired = new int[neurons];

                @Override
                public void advance(int from, int n) throws IOException {
                    if (rec.traces == null) {
                        record(from, net.advance(state, n));
                        return;
                    }
                    // the voltage after every step: one step per call. The alternative, LIFRecurrent's recorded
                    // states, would hold (steps, neurons) floats of every buffer per chunk (800 MB per 100 steps
                    // at 1,000,000 neurons) to keep k of them; a call per step costs only its fixed overhead,
                    // which once compiled is lost in the noise (RecordingBenchmark: traces vs plain)
                    for (int k = 0; k < n; k++) {
                        record(from + k, net.advance(state, 1));
                        rec.traces.record(state);
                    }
                }

                private void record(int from, SparseSpikes sp) throws IOException {
                    for (int k = 0; k < sp.rows(); k++) {
                        int c = sp.copyIndices(k, fired);
                        stats.add(from + k, fired, c);
                        sample.add(from + k, fired, c);
                    }
                    if (rec.events != null) {
                        rec.events.write(from, sp);
                    }
                }

                @Override
                public void checkpoint(int at) throws IOException {
                    rec.sync();
                    save(net, state, stats, sample, rec, at);
                    resumable[0] = true;
                }

                @Override
                public String stopped(int at, boolean checkpointed) {
                    if (rec.none()) {
                        return "";
                    }
                    if (checkpointed) {
                        rec.keep();
                        return "; partial outputs kept as " + rec.partials() + " for --resume " + loop.checkpoint;
                    }
                    rec.discard();
                    return "; partial outputs removed";
                }
            });
        } catch (IOException | RuntimeException | Error e) {
            // recordings that a checkpoint (written or resumed from) can continue stay as partial files
            if (resumable[0]) {
                rec.keep();
            } else {
                rec.discard();
            }
            throw e;
        }
        if (run.interrupted()) {
            return Main.INTERRUPTED;
        }
        rec.finish();
        long simulated = run.simulated();
        double wall = run.seconds();
        SpikeStats.Stats s = stats.stats(steps, dt);
        List<int[]> spikeTimes = sample.spikeTimes();
        int inh = neurons - net.excitatory;
        o.println("snn4j demo: balanced network of LIF neurons (Brunel 2000 style), Poisson input");
        o.printf(Locale.ROOT, "  neurons      %d (%d excitatory, %d inhibitory)%n", neurons, net.excitatory, inh);
        o.printf(Locale.ROOT, "  synapses     %d (recurrent and external; %s, inhibition %.0fx stronger)%n",
                net.synapses, inDegree > 0 ? inDegree + " network inputs per neuron" : "10 % connectivity", BalancedNetwork.G);
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
        o.println("  first result " + StartTime.describe(StartTime.jvmStart(), run.firstResult(),
                "the first steps simulated"));
        o.printf(Locale.ROOT, "  memory       synapses %s, peak Java heap in use %s (estimated %s before building; "
                + "the JVM may use %s)%n", Memory.size(net.network().weightBytes()), Memory.size(Memory.peakHeapUsed()),
                Memory.size(estimate), Memory.size(Runtime.getRuntime().maxMemory()));
        String sampled = sample.complete() ? "" : String.format(Locale.ROOT, " (raster: %d of %d neurons, evenly spaced)",
                spikeTimes.size(), neurons);
        OutputFile.checkDefault(spec, "--out", out); // again: a file made there during the run is not replaced
        RasterPlot.write(RasterPlot.draw(spikeTimes, sample.neuronIds(), neurons, steps, dt, net.excitatory,
                String.format(Locale.ROOT, "%d LIF neurons, %.1f Hz (E) / %.1f Hz (I), %s%s", neurons, s.rateExcitatory(),
                        s.rateInhibitory(), Double.isNaN(s.cv()) ? "no ISI CV" : String.format(Locale.ROOT, "ISI CV %.2f", s.cv()),
                        sample.complete() ? "" : String.format(Locale.ROOT, " (%d of %d shown)", spikeTimes.size(), neurons))),
                "--out", out);
        o.println("  raster       " + out + sampled);
        if (spikesFile != null) {
            writeSpikes(spikeTimes, steps, neurons, spikesFile, SPIKE_BLOCK_BYTES);
            o.println("  spikes file  " + spikesFile);
        }
        if (rec.events != null) {
            o.printf(Locale.ROOT, "  spike events %s (%d events of step and neuron, int32)%n", eventsFile, rec.events.events());
        }
        if (rec.traces != null) {
            o.printf(Locale.ROOT, "  traces       %s (v of %d neurons at %d steps, float32)%n", tracesFile, traced.length,
                    rec.traces.steps());
        }
        return 0;
    }

    /**
     * The ISI CV and what it says about the firing: the CV is the standard deviation of a neuron's
     * inter-spike intervals over their mean (0 for a clock, 1 for a Poisson process, above 1 for spikes in
     * bursts), averaged over the neurons that fired at least three times after the warm-up.
     */
    static String describeCv(SpikeStats.Stats s, double dt) {
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

    /** The most bytes of a dense {@code --spikes} file: 1 GiB, what {@code NumPy.readNpy} (and {@code snn plot}) read by default. */
    static final long MAX_DENSE_SPIKE_BYTES = io.snn4j.io.NumPy.DEFAULT_MAX_BYTES;

    /**
     * Checks the recording options before anything is built or simulated: {@code --spikes} only within its
     * size limit, {@code --record-v} and {@code --traces} together, and the neuron list. Returns the
     * neurons to trace (null without {@code --record-v}).
     */
    private int[] checkRecording() {
        if (spikesFile != null && (neurons > RasterSample.MAX_NEURONS || 4L * steps * neurons > MAX_DENSE_SPIKE_BYTES)) {
            throw new IllegalArgumentException("--spikes writes a dense (steps, neurons) array, kept for networks of up to "
                    + RasterSample.MAX_NEURONS + " neurons and files up to " + Memory.size(MAX_DENSE_SPIKE_BYTES)
                    + " (this run: " + neurons + " neurons, " + Memory.size(4L * steps * neurons)
                    + "); use --spike-events FILE, which streams (step, neuron) events");
        }
        if ((recordV == null) != (tracesFile == null)) {
            throw new IllegalArgumentException(recordV == null ? "--traces needs --record-v LIST (the neurons to record)"
                    : "--record-v needs --traces FILE (where to write the voltages)");
        }
        return recordV == null ? null : parseNeurons("--record-v", recordV, neurons);
    }

    /**
     * A list of neurons like {@code 0,5,100-110} (ranges inclusive), in the order given: each in
     * {@code [0, neurons)}, none twice.
     */
    static int[] parseNeurons(String option, String list, int neurons) {
        java.util.BitSet seen = new java.util.BitSet();
        IntList l = new IntList();
        for (String part : list.split(",", -1)) {
            String p = part.strip();
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{1,10})(?:\\s*-\\s*(\\d{1,10}))?").matcher(p);
            if (!m.matches()) {
                throw new IllegalArgumentException(option + " " + list + ": '" + p + "' is not a neuron index or a range "
                        + "like 100-110");
            }
            long from = Long.parseLong(m.group(1)), to = m.group(2) == null ? from : Long.parseLong(m.group(2));
            if (to < from) {
                throw new IllegalArgumentException(option + " " + list + ": the range " + p + " runs backwards");
            }
            if (to >= neurons) {
                throw new IllegalArgumentException(option + " " + list + ": neuron " + to + " is outside [0, " + neurons
                        + ") (--neurons " + neurons + ")");
            }
            for (int j = (int) from; j <= to; j++) {
                if (seen.get(j)) {
                    throw new IllegalArgumentException(option + " " + list + ": neuron " + j + " is listed twice");
                }
                seen.set(j);
                l.add(j);
            }
        }
        return l.toArray();
    }

    /** A neuron list written compactly (runs of consecutive neurons as ranges), to compare a resumed run's with. */
    static String describeNeurons(int[] ids) {
        StringBuilder b = new StringBuilder();
        for (int k = 0; k < ids.length; ) {
            int e = k;
            while (e + 1 < ids.length && ids[e + 1] == ids[e] + 1) {
                e++;
            }
            b.append(b.length() > 0 ? "," : "").append(ids[k]);
            if (e > k) {
                b.append('-').append(ids[e]);
            }
            k = e + 1;
        }
        return b.toString();
    }

    /** Checks every output file before anything is simulated: extension, folder, and no two the same. */
    private void checkOutputs() throws IOException {
        Map<String, Path> written = new LinkedHashMap<>();
        written.put("--resume", loop.resume);
        OutputFile.check("--out", out, ".png", written);
        OutputFile.checkDefault(spec, "--out", out);
        written.put("--out", out);
        Object[][] files = {{"--spikes", spikesFile}, {"--spike-events", eventsFile}, {"--traces", tracesFile}};
        for (Object[] f : files) {
            if (f[1] != null) {
                OutputFile.check((String) f[0], (Path) f[1], ".npy", written);
                written.put((String) f[0], (Path) f[1]);
                Path partial = OutputFile.partial((Path) f[1]);
                if (loop.resume != null && OutputFile.same(partial, loop.resume)) {
                    throw new IllegalArgumentException(f[0] + " " + f[1] + ": its partial file " + partial + " is --resume");
                }
            }
        }
        if (loop.checkpoint != null) {
            written.remove("--resume"); // continuing a checkpoint in place is the normal case
            OutputFile.check("--checkpoint", loop.checkpoint, "", written);
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

    private void save(BalancedNetwork net, LIFState state, SpikeStats stats, RasterSample sample, Recorders rec, int t)
            throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (String name : state.names()) {
            tensors.put("state." + name, state.tensor(name).copy());
        }
        Map<String, int[]> ints = new LinkedHashMap<>();
        Map<String, String> meta = config();
        meta.put("step", Integer.toString(t));
        long[] rng = net.input.randomState();
        meta.put("rng", rng[0] + "," + rng[1]);
        stats.save(ints, meta);
        sample.save(ints);
        rec.save(meta);
        new Checkpoint(tensors, ints, meta).write(loop.checkpoint);
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

    /**
     * The streamed recordings of a run ({@code --spike-events}, {@code --record-v} with {@code --traces}),
     * each written into its partial file. A run resumed from a checkpoint continues them: the checkpoint
     * holds the event count and the traced neurons, and the partial files are cut back to what it counted;
     * a recording that the checkpoint's run did not make is refused, since its first steps are lost.
     */
    static final class Recorders {
        final SpikeEventWriter events;
        final StateMonitor traces;
        private final String tracedNeurons;

        private Recorders(SpikeEventWriter events, StateMonitor traces, String tracedNeurons) {
            this.events = events;
            this.traces = traces;
            this.tracedNeurons = tracedNeurons;
        }

        static Recorders open(DemoCommand d, Checkpoint resumed, int step, int[] traced) throws IOException {
            SpikeEventWriter events = null;
            String described = traced == null ? null : describeNeurons(traced);
            try {
                if (d.eventsFile != null) {
                    events = resumed == null ? created("--spike-events", d.eventsFile, () -> SpikeEventWriter.create(d.eventsFile,
                            d.neurons)) : continued("--spike-events", d.eventsFile, resumed, d.loop.resume, "spike_events.count",
                            null, step, count -> SpikeEventWriter.resume(d.eventsFile, d.neurons, Long.parseLong(count), step));
                }
                StateMonitor traces = null;
                if (traced != null) {
                    traces = resumed == null ? created("--traces", d.tracesFile, () -> StateMonitor.create(d.tracesFile, "v", traced,
                            d.neurons)) : continued("--record-v", d.tracesFile, resumed, d.loop.resume, "traces.neurons", described,
                            step, list -> StateMonitor.resume(d.tracesFile, "v", traced, d.neurons, step));
                }
                return new Recorders(events, traces, described);
            } catch (IOException | RuntimeException e) {
                if (events != null) {
                    events.close();
                }
                throw e;
            }
        }

        private interface Opener<T> {
            T open() throws IOException;
        }

        private interface Resumer<T> {
            T resume(String saved) throws IOException;
        }

        private static <T> T created(String option, Path file, Opener<T> o) throws IOException {
            try {
                return o.open();
            } catch (IOException e) {
                throw new IOException(option + " " + file + ": cannot create its partial file (" + Main.message(e) + ")", e);
            }
        }

        /** Continues a recording of the checkpoint's run ({@code key} in its metadata; equal to {@code expected} if given). */
        private static <T> T continued(String option, Path file, Checkpoint c, Path ckpt, String key, String expected, int step,
                Resumer<T> r) throws IOException {
            String saved = c.metadata().get(key);
            if (saved == null) {
                throw new IllegalArgumentException(option + ": the checkpoint " + ckpt + " was made without " + option
                        + ", so the recording of its first " + step + " steps is missing; resume without " + option
                        + ", or start again without --resume");
            }
            if (expected != null && !expected.equals(saved)) {
                throw new IllegalArgumentException(option + " " + expected + " differs from the interrupted run's " + option + " "
                        + saved + " (checkpoint " + ckpt + ")");
            }
            try {
                return r.resume(saved);
            } catch (NumberFormatException e) {
                throw new io.snn4j.io.MalformedFileException(ckpt + ": checkpoint's " + key + " is not an integer", e);
            } catch (IOException e) {
                throw new IOException(option + " " + file + ": cannot continue the interrupted run's recording ("
                        + Main.message(e) + "); start again without --resume", e);
            }
        }

        boolean none() {
            return events == null && traces == null;
        }

        /** Forces everything recorded so far to disk, before a checkpoint counts it. */
        void sync() throws IOException {
            if (events != null) {
                events.sync();
            }
            if (traces != null) {
                traces.sync();
            }
        }

        /** What a checkpoint needs to continue the recordings. */
        void save(Map<String, String> meta) {
            if (events != null) {
                meta.put("spike_events.count", Long.toString(events.events()));
            }
            if (traces != null) {
                meta.put("traces.neurons", tracedNeurons);
            }
        }

        /** Finishes the files and moves them into place. */
        void finish() throws IOException {
            if (events != null) {
                events.finish();
            }
            if (traces != null) {
                traces.finish();
            }
        }

        /** Closes the files, keeping them as partial files for a resumed run. */
        void keep() {
            for (java.io.Closeable c : new java.io.Closeable[] {events, traces}) {
                try {
                    if (c != null) {
                        c.close();
                    }
                } catch (IOException ignored) { // what the checkpoint counted was synced before it was written
                }
            }
        }

        /** Closes and removes the partial files. */
        void discard() {
            if (events != null) {
                events.discard();
            }
            if (traces != null) {
                traces.discard();
            }
        }

        String partials() {
            List<String> l = new ArrayList<>();
            if (events != null) {
                l.add(events.partial().toString());
            }
            if (traces != null) {
                l.add(traces.partial().toString());
            }
            return String.join(", ", l);
        }
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
