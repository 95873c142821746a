package io.snn4j.module;

import io.snn4j.functional.CobaLIFModel;
import io.snn4j.functional.CobaLIFParameters;
import io.snn4j.functional.IAFParameters;
import io.snn4j.functional.LIBoxParameters;
import io.snn4j.functional.LIFAdExModel;
import io.snn4j.functional.LIFAdExParameters;
import io.snn4j.functional.LIFAdExRefracParameters;
import io.snn4j.functional.LIFBoxParameters;
import io.snn4j.functional.LIFExParameters;
import io.snn4j.functional.LIFParameters;
import io.snn4j.functional.LIFRefracModel;
import io.snn4j.functional.LIFRefracParameters;
import io.snn4j.functional.LIParameters;
import io.snn4j.functional.LSNNParameters;
import io.snn4j.functional.NeuronParameters;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The registry of neuron modules that are built from a parameter record: one entry per module name
 * (Norse's class names, plus the sequence forms {@code LIFRefrac}, {@code LIFAdExRefrac} and
 * {@code CobaLIF} that Norse does not export), with its kind, its parameter type and defaults, whether
 * its step uses {@code exp}, and how to build it. The JSON model loader, the conformance tests and the
 * benchmarks read it, so adding a model is its equations, its state, its module classes and one entry
 * here. Modules that need more than parameters (Izhikevich's behaviour, the multi-compartment coupling
 * matrix, {@code CobaLIFCell}'s recurrent conductances) are built by their constructors and not listed.
 * Immutable and thread-safe.
 */
public final class NeuronModels {

    /** The four base-module kinds. */
    public enum Kind {
        /** One step ({@link SNNCell}): built from parameters and dt. */
        CELL,
        /** A time-first sequence ({@link SNN}): parameters, dt, state recording. */
        SEQUENCE,
        /** One recurrent step ({@link SNNRecurrentCell}): sizes, parameters, options (dt, weights, ...). */
        RECURRENT_CELL,
        /** A recurrent sequence ({@link SNNRecurrent}): sizes, parameters, options. */
        RECURRENT
    }

    /**
     * What a module is built with besides its parameters: dt (seconds) for the feed-forward kinds, the
     * sizes and options (which carry dt, weights, autapses, seed, recording) for the recurrent kinds,
     * state recording for sequences, and the compatibility mode of models where Norse has a bug.
     */
    public record Spec(double dt, boolean recordStates, int inputSize, int hiddenSize, RecurrentOptions options,
            Compatibility mode) {
        /** A feed-forward spec: dt, no recording, fixed behaviour. */
        public static Spec feedForward(double dt) {
            return new Spec(dt, false, 0, 0, RecurrentOptions.DEFAULT.withDt(dt), Compatibility.FIXED);
        }

        /** A recurrent spec with the given sizes and options, fixed behaviour. */
        public static Spec recurrent(int inputSize, int hiddenSize, RecurrentOptions options) {
            return new Spec(options.dt(), options.recordStates(), inputSize, hiddenSize, options, Compatibility.FIXED);
        }

        /** This spec with another compatibility mode. */
        public Spec withMode(Compatibility m) {
            return new Spec(dt, recordStates, inputSize, hiddenSize, options, m);
        }

        /** This spec with state recording on or off. */
        public Spec withRecordStates(boolean r) {
            return new Spec(dt, r, inputSize, hiddenSize, options.withRecordStates(r), mode);
        }
    }

    /** Builds a module from parameters of the entry's type and a spec. */
    @FunctionalInterface
    public interface Factory<P extends NeuronParameters> {
        /** A new module. */
        NeuronModule<P, ?> create(P p, Spec spec);
    }

    /**
     * One registered module.
     *
     * @param name          the module name (Norse's class name where Norse has one)
     * @param kind          its base-module kind
     * @param parameterType the parameter record's class
     * @param defaults      Norse's default parameters
     * @param usesExp       whether the step computes {@code exp} (snn4j's exp may differ from torch's by an ulp)
     * @param factory       builds the module
     * @param <P>           the parameter type
     */
    public record Entry<P extends NeuronParameters>(String name, Kind kind, Class<P> parameterType, P defaults,
            boolean usesExp, Factory<P> factory) {
        /**
         * A module with parameters {@code p} (null: the defaults).
         *
         * @throws IllegalArgumentException if {@code p} is not of the entry's parameter type, or the spec does
         *                                  not fit (as the module's constructor checks)
         */
        public NeuronModule<P, ?> create(NeuronParameters p, Spec spec) {
            if (spec == null) {
                throw new IllegalArgumentException(name + ": spec is null");
            }
            if (p != null && !parameterType.isInstance(p)) {
                throw new IllegalArgumentException(name + " takes " + parameterType.getSimpleName() + ", got "
                        + p.getClass().getSimpleName());
            }
            return factory.create(p == null ? defaults : parameterType.cast(p), spec);
        }

        /** Whether the module has weights (the recurrent kinds). */
        public boolean recurrent() {
            return kind == Kind.RECURRENT_CELL || kind == Kind.RECURRENT;
        }
    }

    private static final Map<String, Entry<?>> ENTRIES = new LinkedHashMap<>();

    private static <P extends NeuronParameters> void add(String name, Kind kind, Class<P> type, P defaults, boolean exp,
            Factory<P> factory) {
        ENTRIES.put(name, new Entry<>(name, kind, type, defaults, exp, factory));
    }

    static {
        Class<LIFParameters> lif = LIFParameters.class;
        add("LIFCell", Kind.CELL, lif, LIFParameters.DEFAULT, false, (p, s) -> new LIFCell(p, s.dt()));
        add("LIF", Kind.SEQUENCE, lif, LIFParameters.DEFAULT, false, (p, s) -> new LIF(p, s.dt(), s.recordStates()));
        add("LIFRecurrentCell", Kind.RECURRENT_CELL, lif, LIFParameters.DEFAULT, false,
                (p, s) -> new LIFRecurrentCell(s.inputSize(), s.hiddenSize(), p, s.options()));
        add("LIFRecurrent", Kind.RECURRENT, lif, LIFParameters.DEFAULT, false,
                (p, s) -> new LIFRecurrent(s.inputSize(), s.hiddenSize(), p, s.options()));

        Class<LIParameters> li = LIParameters.class;
        add("LICell", Kind.CELL, li, LIParameters.DEFAULT, false, (p, s) -> new LICell(p, s.dt()));
        add("LI", Kind.SEQUENCE, li, LIParameters.DEFAULT, false, (p, s) -> new LI(p, s.dt(), s.recordStates()));
        add("LILinearCell", Kind.RECURRENT_CELL, li, LIParameters.DEFAULT, false,
                (p, s) -> new LILinearCell(s.inputSize(), s.hiddenSize(), p, s.options()));

        Class<LIFBoxParameters> box = LIFBoxParameters.class;
        add("LIFBoxCell", Kind.CELL, box, LIFBoxParameters.DEFAULT, false, (p, s) -> new LIFBoxCell(p, s.dt()));
        add("LIFBox", Kind.SEQUENCE, box, LIFBoxParameters.DEFAULT, false,
                (p, s) -> new LIFBox(p, s.dt(), s.recordStates()));
        Class<LIBoxParameters> libox = LIBoxParameters.class;
        add("LIBoxCell", Kind.CELL, libox, LIBoxParameters.DEFAULT, false, (p, s) -> new LIBoxCell(p, s.dt()));
        add("LIBox", Kind.SEQUENCE, libox, LIBoxParameters.DEFAULT, false,
                (p, s) -> new LIBox(p, s.dt(), s.recordStates()));

        Class<IAFParameters> iaf = IAFParameters.class;
        add("IAFCell", Kind.CELL, iaf, IAFParameters.DEFAULT, false, (p, s) -> new IAFCell(p, s.dt()));
        add("IAF", Kind.SEQUENCE, iaf, IAFParameters.DEFAULT, false, (p, s) -> new IAF(p, s.dt(), s.recordStates()));

        Class<LSNNParameters> lsnn = LSNNParameters.class;
        add("LSNNCell", Kind.CELL, lsnn, LSNNParameters.DEFAULT, false, (p, s) -> new LSNNCell(p, s.dt()));
        add("LSNN", Kind.SEQUENCE, lsnn, LSNNParameters.DEFAULT, false, (p, s) -> new LSNN(p, s.dt(), s.recordStates()));
        add("LSNNRecurrentCell", Kind.RECURRENT_CELL, lsnn, LSNNParameters.DEFAULT, false,
                (p, s) -> new LSNNRecurrentCell(s.inputSize(), s.hiddenSize(), p, s.options()));
        add("LSNNRecurrent", Kind.RECURRENT, lsnn, LSNNParameters.DEFAULT, false,
                (p, s) -> new LSNNRecurrent(s.inputSize(), s.hiddenSize(), p, s.options()));

        Class<LIFExParameters> ex = LIFExParameters.class;
        add("LIFExCell", Kind.CELL, ex, LIFExParameters.DEFAULT, true, (p, s) -> new LIFExCell(p, s.dt()));
        add("LIFEx", Kind.SEQUENCE, ex, LIFExParameters.DEFAULT, true, (p, s) -> new LIFEx(p, s.dt(), s.recordStates()));
        add("LIFExRecurrentCell", Kind.RECURRENT_CELL, ex, LIFExParameters.DEFAULT, true,
                (p, s) -> new LIFExRecurrentCell(s.inputSize(), s.hiddenSize(), p, s.options()));
        add("LIFExRecurrent", Kind.RECURRENT, ex, LIFExParameters.DEFAULT, true,
                (p, s) -> new LIFExRecurrent(s.inputSize(), s.hiddenSize(), p, s.options()));

        Class<LIFAdExParameters> adex = LIFAdExParameters.class;
        add("LIFAdExCell", Kind.CELL, adex, LIFAdExParameters.DEFAULT, true, (p, s) -> new LIFAdExCell(p, s.dt()));
        add("LIFAdEx", Kind.SEQUENCE, adex, LIFAdExParameters.DEFAULT, true,
                (p, s) -> new LIFAdEx(p, s.dt(), s.recordStates()));
        add("LIFAdExRecurrentCell", Kind.RECURRENT_CELL, adex, LIFAdExParameters.DEFAULT, true,
                (p, s) -> new LIFAdExRecurrentCell(s.inputSize(), s.hiddenSize(), p, s.options()));
        add("LIFAdExRecurrent", Kind.RECURRENT, adex, LIFAdExParameters.DEFAULT, true,
                (p, s) -> new LIFAdExRecurrent(s.inputSize(), s.hiddenSize(), p, s.options()));

        Class<LIFRefracParameters> refrac = LIFRefracParameters.class;
        add("LIFRefracCell", Kind.CELL, refrac, LIFRefracParameters.DEFAULT, false, (p, s) -> new LIFRefracCell(p, s.dt()));
        add("LIFRefrac", Kind.SEQUENCE, refrac, LIFRefracParameters.DEFAULT, false, (p, s) -> new SNN<>("LIFRefrac",
                LIFRefracModel.FEED_FORWARD, LIFRefracModel::feedForwardState, p, s.dt(), s.recordStates()));
        add("LIFRefracRecurrentCell", Kind.RECURRENT_CELL, refrac, LIFRefracParameters.DEFAULT, false,
                (p, s) -> new LIFRefracRecurrentCell(s.inputSize(), s.hiddenSize(), p, s.options()));
        add("LIFRefracRecurrent", Kind.RECURRENT, refrac, LIFRefracParameters.DEFAULT, false,
                (p, s) -> new LIFRefracRecurrent(s.inputSize(), s.hiddenSize(), p, s.options()));

        Class<LIFAdExRefracParameters> adexRefrac = LIFAdExRefracParameters.class;
        add("LIFAdExRefracCell", Kind.CELL, adexRefrac, LIFAdExRefracParameters.DEFAULT, true,
                (p, s) -> new LIFAdExRefracCell(p, s.dt(), s.mode()));
        add("LIFAdExRefrac", Kind.SEQUENCE, adexRefrac, LIFAdExRefracParameters.DEFAULT, true,
                (p, s) -> new SNN<>("LIFAdExRefrac", s.mode() == Compatibility.NORSE
                        ? LIFAdExModel.REFRAC_FEED_FORWARD_NORSE : LIFAdExModel.REFRAC_FEED_FORWARD,
                        LIFAdExModel::refracFeedForwardState, p, s.dt(), s.recordStates()));
        add("LIFAdExRefracRecurrentCell", Kind.RECURRENT_CELL, adexRefrac, LIFAdExRefracParameters.DEFAULT, true,
                (p, s) -> new LIFAdExRefracRecurrentCell(s.inputSize(), s.hiddenSize(), p, s.options(), s.mode()));
        add("LIFAdExRefracRecurrent", Kind.RECURRENT, adexRefrac, LIFAdExRefracParameters.DEFAULT, true,
                (p, s) -> new LIFAdExRefracRecurrent(s.inputSize(), s.hiddenSize(), p, s.options(), s.mode()));

        add("CobaLIF", Kind.SEQUENCE, CobaLIFParameters.class, CobaLIFParameters.DEFAULT, false, (p, s) -> new SNN<>(
                "CobaLIF", CobaLIFModel.FEED_FORWARD, CobaLIFModel::feedForwardState, p, s.dt(), s.recordStates()));
    }

    private NeuronModels() {
    }

    /** Every entry, in registry order. */
    public static List<Entry<?>> all() {
        return Collections.unmodifiableList(new ArrayList<>(ENTRIES.values()));
    }

    /** The entries of one kind, in registry order. */
    public static List<Entry<?>> of(Kind kind) {
        List<Entry<?>> out = new ArrayList<>();
        for (Entry<?> e : ENTRIES.values()) {
            if (e.kind() == kind) {
                out.add(e);
            }
        }
        return Collections.unmodifiableList(out);
    }

    /** Whether a module called {@code name} is registered. */
    public static boolean contains(String name) {
        return ENTRIES.containsKey(name);
    }

    /**
     * The entry called {@code name}.
     *
     * @throws IllegalArgumentException naming the known modules if there is none
     */
    public static Entry<?> get(String name) {
        Entry<?> e = name == null ? null : ENTRIES.get(name);
        if (e == null) {
            throw new IllegalArgumentException("unknown neuron module '" + name + "'; known: " + ENTRIES.keySet());
        }
        return e;
    }
}
