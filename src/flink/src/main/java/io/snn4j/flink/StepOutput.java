package io.snn4j.flink;

import java.util.Arrays;
import java.util.Objects;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * The network's output for one {@link StepInput}: what the {@link Readout} asks for (spike indices, the
 * output values, or a class and its score); the other fields keep their defaults (null, -1, NaN). A
 * Serialized by {@link StepOutputSerializer} (named by the {@code @TypeInfo} annotation). Mutable, not
 * thread-safe.
 */
@TypeInfo(StepOutputSerializer.Factory.class)
public class StepOutput {
    /** The input's key. */
    public String key;
    /** The input's step number, as given. */
    public long step;
    /** How many steps this key's neuron state has taken, this one included (1 for a key's first step). */
    public long keySteps;
    /** Indices of the neurons that spiked (readout {@link Readout#spikes}), ascending; else null. */
    public int[] spikes;
    /** The output values, e.g. LI voltages (readout {@link Readout#values}); else null. */
    public float[] values;
    /** The decoded class (the classification readouts); else -1. */
    public int label = -1;
    /** The decoded class's score (its output value, or its maximum over time); else NaN. */
    public float score = Float.NaN;

    /** An empty output (for the serializer). */
    public StepOutput() {
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StepOutput s && Objects.equals(key, s.key) && step == s.step && keySteps == s.keySteps
                && Arrays.equals(spikes, s.spikes) && Arrays.equals(values, s.values) && label == s.label
                && Float.floatToIntBits(score) == Float.floatToIntBits(s.score);
    }

    @Override
    public int hashCode() {
        return Objects.hash(key, step, keySteps, Arrays.hashCode(spikes), Arrays.hashCode(values), label, score);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("StepOutput(key=").append(key).append(", step=").append(step)
                .append(", keySteps=").append(keySteps);
        if (spikes != null) {
            b.append(", spikes=").append(Arrays.toString(spikes));
        }
        if (values != null) {
            b.append(", values=").append(Arrays.toString(values));
        }
        if (label >= 0) {
            b.append(", label=").append(label).append(", score=").append(score);
        }
        return b.append(')').toString();
    }
}
