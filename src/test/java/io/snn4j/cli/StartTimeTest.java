package io.snn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The "first result" line: seconds since the JVM's start, and what it says when it cannot tell. */
class StartTimeTest {

    @Test
    void secondsFromStartWithTwoDecimals() {
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        assertEquals("0.48 s from JVM launch to the first steps", StartTime.describe(Optional.of(start),
                start.plusMillis(478), "the first steps"));
        assertEquals("12.00 s from JVM launch to x", StartTime.describe(Optional.of(start), start.plusSeconds(12), "x"));
    }

    @Test
    void aClockThatWentBackShowsZero() {
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        assertEquals("0.00 s from JVM launch to x", StartTime.describe(Optional.of(start), start.minusMillis(5), "x"));
    }

    @Test
    void nothingSimulatedOrNoStartTimeSaySo() {
        assertEquals("n/a (nothing simulated)", StartTime.describe(Optional.of(Instant.EPOCH), null, "x"));
        assertEquals("n/a (the JVM start time is not available)", StartTime.describe(Optional.empty(), Instant.EPOCH, "x"));
    }

    @Test
    void theJvmStartIsBeforeNowAndAfterTheProcessWasCreated() {
        Instant now = Instant.now();
        Instant start = StartTime.jvmStart().orElseThrow();
        assertTrue(!start.isAfter(now), start + " after " + now);
        assertTrue(start.isAfter(now.minusSeconds(24 * 3600)), "implausible JVM start " + start);
    }
}
