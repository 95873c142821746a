package io.snn4j.module;

import org.ejml.data.FMatrixRMaj;

/**
 * Construction options of the recurrent modules, with Norse's defaults: {@code dt = 0.001},
 * {@code autapses = false}, no given weights (drawn from N(0, 2/hidden_size)), no state recording. A
 * {@code seed} fixes the default weights (same seed, same weights on every machine); without one, each
 * module takes the next seed of a process-wide sequence, like torch's global generator. Immutable and
 * thread-safe; the {@code with*} methods return modified copies and the given matrices are copied.
 */
public final class RecurrentOptions {
    /** Norse's defaults. */
    public static final RecurrentOptions DEFAULT = new RecurrentOptions(NeuronModule.DEFAULT_DT, false, null, null, null,
            false, Double.NaN);

    private final double dt;
    private final boolean autapses;
    private final FMatrixRMaj inputWeights;
    private final FMatrixRMaj recurrentWeights;
    private final Long seed;
    private final boolean recordStates;
    private final double denseAbove;

    private RecurrentOptions(double dt, boolean autapses, FMatrixRMaj inputWeights, FMatrixRMaj recurrentWeights, Long seed,
            boolean recordStates, double denseAbove) {
        this.dt = dt;
        this.autapses = autapses;
        this.inputWeights = inputWeights;
        this.recurrentWeights = recurrentWeights;
        this.seed = seed;
        this.recordStates = recordStates;
        this.denseAbove = denseAbove;
    }

    /** The time step in seconds (checked by the module: finite and positive). */
    public RecurrentOptions withDt(double dt) {
        return new RecurrentOptions(dt, autapses, inputWeights, recurrentWeights, seed, recordStates, denseAbove);
    }

    /** Whether a neuron's own spike reaches it (default false: the recurrent diagonal is zeroed). */
    public RecurrentOptions withAutapses(boolean autapses) {
        return new RecurrentOptions(dt, autapses, inputWeights, recurrentWeights, seed, recordStates, denseAbove);
    }

    /** Input weights of shape {@code (hidden_size, input_size)} (copied; Norse's orientation). */
    public RecurrentOptions withInputWeights(FMatrixRMaj w) {
        return new RecurrentOptions(dt, autapses, copy(w), recurrentWeights, seed, recordStates, denseAbove);
    }

    /** Recurrent weights of shape {@code (hidden_size, hidden_size)}, {@code W[j][k]} from k to j (copied). */
    public RecurrentOptions withRecurrentWeights(FMatrixRMaj w) {
        return new RecurrentOptions(dt, autapses, inputWeights, copy(w), seed, recordStates, denseAbove);
    }

    /** The seed of the default weights. */
    public RecurrentOptions withSeed(long seed) {
        return new RecurrentOptions(dt, autapses, inputWeights, recurrentWeights, seed, recordStates, denseAbove);
    }

    /** Whether sequence modules return every step's state. */
    public RecurrentOptions withRecordStates(boolean record) {
        return new RecurrentOptions(dt, autapses, inputWeights, recurrentWeights, seed, record, denseAbove);
    }

    /**
     * The spike rate above which the recurrent input is computed as a dense matrix product instead of
     * event by event (both give identical numbers; this is only about speed). Default: the crossover
     * measured by {@code RecurrentPropagationBenchmark}.
     *
     * @throws IllegalArgumentException if not in [0, 1]
     */
    public RecurrentOptions withDenseAbove(double rate) {
        if (!(rate >= 0 && rate <= 1)) {
            throw new IllegalArgumentException("denseAbove must be a spike rate in [0, 1], got " + rate);
        }
        return new RecurrentOptions(dt, autapses, inputWeights, recurrentWeights, seed, recordStates, rate);
    }

    public double dt() {
        return dt;
    }

    public boolean autapses() {
        return autapses;
    }

    /** The given input weights (a copy), or null. */
    public FMatrixRMaj inputWeights() {
        return copy(inputWeights);
    }

    /** The given recurrent weights (a copy), or null. */
    public FMatrixRMaj recurrentWeights() {
        return copy(recurrentWeights);
    }

    /** The seed, or null for the next seed of the process-wide sequence. */
    public Long seed() {
        return seed;
    }

    public boolean recordStates() {
        return recordStates;
    }

    /** The dense/event-driven crossover spike rate, NaN for the default. */
    public double denseAbove() {
        return denseAbove;
    }

    private static FMatrixRMaj copy(FMatrixRMaj w) {
        return w == null ? null : w.copy();
    }
}
