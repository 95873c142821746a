package io.snn4j.module;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snn4j.functional.LIFParameters;
import io.snn4j.functional.LIFState;
import io.snn4j.functional.Param;
import io.snn4j.internal.Allocations;
import io.snn4j.tensor.SparseSpikes;
import io.snn4j.tensor.Tensor;
import java.util.SplittableRandom;
import org.ejml.data.FMatrixRMaj;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The recurrent cell's step paths: dense input (projected by the product), dense input that is mostly
 * zero (detected, event-driven), SparseSpikes (event-driven), with plain spikes and scaled events: the
 * same numbers bit for bit; buffers kept between calls of any shape; no allocation per step.
 */
class RecurrentCellBuffersTest {

    static LIFRecurrentCell cell(int in, int h, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        FMatrixRMaj win = new FMatrixRMaj(h, in), wrec = new FMatrixRMaj(h, h);
        for (int k = 0; k < win.data.length; k++) {
            win.data[k] = (float) (r.nextGaussian() * 0.6);
        }
        for (int k = 0; k < wrec.data.length; k++) {
            wrec.data[k] = (float) (r.nextGaussian() * 0.3);
        }
        return new LIFRecurrentCell(in, h, LIFParameters.DEFAULT.withVTh(Param.of(0.1f)),
                RecurrentOptions.DEFAULT.withInputWeights(win).withRecurrentWeights(wrec));
    }

    static Tensor input(SplittableRandom r, double density, boolean values, int... shape) {
        Tensor x = Tensor.zeros(shape);
        for (int k = 0; k < x.size(); k++) {
            if (r.nextDouble() < density) {
                x.data()[k] = values ? (float) (r.nextGaussian() * 3) : 1f;
            }
        }
        return x;
    }

    static void assertBits(float[] want, float[] got, String what) {
        assertEquals(want.length, got.length, what);
        for (int q = 0; q < want.length; q++) {
            assertEquals(Float.floatToIntBits(want[q]), Float.floatToIntBits(got[q]), what + ": element " + q);
        }
    }

    /** Detected events (dense input) and SparseSpikes, any thread count, against one thread's SparseSpikes steps. */
    @Test
    void everyInputPathGivesTheSameNumbers() {
        int in = 37, h = 45, batch = 3, steps = 12;
        for (boolean values : new boolean[] {false, true}) {
            for (int threads : new int[] {1, 2, 3}) {
                SplittableRandom r = new SplittableRandom(values ? 11 : 10);
                LIFRecurrentCell ref = cell(in, h, 4), detected = cell(in, h, 4), sparse = cell(in, h, 4);
                ref.setThreads(1);
                detected.setThreads(threads);
                sparse.setThreads(threads);
                LIFState sr = null, se = null, ss = null;
                Tensor out = Tensor.zeros(batch, h);
                long fired = 0;
                for (int t = 0; t < steps; t++) {
                    Tensor x = input(r, 0.15, values, batch, in);
                    SparseSpikes sx = values ? SparseSpikes.fromDenseValues(x) : SparseSpikes.fromDense(x);
                    StepResult<LIFState> a = ref.forward(sx, sr);
                    sr = a.state();
                    StepResult<LIFState> b = detected.forward(x, se, out);
                    se = b.state();
                    assertSame(out, b.output());
                    StepResult<LIFState> c = sparse.forward(sx, ss, Tensor.zeros(batch, h));
                    ss = c.state();
                    String what = "values=" + values + " threads=" + threads + " step " + t;
                    assertBits(a.output().data(), b.output().data(), what + " detected events");
                    assertBits(a.output().data(), c.output().data(), what + " SparseSpikes");
                    assertBits(sr.v, se.v, what + " v");
                    assertBits(sr.i, ss.i, what + " i");
                    fired += a.output().countNonZero();
                }
                assertTrue(fired > 20, "the cells must spike for the comparison to mean something: " + fired);
            }
        }
    }

    @Test
    void productAndEventsAgree() {
        // one cell, one step: an input with 60 % ones goes through the product; the same ones spread so
        // that only 10 % remain (zero weights for the others) must give the same numbers by events
        int in = 40, h = 33;
        SplittableRandom r = new SplittableRandom(21);
        LIFRecurrentCell c1 = cell(in, h, 9);
        FMatrixRMaj win = c1.inputWeights();
        Tensor dense = input(r, 0.6, true, 2, in);
        Tensor sparse = dense.copy();
        for (int k = 0; k < sparse.size(); k++) {
            if (k % 8 != 0) {
                sparse.data()[k] = 0f;
            }
        }
        // zero the input weights of the inputs that differ, so that both inputs must give the same sums
        FMatrixRMaj w2 = win.copy();
        for (int j = 0; j < h; j++) {
            for (int k = 0; k < in; k++) {
                boolean keptInEveryRow = k % 8 == 0 && (in + k) % 8 == 0;
                if (!keptInEveryRow) {
                    w2.set(j, k, 0f);
                }
            }
        }
        LIFRecurrentCell a = new LIFRecurrentCell(in, h, c1.p(), RecurrentOptions.DEFAULT.withInputWeights(w2)
                .withRecurrentWeights(c1.recurrentWeights()));
        LIFRecurrentCell b = new LIFRecurrentCell(in, h, c1.p(), RecurrentOptions.DEFAULT.withInputWeights(w2)
                .withRecurrentWeights(c1.recurrentWeights()));
        StepResult<LIFState> ra = a.forward(dense, null), rb = b.forward(sparse, null);
        assertBits(ra.state().i, rb.state().i, "product (60 % nonzero) vs events (10 %)");
        assertBits(ra.state().v, rb.state().v, "v");
        StepResult<LIFState> ra2 = a.forward(dense, ra.state()), rb2 = b.forward(sparse, rb.state());
        assertBits(ra2.state().i, rb2.state().i, "second step");
        assertTrue(ra2.output().countNonZero() + ra.output().countNonZero() > 0, "some spikes");
    }

    @Test
    void buffersFollowTheShapeAndBadCallsChangeNothing() {
        LIFRecurrentCell c = cell(10, 20, 3);
        LIFRecurrentCell ref = cell(10, 20, 3);
        SplittableRandom r = new SplittableRandom(5);
        LIFState s2 = null, r2 = null;
        for (int t = 0; t < 6; t++) {
            int batch = t % 3 + 1; // the shape changes between calls
            Tensor x = input(r, 0.2, false, batch, 10);
            StepResult<LIFState> a = c.forward(x, null, Tensor.zeros(batch, 20));
            StepResult<LIFState> b = ref.forward(x, null);
            assertBits(b.output().data(), a.output().data(), "batch " + batch);
        }
        Tensor x = input(r, 0.2, false, 2, 10);
        StepResult<LIFState> a = c.forward(x, null);
        s2 = a.state();
        r2 = ref.forward(x, null).state();
        float[] v = s2.v.clone();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.forward(x, c.forward(x, null).state(),
                Tensor.zeros(2, 21)));
        assertTrue(e.getMessage().contains("out has shape [2, 21], expected [2, 20]"), e.getMessage());
        LIFState keep = s2;
        assertThrows(IllegalArgumentException.class, () -> c.forward(Tensor.zeros(2, 11), keep, Tensor.zeros(2, 20)));
        assertThrows(IllegalArgumentException.class, () -> c.forward(x, keep, null));
        assertThrows(IllegalArgumentException.class, () -> c.forward(SparseSpikes.fromDense(Tensor.zeros(3, 10)), keep,
                Tensor.zeros(3, 20)));
        assertArrayEquals(v, s2.v, "rejected calls changed the state");
        assertBits(ref.forward(x, r2).output().data(), c.forward(x, s2).output().data(), "after the rejected calls");
    }

    @Test
    @Tag(Allocations.TAG)
    void aStepAllocatesNothing() {
        int in = 256, h = 512, steps = 2000;
        LIFRecurrentCell c = cell(in, h, 7);
        c.setThreads(1);
        SplittableRandom r = new SplittableRandom(8);
        Tensor[] dense01 = new Tensor[8];
        SparseSpikes[] sparse = new SparseSpikes[8];
        Tensor[] denseAny = new Tensor[8];
        for (int k = 0; k < 8; k++) {
            dense01[k] = input(r, 0.05, false, 1, in);
            sparse[k] = SparseSpikes.fromDenseValues(input(r, 0.05, true, 1, in));
            denseAny[k] = input(r, 0.9, true, 1, in);
        }
        LIFState s = c.forward(dense01[0], null).state();
        Tensor out = Tensor.zeros(1, h);
        // the step result record (24 bytes) may or may not be scalar-replaced by the JIT; no buffer is
        // allocated: under 32 bytes per step on average (one 512-neuron output alone would be 2 KB). Paths: dense
        // 0/1 input, SparseSpikes, dense input (see Allocations for the rounds and the deadline).
        Allocations.assertSteadyStateAtMost(32L * steps - 1, "a cell step, " + steps + " steps", () -> {
            for (int t = 0; t < steps; t++) {
                c.forward(dense01[t & 7], s, out);
            }
        }, () -> {
            for (int t = 0; t < steps; t++) {
                c.forward(sparse[t & 7], s, out);
            }
        }, () -> {
            for (int t = 0; t < steps; t++) {
                c.forward(denseAny[t & 7], s, out);
            }
        });
    }
}
