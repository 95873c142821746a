package io.snn4j.cli;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * The time from the start of this JVM to a moment of the run, for the "time to first result" line of a
 * summary: JVM start-up, class loading, option parsing and building the network are included, only the
 * launcher's few milliseconds before the JVM records its start are not. The start is the JVM's own record
 * ({@link java.lang.management.RuntimeMXBean#getStartTime()}, milliseconds); the operating system's
 * process start ({@link ProcessHandle.Info#startInstant()}) is not used because on Linux it is rounded to
 * the boot time's whole second, up to 1 s off. Stateless and thread-safe.
 */
final class StartTime {
    private StartTime() {
    }

    /**
     * This JVM's start (empty if the management interface is unavailable). Call it after the timed work:
     * its first call loads the management classes.
     */
    static Optional<Instant> jvmStart() {
        try {
            return Optional.of(Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime()));
        } catch (RuntimeException | LinkageError e) {
            return Optional.empty();
        }
    }

    /**
     * The summary line's value: seconds from {@code start} to {@code at} with 2 decimals and what they
     * include, or why there is none ({@code at} null: nothing was simulated; no start: the JVM does not say).
     * A negative difference (clock adjusted in between) is shown as 0.
     */
    static String describe(Optional<Instant> start, Instant at, String what) {
        if (at == null) {
            return "n/a (nothing simulated)";
        }
        if (start.isEmpty()) {
            return "n/a (the JVM start time is not available)";
        }
        double s = Math.max(0, Duration.between(start.get(), at).toNanos() / 1e9);
        return String.format(Locale.ROOT, "%.2f s from JVM launch to %s", s, what);
    }
}
