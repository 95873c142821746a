package io.snn4j.io;

import io.snn4j.functional.NeuronState;
import java.io.IOException;
import java.nio.file.Path;
import java.util.BitSet;

/**
 * Records one state variable (for example the membrane voltage {@code v}) of chosen neurons at every step
 * and streams it to disk: what Brian2's {@code StateMonitor} gives, for {@code k} neurons without holding
 * the trace in memory. The file is a NumPy {@code .npy} of dtype float32 ({@code <f4}) and shape
 * {@code (steps, k)}: row {@code t} holds the values after the {@code t}-th {@link #record} call, column
 * {@code c} those of neuron {@code neurons[c]} (a flat index into the state's buffer, {@code b * N + j}
 * for row {@code b} of a {@code (B, N)} state), in the units of the variable (the models' voltages are
 * dimensionless, threshold 1 by default). In Python: {@code v = np.load(file)}; {@code v[:, c]} is one
 * neuron's trace.
 *
 * <p>Rows go through a 64 KiB buffer into {@code <file>.partial} (see {@link PartialFile}); memory does not
 * grow with the run. {@link #finish} writes the header with the row count and moves the complete file into
 * place; until then the partial file has no NumPy magic. {@link #close} without {@code finish} keeps the
 * partial file, which {@link #resume} continues from a checkpoint's step count.
 *
 * <p>Bad arguments are rejected with an {@link IllegalArgumentException} naming what is wrong, before
 * anything is written: no neurons, a neuron outside {@code [0, size)}, a neuron listed twice, a state of
 * another size or without the variable. Recording after {@code finish}, {@code close} or {@link #discard}
 * throws {@link IllegalStateException}. Not thread-safe: one monitor per simulation.
 */
public final class StateMonitor extends StreamedRecording {
    private final String variable;
    private final int[] neurons;
    private final int size;

    private StateMonitor(StreamedNpy file, String variable, int[] neurons, int size) {
        super(file, "state monitor");
        this.variable = variable;
        this.neurons = neurons;
        this.size = size;
    }

    /** Checks the neuron list; returns a copy. */
    private static int[] checked(String variable, int[] neurons, int size) {
        if (variable == null || variable.isEmpty()) {
            throw new IllegalArgumentException("a state monitor needs the name of a state variable, such as \"v\"");
        }
        if (size < 1) {
            throw new IllegalArgumentException("a state monitor needs a population of at least one neuron, got " + size);
        }
        if (neurons.length == 0) {
            throw new IllegalArgumentException("a state monitor needs at least one neuron to record");
        }
        BitSet seen = new BitSet();
        for (int j : neurons) {
            if (j < 0 || j >= size) {
                throw new IllegalArgumentException("neuron " + j + " is outside [0, " + size + ")");
            }
            if (seen.get(j)) {
                throw new IllegalArgumentException("neuron " + j + " is listed twice");
            }
            seen.set(j);
        }
        return neurons.clone();
    }

    /**
     * Starts recording {@code variable} of {@code neurons} (flat indices into a population of {@code size})
     * into {@code <file>.partial} (replacing an old partial file), to become {@code file} at {@link #finish}.
     */
    public static StateMonitor create(Path file, String variable, int[] neurons, int size) throws IOException {
        int[] n = checked(variable, neurons, size);
        return new StateMonitor(StreamedNpy.create(file, "<f4", 4, new int[] {n.length}), variable, n, size);
    }

    /**
     * Continues the partial file of an interrupted run whose checkpoint counted {@code steps} recorded
     * rows (after {@link #sync}): rows after those are cut off.
     *
     * @throws java.io.FileNotFoundException if {@code <file>.partial} is missing
     * @throws MalformedFileException        if it is not a partial trace of {@code neurons.length} columns
     *                                       or holds fewer rows
     */
    public static StateMonitor resume(Path file, String variable, int[] neurons, int size, long steps) throws IOException {
        int[] n = checked(variable, neurons, size);
        if (steps < 0) {
            throw new IllegalArgumentException("steps must not be negative, got " + steps);
        }
        return new StateMonitor(StreamedNpy.resume(file, "<f4", 4, new int[] {n.length}, steps), variable, n, size);
    }

    /** Appends one row: the monitored variable of the chosen neurons in {@code state} (its current values). */
    public void record(NeuronState state) throws IOException {
        requireOpen();
        if (state.size() != size) {
            throw new IllegalArgumentException("the state has " + state.size() + " neurons, the monitor " + size);
        }
        write(state.buffer(variable));
    }

    /** Appends one row from {@code values}, one value per neuron of the population ({@code size} of them). */
    public void record(float[] values) throws IOException {
        requireOpen();
        if (values.length != size) {
            throw new IllegalArgumentException("got " + values.length + " values, the monitor's population has " + size);
        }
        write(values);
    }

    private void write(float[] values) throws IOException {
        for (int j : neurons) {
            file.putFloat(values[j]);
        }
        file.endRows(1);
    }

    /** The rows (steps) recorded so far. */
    public long steps() {
        return file.rows();
    }

    /** The recorded neurons, in column order (a copy). */
    public int[] neurons() {
        return neurons.clone();
    }

    /** The recorded variable's name. */
    public String variable() {
        return variable;
    }
}
