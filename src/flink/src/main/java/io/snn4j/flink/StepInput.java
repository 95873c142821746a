package io.snn4j.flink;

import java.util.Arrays;
import java.util.Objects;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * One time step of input for one key: either dense values (one float per network input, e.g. input
 * currents) or spikes as the indices of the active inputs (each in {@code [0, inputs)}; order and
 * repeats do not matter). Exactly one of {@link #values} and {@link #spikes} is set. Flink serializes it
 * with {@link StepInputSerializer} (named by the {@code @TypeInfo} annotation: no Kryo, no reflection). Mutable; not
 * thread-safe. The operator does not modify it.
 */
@TypeInfo(StepInputSerializer.Factory.class)
public class StepInput {
    /** The stream's key (what the stream is usually keyed by), copied to the output. */
    public String key;
    /** The caller's step number, copied to the output (the operator does not interpret it). */
    public long step;
    /** Dense input of this step, one value per network input; null for spike input. */
    public float[] values;
    /** Indices of the inputs that spike at this step; null for dense input. */
    public int[] spikes;

    /** An empty element (for the serializer). */
    public StepInput() {
    }

    /** Dense input (the array is used as it is, not copied). */
    public static StepInput dense(String key, long step, float[] values) {
        StepInput s = new StepInput();
        s.key = key;
        s.step = step;
        s.values = values;
        return s;
    }

    /** Spike input as active indices (the array is used as it is, not copied). */
    public static StepInput spikes(String key, long step, int[] indices) {
        StepInput s = new StepInput();
        s.key = key;
        s.step = step;
        s.spikes = indices;
        return s;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StepInput s && Objects.equals(key, s.key) && step == s.step && Arrays.equals(values, s.values)
                && Arrays.equals(spikes, s.spikes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(key, step, Arrays.hashCode(values), Arrays.hashCode(spikes));
    }

    @Override
    public String toString() {
        return "StepInput(key=" + key + ", step=" + step + (values != null ? ", " + values.length + " values" : "")
                + (spikes != null ? ", spikes=" + Arrays.toString(spikes) : "") + ")";
    }
}
