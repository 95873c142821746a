package io.snn4j.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.snn4j.module.LIFRecurrent;
import io.snn4j.module.LIFRecurrentCell;
import io.snn4j.module.RecurrentModule;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every golden case of LIFRecurrentCell and LIFRecurrent. snn4j sums the input and recurrent terms in
 * Norse's sequential order, so the cases match bit for bit (stricter than the 1e-5 the design allows).
 */
class RecurrentConformanceTest {
    private static final Set<String> MODELS = Set.of("LIFRecurrentCell", "LIFRecurrent");

    static Stream<String> cases() {
        return GoldenCase.index().entrySet().stream().filter(e -> MODELS.contains(e.getValue())).map(e -> e.getKey());
    }

    @Test
    void everyCaseOfTheseModelsIsRun() {
        List<String> names = cases().toList();
        assertEquals(8, names.size(), "golden cases for " + MODELS + ": " + names);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesNorse(String name) {
        GoldenCase c = GoldenCase.load(name);
        int in = Conformance.size(c, "input_size"), hidden = Conformance.size(c, "hidden_size");
        RecurrentModule<?, ?> module;
        Conformance.Outcome o;
        if (c.model.equals("LIFRecurrent")) {
            LIFRecurrent m = new LIFRecurrent(in, hidden, GoldenModels.lif(c.params), Conformance.options(c));
            module = m;
            o = Conformance.runSequence(c, m);
        } else {
            LIFRecurrentCell m = new LIFRecurrentCell(in, hidden, GoldenModels.lif(c.params), Conformance.options(c));
            module = m;
            o = Conformance.runCell(c, m);
        }
        Conformance.assertEffectiveWeights(c, module);
        Conformance.assertExact(c, o);
    }
}
