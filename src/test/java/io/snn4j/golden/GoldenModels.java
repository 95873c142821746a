package io.snn4j.golden;

import io.snn4j.functional.LIFParameters;
import io.snn4j.functional.LIParameters;
import java.util.Map;

/** Norse parameter tuples from golden-case JSON. */
public final class GoldenModels {
    private GoldenModels() {
    }

    public static LIFParameters lif(Map<String, Object> p) {
        return new LIFParameters(GoldenCase.param(p, "tau_syn_inv"), GoldenCase.param(p, "tau_mem_inv"),
                GoldenCase.param(p, "v_leak"), GoldenCase.param(p, "v_th"), GoldenCase.param(p, "v_reset"),
                (String) p.get("method"), GoldenCase.param(p, "alpha"));
    }

    public static LIParameters li(Map<String, Object> p) {
        return new LIParameters(GoldenCase.param(p, "tau_syn_inv"), GoldenCase.param(p, "tau_mem_inv"),
                GoldenCase.param(p, "v_leak"));
    }
}
