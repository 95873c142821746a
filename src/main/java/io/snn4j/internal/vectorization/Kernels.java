package io.snn4j.internal.vectorization;

/**
 * The numeric kernels of snn4j: one fused pass per neuron-model step, and the linear-algebra
 * primitives. Internal to snn4j; the API may change without notice.
 *
 * <p>Two implementations exist: {@link ScalarKernels} (plain Java) and a Panama implementation that uses
 * {@code jdk.incubator.vector}. For elementwise work they give bit-identical results: both evaluate the
 * equations of Norse's step functions in float32, in Norse's operation order, without fused
 * multiply-add. {@link KernelProvider} picks one at class-load time.
 *
 * <p>Conventions of the neuron steps: elements {@code [0, len)} of the input start at {@code xOff}, of
 * the state arrays at {@code sOff} and of the output at {@code outOff}; element {@code k} uses
 * coefficient {@code c[j][cOff + k]}, or {@code c[j][0]} for every element when the coefficient arrays
 * have length 1 (all parameters scalar; see {@link io.snn4j.functional.Coefficients}). The state arrays
 * are updated in place. Implementations are stateless and thread-safe; concurrent calls must not write
 * overlapping ranges.
 */
public interface Kernels {

    /** A short name: {@code "panama"} or {@code "scalar"}. */
    String name();

    /** The number of float lanes one vector operation processes (1 for the scalar kernels). */
    int lanes();

    /**
     * LIF step, input current first (Norse {@code lif_feed_forward_step}): coefficients
     * {@code c = {dt*tau_mem_inv, -dt*tau_syn_inv, v_leak, v_th, v_reset}}; writes the spikes to
     * {@code z}.
     */
    void lif(float[] x, int xOff, float[] v, float[] i, int sOff, float[] z, int zOff, int len, float[][] c, int cOff);

    /**
     * Leaky integrator step (Norse {@code li_feed_forward_step}): coefficients
     * {@code c = {dt*tau_mem_inv, -dt*tau_syn_inv, v_leak}}; writes the new voltage to {@code out}.
     */
    void li(float[] x, int xOff, float[] v, float[] i, int sOff, float[] out, int outOff, int len, float[][] c, int cOff);
}
