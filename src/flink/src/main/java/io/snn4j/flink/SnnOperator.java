package io.snn4j.flink;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
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
    /** Buffered elements per key, keys in arrival order. */
    private transient LinkedHashMap<Object, ArrayDeque<Pending>> pending;
    private transient int pendingCount;
    private transient boolean timerSet;
    /** With object reuse on, an upstream operator may reuse the element after handing it over: buffer a copy. */
    private transient StepInputSerializer copier;
    private transient KeyState[] bStates;
    private transient StepInput[] bInputs;
    private transient StepOutput[] bOutputs;
    private transient Object[] bKeys;
    private transient Pending[] bPending;

    /** A buffered element with its key and timestamp. */
    private record Pending(Object key, StepInput input, boolean hasTimestamp, long timestamp) {
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
        pending = new LinkedHashMap<>();
        copier = settings.maxBatch() > 1 && getExecutionConfig().isObjectReuseEnabled() ? new StepInputSerializer() : null;
        int b = settings.maxBatch();
        bStates = new KeyState[b];
        bInputs = new StepInput[b];
        bOutputs = new StepOutput[b];
        bKeys = new Object[b];
        bPending = new Pending[b];
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
        Pending p = new Pending(key, in, element.hasTimestamp(), element.getTimestamp());
        if (settings.maxBatch() == 1) {
            bPending[0] = p;
            stepBatch(1);
            return;
        }
        if (copier != null) {
            p = new Pending(key, copier.copy(in), p.hasTimestamp(), p.timestamp());
        }
        pending.computeIfAbsent(key, k -> new ArrayDeque<>()).add(p);
        pendingCount++;
        if (pendingCount >= settings.maxBatch()) {
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

    /** Steps everything buffered: rounds of distinct keys (each key's oldest element), at most maxBatch each. */
    private void flush() throws Exception {
        while (pendingCount > 0) {
            int n = 0;
            Iterator<Map.Entry<Object, ArrayDeque<Pending>>> it = pending.entrySet().iterator();
            while (it.hasNext() && n < bPending.length) {
                ArrayDeque<Pending> q = it.next().getValue();
                bPending[n++] = q.poll();
                if (q.isEmpty()) {
                    it.remove();
                }
            }
            pendingCount -= n;
            stepBatch(n);
        }
    }

    /** Steps bPending[0..n) (distinct keys) together and emits their outputs in order. */
    private void stepBatch(int n) throws Exception {
        int m = 0;
        for (int j = 0; j < n; j++) {
            Pending p = bPending[j];
            bPending[j] = null;
            setCurrentKey(p.key());
            KeyState s = state.value();
            if (s != null && !s.fits) {
                String problem = stepper.checkState(s);
                if (problem != null) {
                    reject(p.key(), p.input(), problem);
                    continue;
                }
                s.fits = true;
            }
            bKeys[m] = p;
            bStates[m] = s;
            bInputs[m] = p.input();
            m++;
        }
        if (m == 0) {
            return;
        }
        stepper.step(bStates, bInputs, m, bOutputs);
        for (int j = 0; j < m; j++) {
            Pending p = (Pending) bKeys[j];
            setCurrentKey(p.key());
            state.update(bStates[j]);
            StreamRecord<StepOutput> r = p.hasTimestamp() ? new StreamRecord<>(bOutputs[j], p.timestamp())
                    : new StreamRecord<>(bOutputs[j]);
            output.collect(r);
            bKeys[j] = null;
            bStates[j] = null;
            bInputs[j] = null;
            bOutputs[j] = null;
        }
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
