package io.snn4j.module;

import io.snn4j.functional.Coefficients;
import io.snn4j.functional.NeuronState;
import java.util.ArrayList;
import java.util.List;

/**
 * What a training-mode forward pass recorded for the backward pass: per time step the model's records
 * ({@code [field][element]}), and for recurrent modules the step's input and the spikes before the step.
 * A tape is one chain of steps: a call that continues from the state the previous call returned
 * appends to it. Owned by one module; not thread-safe.
 */
final class Tape<S extends NeuronState> {
    final int[] stateShape;
    final int n;
    final int fields;
    final Coefficients c;
    final List<float[][]> records = new ArrayList<>();
    final List<float[]> inputs = new ArrayList<>();
    final List<float[]> zPrev = new ArrayList<>();
    /** The state object the chain continues from. */
    S last;

    Tape(int[] stateShape, int n, int fields, Coefficients c) {
        this.stateShape = stateShape.clone();
        this.n = n;
        this.fields = fields;
        this.c = c;
    }

    /** Appends {@code steps} empty step records; returns the index of the first. */
    int extend(int steps) {
        int base = records.size();
        for (int t = 0; t < steps; t++) {
            records.add(new float[fields][n]);
        }
        return base;
    }

    int steps() {
        return records.size();
    }
}
