package io.snn4j.io;

import io.snn4j.functional.NeuronState;
import io.snn4j.tensor.SparseSpikes;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Streams spikes to disk as they are simulated, as (step, neuron) events: what Brian2's
 * {@code SpikeMonitor} records, without holding them in memory. The file is a NumPy {@code .npy} of dtype
 * int32 ({@code <i4}) and shape {@code (events, 2)}: column 0 the time step (0-based), column 1 the
 * neuron's index (a flat index into the population, {@code b * N + j} for row {@code b} of a
 * {@code (B, N)} state), ordered by step and, within a step, by neuron. In Python:
 * {@code e = np.load(file); steps, neurons = e[:, 0], e[:, 1]}; times in seconds are {@code steps * dt}.
 *
 * <p>Events go through a 64 KiB buffer into {@code <file>.partial} (see {@link PartialFile}); memory stays
 * the same however long the run. {@link #finish} writes the header with the event count and moves the
 * complete file into place. Until then the partial file has no NumPy magic, so it is never taken for a
 * complete array; {@link #close} without {@code finish} (an exception in a try-with-resources block, an
 * interrupted run) keeps it as a partial file, and {@link #resume} continues it from a checkpoint's event
 * count. {@link #sync} forces the events written so far to disk, before a checkpoint counts them.
 *
 * <p>Bad input is rejected with an {@link IllegalArgumentException} that names what is wrong, before
 * anything of that call is written: a neuron outside {@code [0, neurons)}, neurons of one step not strictly
 * ascending (a duplicate spike), a step before an earlier one. Writing after {@code finish}, {@code close}
 * or {@link #discard} throws {@link IllegalStateException}. Not thread-safe: one writer per simulation.
 */
public final class SpikeEventWriter extends StreamedRecording {
    private final int neurons;
    private int lastStep;
    private int lastNeuron = -1;

    private SpikeEventWriter(StreamedNpy file, int neurons, int lastStep) {
        super(file, "spike event writer");
        this.neurons = neurons;
        this.lastStep = lastStep;
    }

    private static void checkNeurons(int neurons) {
        if (neurons < 1) {
            throw new IllegalArgumentException("a spike event writer needs at least one neuron, got " + neurons);
        }
    }

    /**
     * Starts writing events of a population of {@code neurons} neurons into {@code <file>.partial}
     * (replacing an old partial file), to become {@code file} at {@link #finish}.
     */
    public static SpikeEventWriter create(Path file, int neurons) throws IOException {
        checkNeurons(neurons);
        return new SpikeEventWriter(StreamedNpy.create(file, "<i4", 4, new int[] {2}), neurons, 0);
    }

    /**
     * Continues the partial file of an interrupted run whose checkpoint was taken before step {@code step}
     * with {@code events} events written (and {@link #sync synced}): events after those are cut off, and
     * the next event may be at {@code step} or later.
     *
     * @throws java.io.FileNotFoundException if {@code <file>.partial} is missing
     * @throws MalformedFileException        if it is not such a partial file, holds fewer events, or its last
     *                                       kept event is not before {@code step}
     */
    public static SpikeEventWriter resume(Path file, int neurons, long events, int step) throws IOException {
        checkNeurons(neurons);
        if (events < 0 || step < 0) {
            throw new IllegalArgumentException("events and step must not be negative, got " + events + " and " + step);
        }
        StreamedNpy s = StreamedNpy.resume(file, "<i4", 4, new int[] {2}, events);
        try {
            if (events > 0) {
                int last = s.readInt(8 * (events - 1)), neuron = s.readInt(8 * (events - 1) + 4);
                if (last < 0 || last >= step || neuron < 0 || neuron >= neurons) {
                    throw new MalformedFileException(s.partial() + ": event " + (events - 1) + " (step " + last + ", neuron "
                            + neuron + ") is not an event of " + neurons + " neurons before step " + step
                            + "; the partial file is not the one the checkpoint counted");
                }
            }
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
        return new SpikeEventWriter(s, neurons, step);
    }

    /** Checks one step's neurons (count of them, ascending, in range, after what was written). */
    private void check(int step, int[] idx, int from, int count, int offset) {
        if (step < lastStep) {
            throw new IllegalArgumentException("step " + step + " is before step " + lastStep
                    + ", already written: events must come in time order");
        }
        if (step < 0) {
            throw new IllegalArgumentException("step " + step + " is negative");
        }
        int prev = step == lastStep ? lastNeuron : -1;
        for (int k = from; k < from + count; k++) {
            long j = (long) idx[k] + offset;
            if (idx[k] < 0 || j >= neurons) {
                throw new IllegalArgumentException("neuron " + j + " at step " + step + " is outside [0, " + neurons + ")");
            }
            if (j <= prev) {
                throw new IllegalArgumentException("neuron " + j + " at step " + step + (j == prev ? " spikes twice"
                        : " comes after neuron " + prev) + ": a step's neurons must be distinct and ascending");
            }
            prev = (int) j;
        }
    }

    private void put(int step, int[] idx, int from, int count, int offset) throws IOException {
        for (int k = from; k < from + count; k++) {
            file.putInt(step);
            file.putInt(idx[k] + offset);
        }
        file.endRows(count);
        if (count > 0 || step > lastStep) {
            lastNeuron = count > 0 ? idx[from + count - 1] + offset : -1;
        }
        lastStep = step;
    }

    /**
     * Writes the spikes of step {@code step}: the first {@code count} entries of {@code neurons}, ascending.
     * More events of the same step may follow in a later call, with higher neuron indices.
     */
    public void write(int step, int[] neurons, int count) throws IOException {
        requireOpen();
        if (count < 0 || count > neurons.length) {
            throw new IllegalArgumentException("count " + count + " is outside [0, " + neurons.length + "]");
        }
        check(step, neurons, 0, count, 0);
        put(step, neurons, 0, count, 0);
    }

    /** Writes the spikes of step {@code step}: all of {@code neurons}, ascending. */
    public void write(int step, int[] neurons) throws IOException {
        write(step, neurons, neurons.length);
    }

    /**
     * Writes a chunk of simulated steps: {@code spikes} of shape {@code (T, ..., N)} (for example a
     * recurrent module's {@code (T, B, N)} output), its step {@code t} being simulation step
     * {@code firstStep + t}. The rows of one step are numbered on: row {@code b} of a step gives neuron
     * {@code b * N + j}, so {@code neurons} must cover all of them.
     */
    public void write(int firstStep, SparseSpikes spikes) throws IOException {
        requireOpen();
        int steps = spikes.dim(0);
        int perStep = steps == 0 ? 0 : spikes.rows() / steps;
        int n = spikes.neurons();
        if ((long) perStep * n > neurons) {
            throw new IllegalArgumentException("spikes of shape " + java.util.Arrays.toString(spikes.shape()) + " have "
                    + (long) perStep * n + " neurons per step, the writer " + neurons);
        }
        if (steps > 0 && (long) firstStep + steps - 1 > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("steps from " + firstStep + " on overflow int32");
        }
        int[] starts = spikes.rowStarts(), idx = spikes.indices();
        int savedStep = lastStep, savedNeuron = lastNeuron;
        try {
            for (int t = 0; t < steps; t++) { // check everything first: a bad chunk writes nothing
                for (int b = 0; b < perStep; b++) {
                    int r = t * perStep + b;
                    check(firstStep + t, idx, starts[r], starts[r + 1] - starts[r], b * n);
                    if (starts[r + 1] > starts[r]) {
                        lastStep = firstStep + t;
                        lastNeuron = idx[starts[r + 1] - 1] + b * n;
                    }
                }
            }
        } finally {
            lastStep = savedStep;
            lastNeuron = savedNeuron;
        }
        for (int t = 0; t < steps; t++) {
            for (int b = 0; b < perStep; b++) {
                int r = t * perStep + b;
                put(firstStep + t, idx, starts[r], starts[r + 1] - starts[r], b * n);
            }
        }
    }

    /**
     * Writes the spikes of step {@code step} from a state's spike buffer ({@link NeuronState#spikes()}, the
     * {@code z} of the step just taken): one event per nonzero element.
     */
    public void write(int step, NeuronState state) throws IOException {
        requireOpen();
        float[] z = state.spikes();
        if (z == null) {
            throw new IllegalArgumentException(state.getClass().getSimpleName() + " has no spike buffer 'z'");
        }
        if (state.size() != neurons) {
            throw new IllegalArgumentException("the state has " + state.size() + " neurons, the writer " + neurons);
        }
        check(step, new int[0], 0, 0, 0);
        int first = firstNonZero(z);
        if (first >= 0 && step == lastStep && first <= lastNeuron) {
            throw new IllegalArgumentException("neuron " + first + " at step " + step + (first == lastNeuron ? " spikes twice"
                    : " comes after neuron " + lastNeuron) + ": a step's neurons must be distinct and ascending");
        }
        int count = 0;
        for (int j = Math.max(first, 0); j < z.length; j++) {
            if (z[j] != 0f) {
                file.putInt(step);
                file.putInt(j);
                count++;
            }
        }
        file.endRows(count);
        if (count > 0) {
            lastNeuron = lastNonZero(z);
        } else if (step > lastStep) {
            lastNeuron = -1;
        }
        lastStep = step;
    }

    private static int firstNonZero(float[] z) {
        for (int j = 0; j < z.length; j++) {
            if (z[j] != 0f) {
                return j;
            }
        }
        return -1;
    }

    private static int lastNonZero(float[] z) {
        for (int j = z.length - 1; j >= 0; j--) {
            if (z[j] != 0f) {
                return j;
            }
        }
        return -1;
    }

    /** The events written so far. */
    public long events() {
        return file.rows();
    }

    /** The population size: neuron indices are in {@code [0, neurons)}. */
    public int neurons() {
        return neurons;
    }
}
