package io.snn4j.functional;

import io.snn4j.internal.vectorization.KernelProvider;
import io.snn4j.internal.vectorization.Kernels;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The surrogate gradients of the spike threshold, keyed by Norse's {@code method} names (Norse
 * {@code functional/threshold.py}). The forward pass is the Heaviside step {@code z = x > 0} for every
 * method; a method only chooses what the backward pass uses in place of the step's derivative, for an
 * upstream gradient {@code g} at {@code x = v - v_th}:
 *
 * <pre>
 * super       g / (alpha*|x| + 1)^2                                      (SuperSpike, the default)
 * heaviside   0                                                          (no gradient through the spike)
 * triangle    g * alpha * relu(1 - |x|)
 * tanh        g * (1 - tanh(alpha*x)^2)
 * circ        g * (-(x^2 / (2 (alpha^2 + x^2)^1.5)) + 1 / (2 sqrt(alpha^2 + x^2))) * 2 alpha
 * heavi_erfc  g * 2 exp(-(alpha*x)^2) / sqrt(pi)
 * </pre>
 *
 * A registry: adding a surrogate is its formula in the two kernel implementations and one entry here.
 * Immutable and thread-safe.
 */
public enum Surrogate {
    /** SuperSpike (Norse's default). */
    SUPER("super", Kernels.SURROGATE_SUPER),
    /** No gradient through the spike. */
    HEAVISIDE("heaviside", Kernels.SURROGATE_HEAVISIDE),
    /** A triangle of half-width 1, height alpha. */
    TRIANGLE("triangle", Kernels.SURROGATE_TRIANGLE),
    /** The derivative of tanh(alpha x). */
    TANH("tanh", Kernels.SURROGATE_TANH),
    /** Norse's {@code circ}. */
    CIRC("circ", Kernels.SURROGATE_CIRC),
    /** The derivative of erfc-based smoothing, a Gaussian. */
    HEAVI_ERFC("heavi_erfc", Kernels.SURROGATE_HEAVI_ERFC);

    private static final Map<String, Surrogate> BY_NAME = new LinkedHashMap<>();

    static {
        for (Surrogate s : values()) {
            BY_NAME.put(s.method, s);
        }
    }

    private final String method;
    private final int code;

    Surrogate(String method, int code) {
        this.method = method;
        this.code = code;
    }

    /** Norse's method name, e.g. {@code "super"}. */
    public String method() {
        return method;
    }

    /** The code the backward kernels take. */
    public int code() {
        return code;
    }

    /** Every method name Norse knows, in registry order. */
    public static Set<String> names() {
        return java.util.Collections.unmodifiableSet(BY_NAME.keySet());
    }

    /**
     * The surrogate called {@code method}.
     *
     * @throws IllegalArgumentException if there is none (naming the known ones)
     */
    public static Surrogate of(String method) {
        Surrogate s = method == null ? null : BY_NAME.get(method);
        if (s == null) {
            throw new IllegalArgumentException("unknown surrogate method '" + method + "'; known: " + BY_NAME.keySet());
        }
        return s;
    }

    /** The surrogate gradient for upstream gradient {@code g} at {@code x = v - v_th} (float32, as the kernels). */
    public float gradient(float g, float x, float alpha) {
        float[] out = new float[1];
        KernelProvider.scalar().surrogate(code, new float[] {g}, new float[] {x}, out, 1, alpha);
        return out[0];
    }

    @Override
    public String toString() {
        return method;
    }
}
