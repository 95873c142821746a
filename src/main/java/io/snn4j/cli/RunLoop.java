package io.snn4j.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import picocli.CommandLine.Option;

/**
 * The time loop that {@code snn demo} and {@code snn run} share: it advances a {@link Simulation} in
 * chunks of at most {@link #MAX_CHUNK} steps, reports progress, writes a checkpoint every
 * {@code --checkpoint-every} steps and at the end, and stops cleanly on Ctrl-C. Ctrl-C is looked at after
 * every chunk, so it is noticed within {@link #MAX_CHUNK} steps whatever the checkpoint interval, and a
 * simulation never needs to hold more than one chunk of steps in memory. Not thread-safe; one loop per
 * run.
 */
final class RunLoop {
    /** The most steps between two looks at Ctrl-C (and the largest chunk a simulation is asked for). */
    static final int MAX_CHUNK = 100;

    /** What the loop drives. Step indices are 0-based; a chunk covers steps {@code [t, t + steps)}. */
    interface Simulation {
        /** The most steps per chunk (at most {@link #MAX_CHUNK}): fewer notice Ctrl-C sooner. */
        default int maxChunk() {
            return MAX_CHUNK;
        }

        /** Simulates the steps {@code [t, t + steps)} and records or writes their results. */
        void advance(int t, int steps) throws IOException;

        /** Writes a checkpoint of the state after {@code t} steps (outputs flushed first). */
        void checkpoint(int t) throws IOException;

        /**
         * Called when the run stops early after {@code t} steps, before the process may exit: keep partial
         * outputs if a checkpoint can continue them ({@code checkpointed}), otherwise remove them. Returns a
         * note for the user (may be empty).
         */
        default String stopped(int t, boolean checkpointed) throws IOException {
            return "";
        }
    }

    /** For tests: called after every chunk with the steps done so far; may request a stop as Ctrl-C would. */
    interface Hook {
        void afterChunk(int t, Interrupts interrupts);
    }

    static volatile Hook hook;

    /**
     * How a run ended.
     *
     * @param step        steps done (the total unless interrupted)
     * @param simulated   steps simulated by this process (not counting those resumed from a checkpoint)
     * @param seconds     wall time of the simulation, without the final checkpoint
     * @param interrupted whether Ctrl-C (or {@code --stop-after}) stopped it early
     * @param firstResult when the first chunk had been simulated (wall clock), null if none was
     */
    record Result(int step, long simulated, double seconds, boolean interrupted, Instant firstResult) {
    }

    /** The options of a checkpointed, interruptible run (a picocli mixin of demo and run). */
    static final class Options {
        @Option(names = "--quiet", description = "No progress output.")
        boolean quiet;

        @Option(names = "--checkpoint", paramLabel = "FILE", description = "Checkpoint file (written atomically; its "
                + "folder must exist).")
        Path checkpoint;

        @Option(names = "--checkpoint-every", paramLabel = "N",
                description = "Steps between checkpoints (default: only at the end and on Ctrl-C).")
        int checkpointEvery;

        @Option(names = "--resume", paramLabel = "FILE", description = "Continue from this checkpoint.")
        Path resume;

        @Option(names = "--stop-after", hidden = true, description = "Stop as if interrupted after this many steps (tests).")
        int stopAfter = -1;

        void validate() {
            if (checkpointEvery < 0 || (checkpointEvery > 0 && checkpoint == null)) {
                throw new IllegalArgumentException("--checkpoint-every needs a positive value and --checkpoint FILE");
            }
        }
    }

    private RunLoop() {
    }

    /**
     * Runs {@code sim} from step {@code start} to {@code total}. On Ctrl-C it writes a checkpoint (if
     * {@code --checkpoint} was given), lets the simulation keep or remove its partial outputs, prints one
     * line on {@code err} and returns with {@code interrupted} set.
     */
    static Result run(String command, PrintStream err, Options o, int start, int total, Simulation sim) throws IOException {
        Progress progress = new Progress(err, start, total, o.quiet, "steps");
        long t0 = System.nanoTime();
        int t = start;
        long simulated = 0;
        Instant first = null;
        try (Interrupts ctrlC = new Interrupts()) {
            while (t < total) {
                int chunk = Math.min(total - t, Math.max(1, Math.min(MAX_CHUNK, sim.maxChunk())));
                if (o.checkpointEvery > 0) {
                    chunk = Math.min(chunk, o.checkpointEvery - t % o.checkpointEvery);
                }
                if (o.stopAfter > t) {
                    chunk = Math.min(chunk, o.stopAfter - t);
                }
                sim.advance(t, chunk);
                t += chunk;
                simulated += chunk;
                if (first == null) {
                    first = Instant.now();
                }
                progress.update(t);
                Hook h = hook;
                if (h != null) {
                    h.afterChunk(t, ctrlC);
                }
                if (t == o.stopAfter) {
                    ctrlC.request();
                }
                if (ctrlC.stopRequested() && t < total) {
                    progress.finish();
                    try {
                        if (o.checkpoint != null) {
                            sim.checkpoint(t);
                        }
                        String note = sim.stopped(t, o.checkpoint != null);
                        err.println("snn " + command + ": interrupted at step " + t + (o.checkpoint != null
                                ? "; checkpoint " + o.checkpoint : " (no --checkpoint given)") + note);
                    } finally {
                        ctrlC.acknowledge();
                    }
                    return new Result(t, simulated, (System.nanoTime() - t0) / 1e9, true, first);
                }
                if (o.checkpoint != null && o.checkpointEvery > 0 && t % o.checkpointEvery == 0 && t < total) {
                    sim.checkpoint(t);
                }
            }
        }
        progress.finish();
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (o.checkpoint != null) {
            sim.checkpoint(t);
        }
        return new Result(t, simulated, seconds, false, first);
    }
}
