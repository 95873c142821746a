package io.snn4j.flink;

import java.util.Objects;

/**
 * An element the operator rejected, on the error side output ({@link SnnInference#ERRORS}) when the
 * operator is set to {@link SnnInference.OnError#SIDE_OUTPUT}: the key, the step and what was wrong. The
 * key's neuron state is left as it was. A Flink POJO; mutable, not thread-safe.
 */
public class StepError {
    /** The key of the rejected element, as the stream is keyed ({@code String.valueOf} of the key). */
    public String key;
    /** The rejected element's step number. */
    public long step;
    /** What is wrong, naming the key. */
    public String message;

    /** An empty error (for Flink's POJO serializer). */
    public StepError() {
    }

    /** An error for {@code key}'s step {@code step}. */
    public StepError(String key, long step, String message) {
        this.key = key;
        this.step = step;
        this.message = message;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StepError e && Objects.equals(key, e.key) && step == e.step && Objects.equals(message, e.message);
    }

    @Override
    public int hashCode() {
        return Objects.hash(key, step, message);
    }

    @Override
    public String toString() {
        return "StepError(key=" + key + ", step=" + step + ": " + message + ")";
    }
}
