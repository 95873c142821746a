package io.snn4j.functional;

import java.util.Map;
import java.util.Set;

/**
 * The parameters of a neuron model: an immutable record whose components carry Norse's field names
 * (in camelCase; {@link #fields()} gives them as Norse spells them). Implementations validate in their
 * constructors and are thread-safe.
 */
public interface NeuronParameters {

    /** The surrogate-gradient methods Norse knows; the forward pass is a Heaviside step for all of them. */
    Set<String> METHODS = Surrogate.names();

    /** Norse's type name, e.g. {@code LIFParameters}: the record's simple class name. */
    default String typeName() {
        return getClass().getSimpleName();
    }

    /**
     * The fields in Norse's order and with Norse's names: {@link Param} values, strings (method) and
     * nested parameter objects. Derived from the record's components (their order is Norse's order;
     * names in snake case, or as a {@link NorseName} annotation spells them).
     */
    default Map<String, Object> fields() {
        return RecordFields.of(this);
    }

    /** The text Norse prints, e.g. {@code LIFParameters(tau_syn_inv=tensor(200.), ...)}. */
    default String repr() {
        return Reprs.namedTuple(typeName(), fields());
    }

    /** Throws if {@code p} is null or has a value that is not finite. */
    static Param requireFinite(String owner, String field, Param p) {
        if (p == null) {
            throw new IllegalArgumentException(owner + "." + field + " is null");
        }
        if (!p.isFinite()) {
            throw new IllegalArgumentException(owner + "." + field + " must be finite, got " + p);
        }
        return p;
    }

    /** Throws unless every value of {@code p} is finite and greater than 0 (time constants). */
    static Param requirePositive(String owner, String field, Param p) {
        requireFinite(owner, field, p);
        if (!p.isPositive()) {
            throw new IllegalArgumentException(owner + "." + field + " must be > 0, got " + p);
        }
        return p;
    }

    /** Throws unless {@code method} is one of {@link #METHODS}. */
    static String requireMethod(String owner, String method) {
        if (method == null) {
            throw new IllegalArgumentException(owner + ".method is null");
        }
        if (!METHODS.contains(method)) {
            String extra = method.equals("adjoint")
                    ? " ('adjoint' fails on the first forward call in Norse; snn4j rejects it up front)" : "";
            throw new IllegalArgumentException(owner + ".method must be one of " + new java.util.TreeSet<>(METHODS)
                    + ", got '" + method + "'" + extra);
        }
        return method;
    }
}
