package io.snn4j.module;

import org.ejml.data.FMatrixRMaj;
import org.ejml.data.FMatrixSparseCSC;

/**
 * Construction options of the recurrent modules, with Norse's defaults: {@code dt = 0.001},
 * {@code autapses = false}, no given weights (drawn from N(0, 2/hidden_size)), no state recording. A
 * {@code seed} fixes the default weights (same seed, same weights on every machine); without one, each
 * module takes the next seed of a process-wide sequence, like torch's global generator. Immutable and
 * thread-safe; the {@code with*} methods return modified copies and the given matrices are copied.
 * Weights may be dense ({@link FMatrixRMaj}) or sparse ({@link FMatrixSparseCSC} / {@link Synapses}); the
 * recurrent synapses may have delays of more than one step.
 */
public final class RecurrentOptions {
    /** Norse's defaults. */
    public static final RecurrentOptions DEFAULT = new RecurrentOptions();

    // Set only in copies made by the with* methods, before they are returned: the options are immutable.
    private double dt = NeuronModule.DEFAULT_DT;
    private boolean autapses;
    private FMatrixRMaj inputWeights;
    private FMatrixRMaj recurrentWeights;
    private Synapses inputSynapses;
    private Synapses recurrentSynapses;
    private int recurrentDelay = 1;
    private Long seed;
    private boolean recordStates;
    private double denseAbove = Double.NaN;

    private RecurrentOptions() {
    }

    private RecurrentOptions copy() {
        RecurrentOptions c = new RecurrentOptions();
        c.dt = dt;
        c.autapses = autapses;
        c.inputWeights = inputWeights;
        c.recurrentWeights = recurrentWeights;
        c.inputSynapses = inputSynapses;
        c.recurrentSynapses = recurrentSynapses;
        c.recurrentDelay = recurrentDelay;
        c.seed = seed;
        c.recordStates = recordStates;
        c.denseAbove = denseAbove;
        return c;
    }

    /** The time step in seconds (checked by the module: finite and positive). */
    public RecurrentOptions withDt(double dt) {
        RecurrentOptions c = copy();
        c.dt = dt;
        return c;
    }

    /** Whether a neuron's own spike reaches it (default false: the recurrent diagonal is zeroed). */
    public RecurrentOptions withAutapses(boolean autapses) {
        RecurrentOptions c = copy();
        c.autapses = autapses;
        return c;
    }

    /** Input weights of shape {@code (hidden_size, input_size)} (copied; Norse's orientation); replaces sparse ones. */
    public RecurrentOptions withInputWeights(FMatrixRMaj w) {
        RecurrentOptions c = copy();
        c.inputWeights = copy(w);
        c.inputSynapses = null;
        return c;
    }

    /**
     * Recurrent weights of shape {@code (hidden_size, hidden_size)}, {@code W[j][k]} from k to j (copied);
     * replaces sparse ones.
     */
    public RecurrentOptions withRecurrentWeights(FMatrixRMaj w) {
        RecurrentOptions c = copy();
        c.recurrentWeights = copy(w);
        c.recurrentSynapses = null;
        return c;
    }

    /**
     * Sparse input weights, {@code (hidden_size, input_size)}, column k the fan-out of input k (checked and
     * copied, see {@link Synapses}); replaces dense ones. The module then adds each input's column per
     * event instead of multiplying matrices; the numbers are those of the same weights stored densely.
     *
     * @throws IllegalArgumentException if the matrix is malformed (see {@link Synapses})
     */
    public RecurrentOptions withInputWeights(FMatrixSparseCSC w) {
        return withInputWeights(Synapses.of(w));
    }

    /**
     * Sparse input weights (see {@link #withInputWeights(FMatrixSparseCSC)}).
     *
     * @throws IllegalArgumentException if {@code s} is null or has per-synapse delays (input delays are
     *                                  not supported)
     */
    public RecurrentOptions withInputWeights(Synapses s) {
        if (s == null) {
            throw new IllegalArgumentException("input synapses are null");
        }
        if (s.hasDelays()) {
            throw new IllegalArgumentException("input synapses have delays; only recurrent synapses may have delays");
        }
        RecurrentOptions c = copy();
        c.inputSynapses = s;
        c.inputWeights = null;
        return c;
    }

    /**
     * Sparse recurrent weights, {@code (hidden_size, hidden_size)}, column k the fan-out of neuron k
     * (checked and copied, see {@link Synapses}); replaces dense ones. Without autapses the module's copy
     * drops the diagonal.
     *
     * @throws IllegalArgumentException if the matrix is malformed (see {@link Synapses})
     */
    public RecurrentOptions withRecurrentWeights(FMatrixSparseCSC w) {
        return withRecurrentWeights(Synapses.of(w));
    }

    /**
     * Sparse recurrent weights, with their per-synapse delays if they have them (which then take the
     * place of {@link #withRecurrentDelay the projection's delay}).
     *
     * @throws IllegalArgumentException if {@code s} is null
     */
    public RecurrentOptions withRecurrentWeights(Synapses s) {
        if (s == null) {
            throw new IllegalArgumentException("recurrent synapses are null");
        }
        RecurrentOptions c = copy();
        c.recurrentSynapses = s;
        c.recurrentWeights = null;
        return c;
    }

    /**
     * The delay of every recurrent synapse, in whole time steps (default 1: Norse's, a spike of step t is
     * felt at step t + 1). A delay of d steps makes a spike of step t felt at step t + d; the input on its
     * way is kept in the state's {@link io.snn4j.functional.DelayLine}. Synapses with their own delays
     * ({@link Synapses#hasDelays()}) ignore it.
     *
     * @throws IllegalArgumentException if {@code steps < 1}
     */
    public RecurrentOptions withRecurrentDelay(int steps) {
        if (steps < 1) {
            throw new IllegalArgumentException("recurrent delay must be at least 1 step (Norse's), got " + steps);
        }
        RecurrentOptions c = copy();
        c.recurrentDelay = steps;
        return c;
    }

    /** The seed of the default weights. */
    public RecurrentOptions withSeed(long seed) {
        RecurrentOptions c = copy();
        c.seed = seed;
        return c;
    }

    /** Whether sequence modules return every step's state. */
    public RecurrentOptions withRecordStates(boolean record) {
        RecurrentOptions c = copy();
        c.recordStates = record;
        return c;
    }

    /**
     * The spike rate above which the recurrent input is computed as a dense matrix product instead of
     * event by event (both give identical numbers; this is only about speed). Default: the crossover
     * measured by {@code RecurrentPropagationBenchmark}. Sparse weights always go event by event.
     *
     * @throws IllegalArgumentException if not in [0, 1]
     */
    public RecurrentOptions withDenseAbove(double rate) {
        if (!(rate >= 0 && rate <= 1)) {
            throw new IllegalArgumentException("denseAbove must be a spike rate in [0, 1], got " + rate);
        }
        RecurrentOptions c = copy();
        c.denseAbove = rate;
        return c;
    }

    public double dt() {
        return dt;
    }

    public boolean autapses() {
        return autapses;
    }

    /** The given dense input weights (a copy), or null. */
    public FMatrixRMaj inputWeights() {
        return copy(inputWeights);
    }

    /** The given dense recurrent weights (a copy), or null. */
    public FMatrixRMaj recurrentWeights() {
        return copy(recurrentWeights);
    }

    /** The given sparse input weights, or null. */
    public Synapses inputSynapses() {
        return inputSynapses;
    }

    /** The given sparse recurrent weights, or null. */
    public Synapses recurrentSynapses() {
        return recurrentSynapses;
    }

    /** The recurrent projection's delay in steps (1 by default). */
    public int recurrentDelay() {
        return recurrentDelay;
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
