package io.snn4j.cli;

import io.snn4j.functional.LIFParameters;
import io.snn4j.functional.LIFState;
import io.snn4j.internal.SeededRandom;
import io.snn4j.module.LIFRecurrent;
import io.snn4j.module.RecurrentOptions;
import io.snn4j.module.SparseResult;
import io.snn4j.module.Connectivity;
import io.snn4j.module.Synapses;
import io.snn4j.tensor.SparseSpikes;
import java.util.Arrays;

/**
 * The demo: a balanced network in the style of Brunel (2000). 80 % excitatory and 20 % inhibitory LIF
 * neurons (Norse's default parameters), each receiving a fixed number of random inputs: {@code C_E}
 * excitatory neurons with weight {@code J}, {@code C_I} inhibitory ones with weight {@code -g J}
 * ({@code g = 8}: inhibition dominates), and {@code C_E} of the external Poisson sources (one per
 * excitatory neuron, 28 Hz each) with weight {@code J}. By default the in-degrees are 10 % of each
 * population ({@code C_E = 0.1 N_E}, {@code C_I = 0.1 N_I}), as in Brunel's paper, which keeps the network
 * balanced at its default size of 1,000 neurons (rates of 10-20 Hz, ISI CV about 0.9) but makes larger ones
 * fire in bursts, since the input grows with N; with a fixed in-degree K ({@code C_E = 0.8 K},
 * {@code C_I = 0.2 K}, independent of N, as in NEST's large-scale benchmark) every size stays in the regime
 * of the default one when K = 100. Networks of a few hundred neurons or fewer get too little input to fire.
 *
 * <p>The synapses are sparse ({@link Synapses}, built by {@link Connectivity}: 8 bytes per synapse), so
 * memory grows with N times the in-degree, not N squared; a spike adds its neuron's fan-out only. Runs with
 * {@link LIFRecurrent} on sparse (index) input, in chunks, so that it can report progress and write
 * checkpoints; the drive's generator state is part of a checkpoint. Not thread-safe.
 */
public final class BalancedNetwork {
    /** Fraction of excitatory neurons. */
    static final double EXCITATORY = 0.8;
    /** Connection probability (the default in-degree's fraction of each population). */
    static final double EPSILON = 0.1;
    /** Excitatory weight (threshold is 1). */
    static final float J = 0.1f;
    /** Relative strength of inhibition. */
    static final float G = 8f;
    /** Rate of each external Poisson source, Hz. */
    static final double EXTERNAL_RATE = 28.0;
    /** From this many neurons on, two or more threads split one step's neurons (measured: DemoBenchmark). */
    static final int SPLIT_FROM = 20_000;

    final int neurons;
    final int excitatory;
    final double dt;
    final long seed;
    /** The fixed in-degree K, or 0 for 10 % of each population. */
    final int inDegree;
    final LIFRecurrent network;
    final PoissonDrive input;
    final long synapses;

    /** Builds the default network (in-degree 10 % of each population); the seed fixes connectivity and input. */
    public BalancedNetwork(int neurons, double dt, long seed, int threads) {
        this(neurons, dt, seed, threads, 0);
    }

    /**
     * Builds the network with a fixed in-degree {@code inDegree} per neuron (0: 10 % of each population);
     * the seed fixes connectivity and input.
     *
     * @throws IllegalArgumentException if a size is out of range (see {@link #validate(int, double, int)})
     */
    public BalancedNetwork(int neurons, double dt, long seed, int threads, int inDegree) {
        validate(neurons, dt, inDegree);
        this.neurons = neurons;
        this.excitatory = excitatory(neurons);
        this.dt = dt;
        this.seed = seed;
        this.inDegree = inDegree;
        Synapses rec = recurrent(neurons, inDegree, seed).build();
        Synapses ext = external(neurons, inDegree, seed).build();
        this.synapses = (long) rec.count() + ext.count();
        // dt scales the drive: the external rate is in Hz whatever the step
        RecurrentOptions options = RecurrentOptions.DEFAULT.withDt(dt).withInputWeights(ext).withRecurrentWeights(rec)
                .withAutapses(false);
        this.network = new LIFRecurrent(excitatory, neurons, LIFParameters.DEFAULT, options);
        this.network.setThreads(threads);
        this.network.setSplitNeurons(neurons >= SPLIT_FROM);
        this.input = new PoissonDrive(excitatory, EXTERNAL_RATE * dt, seed ^ 0x5EEDL);
    }

    static int excitatory(int neurons) {
        return (int) Math.round(neurons * EXCITATORY);
    }

    /** The excitatory and inhibitory in-degrees {@code (C_E, C_I)} of a network. */
    static int[] inDegrees(int neurons, int inDegree) {
        int e = excitatory(neurons), i = neurons - e;
        if (inDegree > 0) {
            int ce = (int) Math.round(inDegree * EXCITATORY);
            return new int[] {ce, inDegree - ce};
        }
        return new int[] {Math.max(1, (int) Math.round(EPSILON * e)), Math.max(1, (int) Math.round(EPSILON * i))};
    }

    /** The recurrent synapses' builder (nothing is allocated until it builds). */
    static Connectivity.Builder recurrent(int neurons, int inDegree, long seed) {
        int e = excitatory(neurons);
        int[] c = inDegrees(neurons, inDegree);
        Connectivity.Range all = Connectivity.Range.of(0, neurons);
        return Connectivity.recurrent(neurons, seed)
                .fixedIndegree(Connectivity.Range.of(0, e), all, c[0], Connectivity.Weights.constant(J))
                .fixedIndegree(Connectivity.Range.of(e, neurons), all, c[1], Connectivity.Weights.constant(-G * J));
    }

    /** The external sources' synapses' builder: C_E of the N_E sources per neuron. */
    static Connectivity.Builder external(int neurons, int inDegree, long seed) {
        int e = excitatory(neurons);
        return Connectivity.projection(e, neurons, seed ^ 0xE8_7E2AL).fixedIndegree(Connectivity.Range.of(0, e),
                Connectivity.Range.of(0, neurons), inDegrees(neurons, inDegree)[0], Connectivity.Weights.constant(J));
    }

    /**
     * The bytes the network needs while it is built and run (synapses, the builders' scratch, state and
     * per-step buffers), before anything is allocated.
     */
    static long estimateBytes(int neurons, int inDegree) {
        Connectivity.Builder r = recurrent(neurons, inDegree, 0), x = external(neurons, inDegree, 0);
        return r.estimateBytes() + x.estimateBytes() + Math.max(r.scratchBytes(), x.scratchBytes()) + 64L * neurons;
    }

    /** The largest network (its state and lists are Java arrays; memory is checked separately). */
    static final int MAX_NEURONS = 100_000_000;

    /** Checks the size and time step (before anything is allocated), with the default in-degree. */
    static void validate(int neurons, double dt) {
        validate(neurons, dt, 0);
    }

    /**
     * Checks the size, time step and in-degree before anything is allocated.
     *
     * @throws IllegalArgumentException naming the option that is out of range
     */
    static void validate(int neurons, double dt, int inDegree) {
        if (neurons < 10 || neurons > MAX_NEURONS) {
            throw new IllegalArgumentException("--neurons must be between 10 and " + MAX_NEURONS + ", got " + neurons);
        }
        if (!(dt > 0) || !(dt <= 0.01)) {
            throw new IllegalArgumentException("--dt must be in (0, 0.01] seconds, got " + dt);
        }
        int e = excitatory(neurons);
        if (inDegree < 0 || (inDegree > 0 && (inDegree < 2 || Math.round(inDegree * EXCITATORY) > e - 1
                || inDegree - Math.round(inDegree * EXCITATORY) > neurons - e - 1))) {
            throw new IllegalArgumentException("--in-degree must be between 2 and about the network's size (80 % of it "
                    + "from the " + e + " excitatory and 20 % from the " + (neurons - e) + " inhibitory neurons), or 0 "
                    + "for 10 % of each population; got " + inDegree);
        }
        int[] c = inDegrees(neurons, inDegree);
        long syn = (long) neurons * (c[0] + c[1]);
        if (syn > Connectivity.MAX_SYNAPSES) {
            throw new IllegalArgumentException(neurons + " neurons with " + (c[0] + c[1]) + " inputs each are " + syn
                    + " synapses, more than one projection holds (" + Connectivity.MAX_SYNAPSES + "); use a fixed "
                    + "--in-degree (for example 100)");
        }
    }

    /** The initial state (all neurons at rest). */
    public LIFState initialState() {
        return network.defaultState(new int[] {1, neurons});
    }

    /**
     * Advances {@code steps} steps from {@code state} (updated in place) and returns the spikes, shape
     * {@code (steps, 1, neurons)}. Draws the external input from the drive's running generator.
     */
    public SparseSpikes advance(LIFState state, int steps) {
        SparseResult<LIFState> r = network.forwardSparse(drive(steps), state);
        return r.output();
    }

    /** The network's module (external sources in, neurons out), for benchmarks and inspection. */
    public LIFRecurrent network() {
        return network;
    }

    /** The external drive of the next {@code steps} steps, {@code (steps, 1, excitatory)}, continuing its generator. */
    public SparseSpikes drive(int steps) {
        return input.next(steps);
    }

    /**
     * The external drive: {@code sources} independent Poisson sources, each firing in a step with
     * probability {@code p = rate * dt} (Norse's Poisson encoding: a Bernoulli draw per source and step).
     * Drawn by geometric gaps between firing sources ({@code floor(log(U) / log(1 - p))}, with
     * {@link StrictMath} so that every JVM draws the same), so that a step costs one draw per spike instead
     * of one per source; the generator state is what a checkpoint saves.
     */
    static final class PoissonDrive {
        private final int sources;
        private final double logMiss;
        private final SeededRandom random;
        private int[] buf = new int[64];

        PoissonDrive(int sources, double p, long seed) {
            if (!(p > 0 && p < 1)) {
                throw new IllegalArgumentException("the drive's probability per step must be in (0, 1), got " + p
                        + " (rate times --dt)");
            }
            this.sources = sources;
            this.logMiss = StrictMath.log1p(-p);
            this.random = new SeededRandom(seed);
        }

        /** The firing sources of the next {@code steps} steps, shape {@code (steps, 1, sources)}. */
        SparseSpikes next(int steps) {
            int[] start = new int[steps + 1];
            int n = 0;
            for (int t = 0; t < steps; t++) {
                long k = -1;
                while (true) {
                    k += 1 + (long) Math.floor(StrictMath.log(1.0 - random.nextDouble()) / logMiss);
                    if (k >= sources) {
                        break;
                    }
                    if (n == buf.length) {
                        buf = Arrays.copyOf(buf, n * 2);
                    }
                    buf[n++] = (int) k;
                }
                start[t + 1] = n;
            }
            return SparseSpikes.fromCompressed(new int[] {steps, 1, sources}, start, Arrays.copyOf(buf, n));
        }

        /** The generator's state, for checkpoints. */
        long[] randomState() {
            return random.state();
        }

        /** Restores a generator state from {@link #randomState()}. */
        void restoreRandomState(long[] state) {
            random.restore(state);
        }
    }
}
