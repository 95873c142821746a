package io.snn4j.nn;

import io.snn4j.functional.Coefficients;
import io.snn4j.functional.NeuronModel;
import io.snn4j.functional.NeuronParameters;
import io.snn4j.functional.NeuronState;
import io.snn4j.internal.Parallel;
import io.snn4j.internal.vectorization.EventBlocks;
import io.snn4j.module.NeuronModule;
import io.snn4j.module.SNN;
import io.snn4j.module.SNNCell;
import io.snn4j.tensor.SparseSpikes;
import io.snn4j.tensor.Tensor;

/**
 * {@link SequentialState#forwardSequence(SparseSpikes, java.util.List, Tensor)} for the network
 * {@code Linear -> feed-forward neuron layer} (Norse's benchmark network: Poisson spikes, a
 * {@code Linear(n, n)}, a LIF), with the product and the neurons fused per column block. Internal to the
 * package.
 *
 * <p>The output columns are split across the Linear's threads in blocks of {@link #BLOCK} columns; each
 * thread runs its blocks through the whole sequence on its own (no barrier until the end). For each chunk
 * of time steps and each of its blocks, the Linear's event kernel writes that block's input currents of
 * every row of the chunk into a thread-local buffer ({@code rows x BLOCK} floats), and the neuron
 * model's multi-step kernel ({@link NeuronModel#stepsRange}) then advances that block's neurons of every
 * batch row through the chunk's steps, reading the currents from the buffer and writing the output
 * spikes straight into the output tensor. The {@code (rows, out_features)} current of a chunk is never
 * made, each thread reads only its own columns of {@code W^T} (from the Linear's event layout, or copied per
 * chunk without one), and the neuron state of a block stays in cache while the chunk streams through.
 *
 * <p>The numbers are those of the unfused run, bit for bit: each current element is the event kernel's
 * sum (ascending input order from +0, then the bias), and the neurons are elementwise, so advancing one
 * block of neurons through several steps, then the next, gives each neuron the same steps as advancing
 * all neurons step by step. Stateless; each call uses the state it is given.
 */
final class EventNeuronRun {
    /**
     * Output columns per block: a chunk's currents of one block are {@code rows x 128} floats. One panel of the
     * event kernel at 16 lanes (eight vectors), two at 8.
     */
    static final int BLOCK = 128;
    /** Rows (time steps times batch rows) per chunk at least. */
    static final int CHUNK_ROWS = 1024;
    /**
     * Rows per chunk at most. A block's currents of a chunk ({@code rows x 128} floats, 1 MB) and a depth block of
     * the panel of {@code W^T} the event kernel reads (512 KB at 16 lanes) are more than the 1 MB L2 of the
     * AVX-512 machine holds, yet 1024 rows measured within the noise of 2048 at n = 5000 (fewer rows per chunk
     * read {@code W^T} from memory more often).
     */
    static final int CHUNK_ROWS_MAX = 2048;

    private EventNeuronRun() {
    }

    /**
     * The neuron module of {@code layer} if the fused run can take it: a feed-forward sequence module or cell
     * ({@code Layer.of(SNN)} or {@code Layer.of(SNNCell)}) in evaluation mode that does not record every
     * step's state; else null.
     */
    static NeuronModule<?, ?> neurons(Layer layer) {
        if (!(layer instanceof Layer.Adapter<?> a)) {
            return null;
        }
        NeuronModule<?, ?> m = a.module();
        boolean feedForward = m instanceof SNN<?, ?> s ? !s.recordStates() : m instanceof SNNCell<?, ?>;
        return feedForward && !m.isTraining() ? m : null;
    }

    /**
     * Time steps per chunk: about in_features rows (so that a panel of {@code W^T} copied for a chunk serves
     * many events per copied row), within {@code [CHUNK_ROWS, CHUNK_ROWS_MAX]} rows, at least one step.
     */
    static int chunkSteps(int rowsPerStep, int inFeatures, int steps) {
        int rows = Math.min(CHUNK_ROWS_MAX, Math.max(CHUNK_ROWS, inFeatures));
        return Math.max(1, Math.min(steps, rows / Math.max(1, rowsPerStep)));
    }

    /**
     * Runs {@code x} through {@code first} then the neuron module of {@code layer} (one that
     * {@link #neurons} accepts), from {@code state} (null: the module's default state; else updated in
     * place), into {@code out} (null: a new tensor), on {@code first}'s threads. Checks the state, the
     * parameters and the output before anything is computed.
     *
     * @return the output and the neuron layer's final state
     * @throws IllegalArgumentException if the state is not the module's kind or shape, or out has the wrong shape
     */
    static Layer.Step run(Linear first, Layer.Adapter<?> layer, SparseSpikes x, NeuronState state, Tensor out) {
        return runTyped(first, layer, layer.module(), x, state, out);
    }

    @SuppressWarnings("unchecked")
    private static <P extends NeuronParameters, S extends NeuronState> Layer.Step runTyped(Linear first,
            Layer.Adapter<?> layer, NeuronModule<P, S> module, SparseSpikes x, NeuronState state, Tensor out) {
        int[] shape = x.shape();
        int steps = shape[0], width = first.outFeatures(), rows = x.rows(), perStep = rows / steps;
        int[] stepShape = io.snn4j.tensor.Shapes.withLast(io.snn4j.tensor.Shapes.dropFirst(shape), width);
        int[] outShape = io.snn4j.tensor.Shapes.prepend(steps, stepShape);
        NeuronModel<P, S> model = module.activation();
        Coefficients c;
        try {
            layer.checkState(state);
            if (state != null) {
                state.requireShape("state", stepShape);
            }
            c = model.coefficients(module.p(), module.dt(), width);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("layer 1 (" + layer + "): " + e.getMessage(), e);
        }
        if (out != null) {
            io.snn4j.tensor.Shapes.requireShape("out", out.shape(), outShape);
        }
        S s = state != null ? (S) state : module.defaultState(stepShape);
        Tensor result = out != null ? out : Tensor.zeros(outShape);
        first.prepareEvents();
        int chunk = chunkSteps(perStep, first.inFeatures(), steps);
        int blocks = (width + BLOCK - 1) / BLOCK;
        long work = (long) x.indices().length * width + (long) rows * width;
        int pieces = (int) Math.max(1, Math.min(Math.min(first.threadCount(), blocks), work / (1 << 18)));
        int[] split = Parallel.split(width, pieces, BLOCK);
        int[] rowStart = x.rowStarts(), idx = x.indices();
        float[] val = x.values(), od = result.data();
        int oo = result.offset();
        float[][] packs = first.eventScratch(split.length - 1);
        Parallel.forEach(split.length - 1, k -> {
            float[] cur = new float[chunk * perStep * BLOCK];
            int[] list = new int[chunk * perStep];
            int[] table = new int[EventBlocks.ints(chunk * perStep, first.inFeatures())];
            for (int t0 = 0; t0 < steps; t0 += chunk) {
                int tc = Math.min(chunk, steps - t0), count = tc * perStep;
                for (int q = 0; q < count; q++) {
                    list[q] = t0 * perStep + q;
                }
                // where each row's events fall in the depth blocks of W^T: the same for every column block
                EventBlocks.fill(rowStart, idx, list, count, first.inFeatures(), table);
                for (int j0 = split[k]; j0 < split[k + 1]; j0 += BLOCK) {
                    int j1 = Math.min(split[k + 1], j0 + BLOCK), bw = j1 - j0;
                    first.eventColumns(rowStart, idx, val, list, count, j0, j1, cur, 0, bw, packs[k], table);
                    // batch row b's neurons j0..j1: element e = b * width + j reads cur[t * perStep * bw + b * bw + j - j0]
                    for (int b = 0; b < perStep; b++) {
                        int from = b * width + j0;
                        model.stepsRange(cur, b * bw - from, perStep * bw, s, from, from + bw, od,
                                oo + t0 * perStep * width, perStep * width, tc, c);
                    }
                }
            }
        });
        return new Layer.Step(result, s);
    }
}
