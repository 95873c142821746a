package io.snn4j.cli;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Progress of a long run on stderr: a one-line bar with rate and time left, redrawn in place, when stderr
 * is a terminal; otherwise a plain line every few seconds (for logs). Silent when quiet. Not thread-safe.
 */
final class Progress {
    private final PrintStream err;
    private final long total;
    private final boolean quiet;
    private final boolean terminal;
    private final long start = System.nanoTime();
    private final long startStep;
    private final String unit;
    private final long lineEvery;
    private long lastPrint;
    private boolean drew;

    Progress(PrintStream err, long startStep, long total, boolean quiet, String unit) {
        this(err, startStep, total, quiet, unit, 5_000_000_000L);
    }

    /** With the interval between plain lines (when stderr is not a terminal) in nanoseconds. */
    Progress(PrintStream err, long startStep, long total, boolean quiet, String unit, long lineEveryNanos) {
        this.lineEvery = lineEveryNanos;
        this.err = err;
        this.total = total;
        this.startStep = startStep;
        this.quiet = quiet;
        this.unit = unit;
        this.terminal = err == System.err && stderrIsTerminal();
        this.lastPrint = start;
    }

    /**
     * Whether the process is attached to a terminal. Java 22+ always returns a console and answers with
     * {@code Console.isTerminal()}; before that, {@code System.console()} is null without a terminal. The
     * method is looked up reflectively so that the CLI also runs on the library's Java 17 baseline.
     */
    static boolean stderrIsTerminal() {
        java.io.Console c = System.console();
        if (c == null) {
            return false;
        }
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(c);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }

    /** Reports that {@code done} of the total steps are done. */
    void update(long done) {
        if (quiet) {
            return;
        }
        long now = System.nanoTime();
        long every = terminal ? 100_000_000L : lineEvery;
        if (now - lastPrint < every && done < total) {
            return;
        }
        lastPrint = now;
        double secs = (now - start) / 1e9;
        double rate = (done - startStep) / Math.max(secs, 1e-9);
        double left = rate > 0 ? (total - done) / rate : 0;
        int pct = (int) (100 * done / Math.max(1, total));
        if (terminal) {
            int width = 30, filled = (int) ((long) width * done / Math.max(1, total));
            err.print(String.format(Locale.ROOT, "\r[%s%s] %3d%%  %d/%d %s  %.0f %s/s  %s left ", "#".repeat(filled),
                    ".".repeat(width - filled), pct, done, total, unit, rate, unit, time(left)));
            drew = true;
            if (done >= total) {
                err.println();
                drew = false;
            }
        } else if (done < total || secs >= lineEvery / 1e9) {
            err.println(String.format(Locale.ROOT, "progress: %d/%d %s (%d%%), %.0f %s/s, %s left", done, total, unit, pct,
                    rate, unit, time(left)));
        }
        err.flush();
    }

    /** Ends a bar that was drawn in place. */
    void finish() {
        if (drew) {
            err.println();
            drew = false;
        }
    }

    private static String time(double s) {
        if (s < 60) {
            return String.format(Locale.ROOT, "%.0fs", s);
        }
        return String.format(Locale.ROOT, "%dm%02ds", (long) s / 60, (long) s % 60);
    }
}
