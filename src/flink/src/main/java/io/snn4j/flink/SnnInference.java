package io.snn4j.flink;

import io.snn4j.functional.Numerics;
import java.io.Serializable;
import java.time.Duration;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.util.OutputTag;

/**
 * Puts an snn4j network on a keyed Flink stream: every {@link StepInput} is one time step of one key's
 * input; the network steps that key's neuron state once and the operator emits a {@link StepOutput}
 * (the {@link Readout} chosen). Per-key state lives in Flink's keyed state, so it is checkpointed and
 * restored exactly; an idle key's state expires after {@link Builder#stateTtl} if set.
 *
 * <pre>{@code
 * SingleOutputStreamOperator<StepOutput> out = SnnInference
 *         .builder(ModelSource.files("model.json", "digits.safetensors"))
 *         .readout(Readout.classMaxOverTime())
 *         .maxBatch(64).flushInterval(Duration.ofMillis(20))
 *         .apply(inputs.keyBy(s -> s.key));
 * }</pre>
 *
 * <p>Micro-batching ({@link Builder#maxBatch} &gt; 1): elements are buffered per key and stepped as one
 * batch of distinct keys when {@code maxBatch} elements are buffered, when the flush interval has passed,
 * before a watermark is forwarded, before a checkpoint barrier, and at the end of the input. A key's
 * elements are stepped in arrival order, one per batch. The buffer is always empty when a checkpoint is
 * taken, so a checkpoint holds every applied step and nothing half-done. The results equal stepping each
 * key alone, bit for bit. Settings are immutable and thread-safe.
 */
public final class SnnInference {
    /** The side output of rejected elements, when {@link OnError#SIDE_OUTPUT} is chosen. */
    public static final OutputTag<StepError> ERRORS = new OutputTag<>("snn4j-errors", TypeInformation.of(StepError.class));

    /** What the operator does with an element it cannot step (wrong size, a state that does not fit the model). */
    public enum OnError {
        /** Throw: the task fails (and Flink's restart strategy decides what happens to the job). */
        FAIL,
        /** Emit a {@link StepError} on {@link #ERRORS} and go on; the key's state is unchanged. */
        SIDE_OUTPUT
    }

    private SnnInference() {
    }

    /** A builder for the network of {@code model}. */
    public static Builder builder(ModelSource model) {
        return new Builder(model);
    }

    /**
     * The operator's settings.
     *
     * @param model         where the network comes from (loaded once per task)
     * @param inputs        the input size, or 0 to read it off the first layer
     * @param readout       what is emitted
     * @param maxBatch      the most keys stepped together (1: every element is stepped as it arrives)
     * @param flushInterval the longest an element waits in the batch buffer (processing time); null or
     *                      zero: no timer (batches are flushed by count, watermarks, checkpoints, end)
     * @param stateTtl      how long an idle key's state is kept (processing time), or null for ever
     * @param onError       what happens to an element that cannot be stepped
     * @param numerics      the network's numeric mode, set after loading ({@link Numerics#EXACT}: Norse's
     *                      numbers; {@link Numerics#FAST}: products with fused multiply-adds), or null to
     *                      keep the one the model comes with
     */
    public record Settings(ModelSource model, int inputs, Readout readout, int maxBatch, Duration flushInterval,
            Duration stateTtl, OnError onError, Numerics numerics) implements Serializable {
        /** Validates. */
        public Settings {
            if (model == null || readout == null || onError == null) {
                throw new IllegalArgumentException("model, readout and onError must be set");
            }
            if (inputs < 0) {
                throw new IllegalArgumentException("inputs must be >= 0 (0: from the first layer), got " + inputs);
            }
            if (maxBatch < 1) {
                throw new IllegalArgumentException("maxBatch must be >= 1, got " + maxBatch);
            }
            if (flushInterval != null && flushInterval.isNegative()) {
                throw new IllegalArgumentException("flushInterval must not be negative, got " + flushInterval);
            }
            if (stateTtl != null && (stateTtl.isNegative() || stateTtl.isZero())) {
                throw new IllegalArgumentException("stateTtl must be positive, got " + stateTtl);
            }
        }
    }

    /** Collects the settings; not thread-safe. */
    public static final class Builder {
        private final ModelSource model;
        private int inputs;
        private Readout readout = Readout.values();
        private int maxBatch = 1;
        private Duration flushInterval = Duration.ofMillis(100);
        private Duration stateTtl;
        private OnError onError = OnError.FAIL;
        private Numerics numerics;
        private String name = "snn4j";

        private Builder(ModelSource model) {
            if (model == null) {
                throw new IllegalArgumentException("model is null");
            }
            this.model = model;
        }

        /** The input size (needed when the first layer does not tell it: not a Linear or a recurrent cell). */
        public Builder inputSize(int inputs) {
            this.inputs = inputs;
            return this;
        }

        /** What is emitted per step (default: the output values). */
        public Builder readout(Readout readout) {
            this.readout = readout;
            return this;
        }

        /** The most keys stepped together (default 1: no batching). */
        public Builder maxBatch(int maxBatch) {
            this.maxBatch = maxBatch;
            return this;
        }

        /** The longest an element waits for its batch (default 100 ms; zero: no timer). */
        public Builder flushInterval(Duration flushInterval) {
            this.flushInterval = flushInterval;
            return this;
        }

        /** Idle keys' states expire after {@code ttl} without a step (default: never). */
        public Builder stateTtl(Duration ttl) {
            this.stateTtl = ttl;
            return this;
        }

        /** What happens to an element that cannot be stepped (default {@link OnError#FAIL}). */
        public Builder onError(OnError onError) {
            this.onError = onError;
            return this;
        }

        /**
         * The network's numeric mode (default: as the model comes, {@link Numerics#EXACT} for loaded
         * files). {@link Numerics#FAST} multiplies dense inputs with fused multiply-adds: not Norse's bits,
         * but still the same for a key whether it is stepped alone or in a batch.
         */
        public Builder numerics(Numerics numerics) {
            this.numerics = numerics;
            return this;
        }

        /** The operator's name in the job graph (default "snn4j"). */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /** The settings. */
        public Settings settings() {
            return new Settings(model, inputs, readout, maxBatch, flushInterval, stateTtl, onError, numerics);
        }

        /** A new operator with these settings (for {@code keyedStream.transform}). */
        public SnnOperator operator() {
            return new SnnOperator(settings());
        }

        /** Adds the operator to {@code input}; rejected elements go to {@link #ERRORS} if so chosen. */
        public <K> SingleOutputStreamOperator<StepOutput> apply(KeyedStream<StepInput, K> input) {
            return input.transform(name, TypeInformation.of(StepOutput.class), operator());
        }
    }
}
