package io.snn4j.flink;

import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * The keyed stream operator of {@link SnnInference}: one network per parallel task (loaded in
 * {@link #open()}), each key's neuron state in a {@link ValueState} of {@link KeyState} with
 * {@link KeyStateSerializer}, optional state expiry, and micro-batching of distinct keys (see
 * {@link SnnInference}). Bad elements and states that do not fit the model are checked before anything is
 * stepped, so they never change another key's state. Used by one task thread, as Flink runs operators.
 */
public final class SnnOperator extends AbstractStreamOperator<StepOutput>
        implements OneInputStreamOperator<StepInput, StepOutput>, BoundedOneInput {
    private static final long serialVersionUID = 1L;

    /** The keyed state's name. */
    public static final String STATE_NAME = "snn4j-neuron-state";

    private final SnnInference.Settings settings;

    private transient BatchStepper stepper;
    private transient ValueState<KeyState> state;
    /** Buffered elements in arrival order (never more than maxBatch: a full buffer is flushed at once). */
    private transient Elements pending;
    /** The batch being stepped: distinct keys. */
    private transient Elements batch;
    private transient boolean timerSet;
    /** With object reuse on, an upstream operator may reuse the element after handing it over: buffer a copy. */
    private transient StepInputSerializer copier;
    private transient KeyState[] bStates;
    private transient StepInput[] bInputs;
    private transient StepOutput[] bOutputs;
    /** One record object for every output (Flink copies or serializes the value, never keeps the record). */
    private transient StreamRecord<StepOutput> record;

    /**
     * Elements with their keys and timestamps in parallel arrays (no allocation per element), and an
     * open-addressing table of their keys' hashes so that {@link #hasKey} does not scan.
     */
    private static final class Elements {
        final Object[] keys;
        final int[] hashes;
        final StepInput[] inputs;
        final boolean[] hasTimestamp;
        final long[] timestamps;
        /** Index + 1 of an element per slot (0: empty); at least twice the capacity, a power of two. */
        private final int[] table;
        int size;

        Elements(int capacity) {
            keys = new Object[capacity];
            hashes = new int[capacity];
            inputs = new StepInput[capacity];
            hasTimestamp = new boolean[capacity];
            timestamps = new long[capacity];
            table = new int[Integer.highestOneBit(Math.max(1, capacity)) * 4];
        }

        private int slot(int hash) {
            int h = hash * 0x9E3779B9;                   // spread the bits (Fibonacci hashing)
            return (h ^ (h >>> 16)) & (table.length - 1);
        }

        void add(Object key, int hash, StepInput in, boolean hasTs, long ts) {
            keys[size] = key;
            hashes[size] = hash;
            inputs[size] = in;
            hasTimestamp[size] = hasTs;
            timestamps[size] = ts;
            int t = slot(hash);
            while (table[t] != 0) {
                t = (t + 1) & (table.length - 1);
            }
            table[t] = ++size;
        }

        /** Appends element {@code j} of {@code from}. */
        void add(Elements from, int j) {
            add(from.keys[j], from.hashes[j], from.inputs[j], from.hasTimestamp[j], from.timestamps[j]);
        }

        /** Whether one of the elements has this key ({@code hash}: its hash code). */
        boolean hasKey(Object key, int hash) {
            for (int t = slot(hash); table[t] != 0; t = (t + 1) & (table.length - 1)) {
                int j = table[t] - 1;
                if (hashes[j] == hash && keys[j].equals(key)) {
                    return true;
                }
            }
            return false;
        }

        /** Drops the references of elements {@code from..size-1} and sets the size to {@code from}. */
        void truncate(int from) {
            for (int j = from; j < size; j++) {
                keys[j] = null;
                inputs[j] = null;
            }
            size = from;
            java.util.Arrays.fill(table, 0);                 // rebuilt for the elements kept
            for (int j = 0; j < size; j++) {
                int t = slot(hashes[j]);
                while (table[t] != 0) {
                    t = (t + 1) & (table.length - 1);
                }
                table[t] = j + 1;
            }
        }
    }

    /** An operator with these settings (see {@link SnnInference#builder}). */
    public SnnOperator(SnnInference.Settings settings) {
        if (settings == null) {
            throw new IllegalArgumentException("settings is null");
        }
        this.settings = settings;
    }

    /** The settings. */
    public SnnInference.Settings settings() {
        return settings;
    }

    @Override
    public void open() throws Exception {
        super.open();
        io.snn4j.nn.SequentialState net;
        try {
            net = settings.model().load();
        } catch (Exception e) {
            throw new IllegalStateException("snn4j operator: cannot load the model (" + settings.model() + "): "
                    + e.getMessage(), e);
        }
        if (net == null) {
            throw new IllegalStateException("snn4j operator: the model source returned no network (" + settings.model() + ")");
        }
        if (settings.numerics() != null) {
            net.setNumerics(settings.numerics());
        }
        try {
            stepper = new BatchStepper(net, settings.inputs(), settings.readout());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("snn4j operator: " + e.getMessage(), e);
        }
        ValueStateDescriptor<KeyState> d = new ValueStateDescriptor<>(STATE_NAME, new KeyStateSerializer());
        if (settings.stateTtl() != null) {
            d.enableTimeToLive(StateTtlConfig.newBuilder(settings.stateTtl())
                    .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                    .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
                    .build());
        }
        state = getPartitionedState(d);
        int b = settings.maxBatch();
        pending = new Elements(b);
        batch = new Elements(b);
        copier = b > 1 && getExecutionConfig().isObjectReuseEnabled() ? new StepInputSerializer() : null;
        bStates = new KeyState[b];
        bInputs = new StepInput[b];
        bOutputs = new StepOutput[b];
        record = new StreamRecord<>(null);
    }

    @Override
    public void processElement(StreamRecord<StepInput> element) throws Exception {
        Object key = getCurrentKey();
        StepInput in = element.getValue();
        String problem = stepper.checkInput(in);
        if (problem != null) {
            reject(key, in, problem);
            return;
        }
        if (settings.maxBatch() == 1) {
            batch.add(key, 0, in, element.hasTimestamp(), element.getTimestamp());
            stepBatch();
            return;
        }
        pending.add(key, key.hashCode(), copier != null ? copier.copy(in) : in, element.hasTimestamp(),
                element.getTimestamp());
        if (pending.size >= settings.maxBatch()) {
            flush();
        } else if (!timerSet && settings.flushInterval() != null && !settings.flushInterval().isZero()) {
            timerSet = true;
            long now = getProcessingTimeService().getCurrentProcessingTime();
            getProcessingTimeService().registerTimer(now + settings.flushInterval().toMillis(), t -> {
                timerSet = false;
                flush();
            });
        }
    }

    /**
     * Steps everything buffered, in rounds: each round takes the oldest buffered element of every key
     * (keys in the order of those elements' arrival), so a key's elements are stepped in arrival order,
     * one per round; the rest move up, in order, for the next round.
     */
    private void flush() throws Exception {
        while (pending != null && pending.size > 0) {   // null: open() failed, finish() runs all the same
            int rest = 0;
            for (int j = 0; j < pending.size; j++) {
                Object key = pending.keys[j];
                int hash = pending.hashes[j];
                if (batch.hasKey(key, hash)) {
                    // a later element of a key already in this round: keep it (rest <= j, so nothing unread is overwritten)
                    pending.keys[rest] = key;
                    pending.hashes[rest] = hash;
                    pending.inputs[rest] = pending.inputs[j];
                    pending.hasTimestamp[rest] = pending.hasTimestamp[j];
                    pending.timestamps[rest] = pending.timestamps[j];
                    rest++;
                } else {
                    batch.add(pending, j);
                }
            }
            pending.truncate(rest);
            stepBatch();
        }
    }

    /** Steps the elements of {@link #batch} (distinct keys) together, emits their outputs in order, empties it. */
    private void stepBatch() throws Exception {
        int n = batch.size;
        int m = 0;
        try {
            for (int j = 0; j < n; j++) {
                Object key = batch.keys[j];
                StepInput in = batch.inputs[j];
                setCurrentKey(key);
                KeyState s = state.value();
                if (s != null && !s.fits) {
                    String problem = stepper.checkState(s);
                    if (problem != null) {
                        reject(key, in, problem);         // throws with OnError.FAIL
                        continue;
                    }
                    s.fits = true;
                }
                if (m < j) {
                    batch.keys[m] = key;
                    batch.hashes[m] = batch.hashes[j];
                    batch.inputs[m] = in;
                    batch.hasTimestamp[m] = batch.hasTimestamp[j];
                    batch.timestamps[m] = batch.timestamps[j];
                }
                bStates[m] = s;
                bInputs[m] = in;
                m++;
            }
        } catch (RuntimeException e) {
            // nothing of this batch was stepped; leave the operator empty (the task fails and restores)
            batch.truncate(0);
            java.util.Arrays.fill(bStates, null);
            java.util.Arrays.fill(bInputs, null);
            throw e;
        }
        batch.truncate(m);
        if (m > 0) {
            stepper.step(bStates, bInputs, m, bOutputs);
        }
        for (int j = 0; j < m; j++) {
            setCurrentKey(batch.keys[j]);
            state.update(bStates[j]);
            if (batch.hasTimestamp[j]) {
                record.replace(bOutputs[j], batch.timestamps[j]);
            } else {
                record.replace(bOutputs[j]);
                record.eraseTimestamp();
            }
            output.collect(record);
            bStates[j] = null;
            bInputs[j] = null;
            bOutputs[j] = null;
        }
        batch.truncate(0);
    }

    private void reject(Object key, StepInput in, String problem) {
        String message = "snn4j: key '" + key + "'" + (in != null ? " step " + in.step : "") + ": " + problem;
        if (settings.onError() == SnnInference.OnError.FAIL) {
            throw new IllegalArgumentException(message);
        }
        output.collect(SnnInference.ERRORS, new StreamRecord<>(new StepError(String.valueOf(key), in == null ? -1 : in.step,
                message)));
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        flush();
        super.processWatermark(mark);
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        flush();
        super.prepareSnapshotPreBarrier(checkpointId);
    }

    @Override
    public void endInput() throws Exception {
        flush();
    }

    @Override
    public void finish() throws Exception {
        flush();
        super.finish();
    }
}
