package io.snn4j.functional;

/**
 * Parameters of the leaky integrator (Norse {@code LIParameters}): a LIF neuron without threshold, whose
 * output is its membrane voltage. Units as in {@link LIFParameters}; each field scalar or per-neuron.
 *
 * @param tauSynInv {@code tau_syn_inv}, inverse synaptic time constant (default 200)
 * @param tauMemInv {@code tau_mem_inv}, inverse membrane time constant (default 100)
 * @param vLeak     {@code v_leak}, leak potential (default 0)
 */
public record LIParameters(Param tauSynInv, Param tauMemInv, Param vLeak) implements NeuronParameters {

    /** Norse's defaults. */
    public static final LIParameters DEFAULT = new LIParameters(200f, 100f, 0f);

    /** Validates: time constants finite and positive, {@code v_leak} finite. */
    public LIParameters {
        NeuronParameters.requirePositive("LIParameters", "tau_syn_inv", tauSynInv);
        NeuronParameters.requirePositive("LIParameters", "tau_mem_inv", tauMemInv);
        NeuronParameters.requireFinite("LIParameters", "v_leak", vLeak);
    }

    /** Scalar parameters. */
    public LIParameters(float tauSynInv, float tauMemInv, float vLeak) {
        this(Param.of(tauSynInv), Param.of(tauMemInv), Param.of(vLeak));
    }

    /** Norse's {@code bio_default()}: 0.5, 0.1, -70 (per ms, mV). */
    public static LIParameters bioDefault() {
        return new LIParameters(0.5f, 0.1f, -70f);
    }

    @Override
    public String toString() {
        return repr();
    }
}
