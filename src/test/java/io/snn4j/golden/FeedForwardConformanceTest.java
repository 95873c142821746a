package io.snn4j.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.snn4j.module.LI;
import io.snn4j.module.LICell;
import io.snn4j.module.LIF;
import io.snn4j.module.LIFCell;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every golden case of LIF, LIFCell, LI and LICell, bit for bit (this runs once per kernel path: the
 * surefire configuration runs the suite with and without the vector module).
 */
class FeedForwardConformanceTest {
    private static final Set<String> MODELS = Set.of("LIF", "LIFCell", "LI", "LICell");

    static Stream<String> cases() {
        return GoldenCase.index().entrySet().stream().filter(e -> MODELS.contains(e.getValue())).map(e -> e.getKey());
    }

    @Test
    void everyCaseOfTheseModelsIsRun() {
        List<String> names = cases().toList();
        assertEquals(17, names.size(), "golden cases for " + MODELS + ": " + names);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesNorseBitForBit(String name) {
        GoldenCase c = GoldenCase.load(name);
        Conformance.Outcome o = switch (c.model) {
            case "LIF" -> Conformance.runSequence(c, new LIF(GoldenModels.lif(c.params), c.dt, c.recordStates));
            case "LIFCell" -> Conformance.runCell(c, new LIFCell(GoldenModels.lif(c.params), c.dt));
            case "LI" -> Conformance.runSequence(c, new LI(GoldenModels.li(c.params), c.dt, c.recordStates));
            case "LICell" -> Conformance.runCell(c, new LICell(GoldenModels.li(c.params), c.dt));
            default -> throw new AssertionError(c.model);
        };
        Conformance.assertExact(c, o);
    }
}
