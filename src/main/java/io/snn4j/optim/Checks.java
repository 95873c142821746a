package io.snn4j.optim;

import io.snn4j.tensor.Parameter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/** Argument and gradient checks shared by the optimizers. Stateless. */
final class Checks {
    private Checks() {
    }

    /**
     * An unmodifiable copy of {@code parameters} after checking that it is not null or empty, holds no
     * null and no parameter twice (also not two parameters over the same values array, which one step
     * would update twice).
     */
    static List<Parameter> parameterList(String optimizer, List<Parameter> parameters) {
        if (parameters == null) {
            throw new IllegalArgumentException(optimizer + ": parameters is null");
        }
        if (parameters.isEmpty()) {
            throw new IllegalArgumentException(optimizer + ": parameters is empty; an optimizer needs at least one parameter");
        }
        List<Parameter> copy = new ArrayList<>(parameters);
        Map<Object, Integer> seen = new IdentityHashMap<>();
        for (int i = 0; i < copy.size(); i++) {
            Parameter p = copy.get(i);
            if (p == null) {
                throw new IllegalArgumentException(optimizer + ": parameters[" + i + "] is null");
            }
            Integer first = seen.putIfAbsent(p, i);
            if (first != null) {
                throw new IllegalArgumentException(optimizer + ": parameters[" + i + "] (" + p.name()
                        + ") is the same parameter as parameters[" + first + "]; each parameter may appear once");
            }
            first = seen.putIfAbsent(p.data(), i);
            if (first != null) {
                throw new IllegalArgumentException(optimizer + ": parameters[" + i + "] (" + p.name()
                        + ") shares its values array with parameters[" + first + "] (" + copy.get(first).name()
                        + "); each step would update it twice");
            }
        }
        return Collections.unmodifiableList(copy);
    }

    /** Throws {@link IllegalStateException} naming the first non-finite gradient entry, if any. */
    static void requireFiniteGradients(String optimizer, List<Parameter> parameters) {
        for (Parameter p : parameters) {
            float[] g = p.grad();
            for (int k = 0; k < g.length; k++) {
                if (!Float.isFinite(g[k])) {
                    throw new IllegalStateException(optimizer + ".step(): the gradient of " + p.name() + " at index "
                            + k + indexSuffix(p.shape(), k) + " is " + g[k]
                            + "; no parameter and no optimizer state was changed");
                }
            }
        }
    }

    /** For a tensor of rank 2 or more, {@code " [i, j, ...]"}; otherwise empty. */
    private static String indexSuffix(int[] shape, int flat) {
        if (shape.length < 2) {
            return "";
        }
        int[] idx = new int[shape.length];
        int rest = flat;
        for (int d = shape.length - 1; d >= 0; d--) {
            idx[d] = rest % shape[d];
            rest /= shape[d];
        }
        StringBuilder b = new StringBuilder(" [");
        for (int d = 0; d < idx.length; d++) {
            b.append(d == 0 ? "" : ", ").append(idx[d]);
        }
        return b.append(']').toString();
    }

    /** Requires a finite {@code value >= min}. */
    static double atLeast(String optimizer, String name, double value, double min) {
        if (!Double.isFinite(value) || value < min) {
            throw new IllegalArgumentException(optimizer + ": " + name + " must be a finite number >= " + format(min)
                    + ", got " + value);
        }
        return value;
    }

    /** Requires a finite value in {@code [0, 1)}. */
    static double unitInterval(String optimizer, String name, double value) {
        if (!Double.isFinite(value) || value < 0 || value >= 1) {
            throw new IllegalArgumentException(optimizer + ": " + name + " must be in [0, 1), got " + value);
        }
        return value;
    }

    /** Requires a finite value. */
    static double finite(String optimizer, String name, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(optimizer + ": " + name + " must be finite, got " + value);
        }
        return value;
    }

    private static String format(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
