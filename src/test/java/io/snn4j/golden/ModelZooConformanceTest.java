package io.snn4j.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snn4j.functional.CobaLIFFeedForwardState;
import io.snn4j.functional.CobaLIFModel;
import io.snn4j.functional.CobaLIFParameters;
import io.snn4j.functional.CobaLIFState;
import io.snn4j.functional.IAFParameters;
import io.snn4j.functional.IzhikevichParameters;
import io.snn4j.functional.IzhikevichSpikingBehavior;
import io.snn4j.functional.LIBoxParameters;
import io.snn4j.functional.LIFAdExParameters;
import io.snn4j.functional.LIFAdExRefracParameters;
import io.snn4j.functional.LIFBoxParameters;
import io.snn4j.functional.LIFExParameters;
import io.snn4j.functional.LIFParameters;
import io.snn4j.functional.LIFRefracParameters;
import io.snn4j.functional.LIParameters;
import io.snn4j.functional.LIState;
import io.snn4j.functional.LSNNParameters;
import io.snn4j.module.*;
import io.snn4j.functional.NeuronParameters;
import io.snn4j.module.NeuronModels;
import io.snn4j.module.SNN;
import io.snn4j.module.SNNCell;
import io.snn4j.module.SNNRecurrent;
import io.snn4j.module.SNNRecurrentCell;
import io.snn4j.tensor.Shapes;
import io.snn4j.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every golden case of the neuron-model zoo (everything but LIF/LI, covered elsewhere), on the kernel
 * path of this surefire run. Feed-forward and recurrent cases match bit for bit (snn4j sums weights in
 * Norse's sequential order); the models with {@code exp} (LIFEx, LIFAdEx and its refractory form) agree
 * to 1e-6 relative, as snn4j's reproducible exp may differ from torch's by an ulp. Where Norse has a bug
 * the modules run in {@link Compatibility#NORSE} mode here; the fixed behaviour is tested in the model tests.
 */
class ModelZooConformanceTest {
    /** The registered models whose step uses exp (compared to 1e-6 relative). */
    static final Set<String> EXP_MODELS = NeuronModels.all().stream().filter(NeuronModels.Entry::usesExp)
            .map(NeuronModels.Entry::name).collect(java.util.stream.Collectors.toSet());

    static final Map<String, Function<GoldenCase, Conformance.Outcome>> RUNNERS = new LinkedHashMap<>();

    static <R extends io.snn4j.functional.NeuronParameters> R p(Class<R> type, GoldenCase c) {
        return GoldenParams.of(type, c.params);
    }

    static int in(GoldenCase c) {
        return Conformance.size(c, "input_size");
    }

    static int hid(GoldenCase c) {
        return Conformance.size(c, "hidden_size");
    }

    static final Pattern CREATE = Pattern.compile("create_izhikevich_spiking_behavior\\((.*)\\)");

    /** The behaviour a case names: a preset, or create_izhikevich_spiking_behavior(a=..,b=..,...). */
    static IzhikevichSpikingBehavior behavior(GoldenCase c) {
        String m = (String) c.constructor.get("spiking_method");
        Matcher k = CREATE.matcher(m);
        IzhikevichParameters p = GoldenParams.of(IzhikevichParameters.class, c.params);
        if (k.matches()) {
            Map<String, Double> a = new LinkedHashMap<>();
            for (String kv : k.group(1).split(",")) {
                String[] parts = kv.split("=");
                a.put(parts[0].trim(), Double.parseDouble(parts[1]));
            }
            IzhikevichSpikingBehavior b = IzhikevichSpikingBehavior.create(a.get("a"), a.get("b"), a.get("c"), a.get("d"),
                    a.get("v_rest"), a.get("u_rest"));
            return new IzhikevichSpikingBehavior(p, b.v0(), b.u0());
        }
        IzhikevichSpikingBehavior b = IzhikevichSpikingBehavior.preset(m);
        for (Map.Entry<String, Object> e : p.fields().entrySet()) {
            if (e.getValue() instanceof io.snn4j.functional.Param q) {
                assertEquals(q.atDouble(0), ((io.snn4j.functional.Param) b.p().fields().get(e.getKey())).atDouble(0),
                        "preset " + m + " parameter " + e.getKey());
            }
        }
        return b;
    }

    /**
     * A runner for a registered model, built through the registry (the way the JSON loader builds it), in
     * Norse's compatibility mode where Norse has a bug.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static Function<GoldenCase, Conformance.Outcome> registered(NeuronModels.Entry<?> e) {
        return c -> {
            NeuronParameters p = GoldenParams.of(e.parameterType(), c.params);
            NeuronModels.Spec spec = e.recurrent()
                    ? NeuronModels.Spec.recurrent(in(c), hid(c), Conformance.options(c)).withMode(Compatibility.NORSE)
                    : NeuronModels.Spec.feedForward(c.dt).withMode(Compatibility.NORSE).withRecordStates(c.recordStates);
            Object m = e.create(p, spec);
            if (m instanceof SNNRecurrentCell rc) {
                return Conformance.runCell(c, rc);
            } else if (m instanceof SNNRecurrent r) {
                return Conformance.runSequence(c, r);
            } else if (m instanceof SNNCell cell) {
                return Conformance.runCell(c, cell);
            } else if (m instanceof SNN seq) {
                return Conformance.runSequence(c, seq);
            }
            throw new IllegalStateException(e.name() + " has no generic runner");
        };
    }

    static {
        for (NeuronModels.Entry<?> e : NeuronModels.all()) {
            if (!e.name().equals("LILinearCell")) {
                RUNNERS.put(e.name(), registered(e));
            }
        }
        RUNNERS.put("IzhikevichCell", c -> Conformance.runCell(c, new IzhikevichCell(behavior(c), c.dt)));
        RUNNERS.put("Izhikevich", c -> Conformance.runSequence(c, new Izhikevich(behavior(c), c.dt, c.recordStates)));
        RUNNERS.put("IzhikevichRecurrentCell", c -> Conformance.runCell(c, new IzhikevichRecurrentCell(in(c), hid(c),
                behavior(c), Conformance.options(c))));
        RUNNERS.put("IzhikevichRecurrent", c -> Conformance.runSequence(c, new IzhikevichRecurrent(in(c), hid(c),
                behavior(c), Conformance.options(c))));
        RUNNERS.put("LIFMCRecurrentCell", c -> Conformance.runCell(c, new LIFMCRecurrentCell(in(c), hid(c),
                p(LIFParameters.class, c), Conformance.options(c), Conformance.matrix(GoldenCase.tensor(c.raw.get("g_coupling"))))));
        RUNNERS.put("LIFMCRefracRecurrentCell", c -> Conformance.runCell(c, new LIFMCRefracRecurrentCell(in(c), hid(c),
                p(LIFRefracParameters.class, c), Conformance.options(c),
                Conformance.matrix(GoldenCase.tensor(c.raw.get("g_coupling"))), Compatibility.NORSE)));
        RUNNERS.put("CobaLIFCell", c -> {
            CobaLIFCell m = new CobaLIFCell(in(c), hid(c), p(CobaLIFParameters.class, c), Conformance.options(c),
                    Compatibility.NORSE);
            return Conformance.runLoop(c, s -> Shapes.withLast(s, hid(c)), CobaLIFState::new, m::forward, m::defaultState);
        });
        RUNNERS.put("coba_lif_feed_forward_step", c -> {
            CobaLIFParameters cp = p(CobaLIFParameters.class, c);
            return Conformance.runLoop(c, s -> s, CobaLIFFeedForwardState::new,
                    (x, s) -> new StepResult<>(CobaLIFModel.FEED_FORWARD.step(x, s, cp, c.dt), s),
                    s -> CobaLIFModel.feedForwardState(cp, s));
        });
        RUNNERS.put("LILinearCell", c -> {
            LILinearCell m = new LILinearCell(in(c), hid(c), p(LIParameters.class, c), Conformance.options(c));
            return Conformance.runLoop(c, s -> Shapes.withLast(s, hid(c)), LIState::new, m::forward, m::defaultState);
        });
    }

    static final Set<String> ELSEWHERE = Set.of("LIF", "LIFCell", "LI", "LICell", "LIFRecurrent", "LIFRecurrentCell");

    static Stream<String> cases() {
        return GoldenCase.index().entrySet().stream().filter(e -> !ELSEWHERE.contains(e.getValue())).map(Map.Entry::getKey);
    }

    @Test
    void everyGoldenCaseHasARunner() {
        for (Map.Entry<String, String> e : GoldenCase.index().entrySet()) {
            assertTrue(ELSEWHERE.contains(e.getValue()) || RUNNERS.containsKey(e.getValue()),
                    "no runner for " + e.getValue() + " (case " + e.getKey() + ")");
        }
        assertEquals(64, GoldenCase.index().size());
        assertEquals(64 - 25, cases().count());
    }

    /** Registered modules without a golden case of their own: snn4j's sequence forms of Norse's cells. */
    static final Set<String> NO_GOLDEN_CASE = Set.of("LIFRefrac", "LIFAdExRefrac", "CobaLIF");

    @Test
    void everyRegisteredModelIsCheckedAgainstNorse() {
        Set<String> golden = new java.util.HashSet<>(GoldenCase.index().values());
        for (NeuronModels.Entry<?> e : NeuronModels.all()) {
            assertTrue(golden.contains(e.name()) || NO_GOLDEN_CASE.contains(e.name()),
                    e.name() + " is registered but no golden case runs it");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesNorse(String name) {
        GoldenCase c = GoldenCase.load(name);
        Conformance.Outcome o = RUNNERS.get(c.model).apply(c);
        if (EXP_MODELS.contains(c.model)) {
            Conformance.assertRelative(c, o, 1e-6);
        } else {
            Conformance.assertExact(c, o);
        }
    }

    @Test
    void expModelsAreWithinAnUlpOrTwoOfNorse() {
        // The exp models are not bit for bit only because of exp: count how close they are.
        int exactCases = 0;
        for (String name : cases().toList()) {
            GoldenCase c = GoldenCase.load(name);
            if (!EXP_MODELS.contains(c.model)) {
                continue;
            }
            Conformance.Outcome o = RUNNERS.get(c.model).apply(c);
            if (Tensor.wrap(o.output().toArray(), o.output().shape()).equals(c.output)) {
                exactCases++;
            }
        }
        assertTrue(exactCases >= 1, "spikes of the exp models should mostly match exactly");
    }
}
