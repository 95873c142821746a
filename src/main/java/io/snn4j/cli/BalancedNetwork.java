package io.snn4j.cli;

import io.snn4j.functional.LIFParameters;
import io.snn4j.functional.LIFState;
import io.snn4j.internal.SeededRandom;
import io.snn4j.module.LIFRecurrent;
import io.snn4j.module.RecurrentOptions;
import io.snn4j.module.SparseResult;
import io.snn4j.nn.PoissonEncoder;
import io.snn4j.tensor.SparseSpikes;
import io.snn4j.tensor.Tensor;
import org.ejml.data.FMatrixRMaj;

/**
 * The demo: a balanced network in the style of Brunel (2000). 80 % excitatory and 20 % inhibitory LIF
 * neurons (Norse's default parameters), each receiving a fixed number of random inputs: 10 % of the
 * excitatory neurons with weight {@code J}, 10 % of the inhibitory ones with weight {@code -g J}
 * ({@code g = 8}: inhibition dominates), and as many external Poisson sources with weight {@code J}.
 * With the defaults it settles in an irregular regime (rates of 10-20 Hz, ISI CV about 0.7-0.9); networks of
 * a few hundred neurons or fewer get too little recurrent and external input to fire at all.
 * Runs with {@link LIFRecurrent} on sparse (index) input, in chunks, so that it can report progress and
 * write checkpoints; the Poisson generator's state is part of a checkpoint. Not thread-safe.
 */
public final class BalancedNetwork {
    /** Fraction of excitatory neurons. */
    static final double EXCITATORY = 0.8;
    /** Connection probability (fixed in-degree). */
    static final double EPSILON = 0.1;
    /** Excitatory weight (threshold is 1). */
    static final float J = 0.1f;
    /** Relative strength of inhibition. */
    static final float G = 8f;
    /** Rate of each external Poisson source, Hz. */
    static final double EXTERNAL_RATE = 28.0;

    final int neurons;
    final int excitatory;
    final double dt;
    final long seed;
    final LIFRecurrent network;
    final PoissonEncoder input;
    final long synapses;

    /** Builds the network; the seed fixes connectivity and input. */
    public BalancedNetwork(int neurons, double dt, long seed, int threads) {
        validate(neurons, dt);
        this.neurons = neurons;
        this.excitatory = (int) Math.round(neurons * EXCITATORY);
        this.dt = dt;
        this.seed = seed;
        int inhibitory = neurons - excitatory;
        int ce = Math.max(1, (int) Math.round(EPSILON * excitatory));
        int ci = Math.max(1, (int) Math.round(EPSILON * inhibitory));
        SeededRandom r = new SeededRandom(seed);
        FMatrixRMaj w = new FMatrixRMaj(neurons, neurons);
        FMatrixRMaj win = new FMatrixRMaj(neurons, excitatory);
        long count = 0;
        for (int j = 0; j < neurons; j++) {
            count += connect(r, w, j, 0, excitatory, ce, J, true);
            count += connect(r, w, j, excitatory, neurons, ci, -G * J, true);
            count += connect(r, win, j, 0, excitatory, ce, J, false);
        }
        this.synapses = count;
        // dt scales the drive: the external rate is in Hz whatever the step
        RecurrentOptions options = RecurrentOptions.DEFAULT.withDt(dt).withInputWeights(win).withRecurrentWeights(w)
                .withAutapses(false);
        // the options hold copies: drop these before the module makes its own, so at most three are alive
        w = null;
        win = null;
        this.network = new LIFRecurrent(excitatory, neurons, LIFParameters.DEFAULT, options);
        this.network.setThreads(threads);
        this.input = new PoissonEncoder(1, EXTERNAL_RATE, dt, seed ^ 0x5EEDL);
    }

    /** The largest network: its dense N x N recurrent weight matrix must fit one Java array. */
    static final int MAX_NEURONS = 46_340;

    /** Checks the size and time step (before anything is allocated). */
    static void validate(int neurons, double dt) {
        if (neurons < 10 || neurons > MAX_NEURONS) {
            throw new IllegalArgumentException("--neurons must be between 10 and " + MAX_NEURONS + " (the dense N x N weight "
                    + "matrix must fit one Java array), got " + neurons);
        }
        if (!(dt > 0) || !(dt <= 0.01)) {
            throw new IllegalArgumentException("--dt must be in (0, 0.01] seconds, got " + dt);
        }
    }

    /** Picks {@code count} distinct sources in [from, to) (not {@code self} if recurrent) for target j. */
    private static int connect(SeededRandom r, FMatrixRMaj w, int j, int from, int to, int count, float weight,
            boolean recurrent) {
        int made = 0;
        int span = to - from;
        int want = Math.min(count, span - (recurrent && j >= from && j < to ? 1 : 0));
        while (made < want) {
            int k = from + r.nextInt(span);
            if ((recurrent && k == j) || w.get(j, k) != 0f) {
                continue;
            }
            w.set(j, k, weight);
            made++;
        }
        return made;
    }

    /** The initial state (all neurons at rest). */
    public LIFState initialState() {
        return network.defaultState(new int[] {1, neurons});
    }

    /**
     * Advances {@code steps} steps from {@code state} (updated in place) and returns the spikes, shape
     * {@code (steps, 1, neurons)}. Draws the external input from the encoder's running generator.
     */
    public SparseSpikes advance(LIFState state, int steps) {
        SparseSpikes drive = new PoissonEncoderChunk(input, steps, excitatory).spikes();
        SparseResult<LIFState> r = network.forwardSparse(drive, state);
        return r.output();
    }

    /** Draws {@code steps} steps of external input, continuing the encoder's generator. */
    private record PoissonEncoderChunk(PoissonEncoder encoder, int steps, int sources) {
        SparseSpikes spikes() {
            int[][] rows = new int[steps][];
            Tensor ones = Tensor.ones(1, sources);
            for (int t = 0; t < steps; t++) {
                rows[t] = encoder.encodeSparse(ones).indices(0);
            }
            return SparseSpikes.fromIndices(new int[] {steps, 1, sources}, rows);
        }
    }
}
