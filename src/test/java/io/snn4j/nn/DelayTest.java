package io.snn4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snn4j.functional.LIState;
import io.snn4j.functional.NeuronState;
import io.snn4j.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class DelayTest {

    @Test
    void delaysEachNeuronByItsStepsAgainstAHandComputedSequence() {
        // neurons with delays 0, 1 and 3; batch 2; x[t][b][k] = 100 t + 10 b + k + 1
        Delay d = new Delay(new int[] {0, 1, 3}, 3);
        int steps = 6;
        Tensor x = Tensor.zeros(steps, 2, 3);
        for (int t = 0; t < steps; t++) {
            for (int b = 0; b < 2; b++) {
                for (int k = 0; k < 3; k++) {
                    x.set(100 * t + 10 * b + k + 1, t, b, k);
                }
            }
        }
        float[] want = {
            1, 0, 0, 11, 0, 0,            // t=0: only the undelayed neuron
            101, 2, 0, 111, 12, 0,        // t=1: neuron 1 gives t=0's input
            201, 102, 0, 211, 112, 0,
            301, 202, 3, 311, 212, 13,    // t=3: neuron 2 gives t=0's input
            401, 302, 103, 411, 312, 113,
            501, 402, 203, 511, 412, 213};
        Layer.Step r = d.forwardSequence(x, null);
        assertArrayEquals(want, r.output().toArray());
        assertArrayEquals(new int[] {6, 2, 3}, r.output().shape());
        // step by step through SequentialState, the state carried between calls, gives the same
        SequentialState net = new SequentialState(d);
        assertEquals(r.output(), net.run(x, null).output());
        // resuming from the returned state continues the sequence
        Layer.Step next = d.forward(Tensor.full(7f, 2, 3), r.state());
        assertArrayEquals(new float[] {7, 502, 303, 7, 512, 313}, next.output().toArray());
    }

    @Test
    void uniformAndZeroDelays() {
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 5, 6, 7, 8}, 4, 1, 2);
        assertArrayEquals(new float[] {0, 0, 0, 0, 1, 2, 3, 4}, Delay.uniform(2).forwardSequence(x, null).output().toArray());
        assertEquals(x, Delay.uniform(0).forwardSequence(x, null).output());
        Tensor img = Tensor.of(new float[] {1, 2, 3, 4}, 2, 1, 1, 2);   // (T, B, C=1, W=2) with delays of shape (1, 2)
        assertArrayEquals(new float[] {1, 0, 3, 2}, new Delay(new int[] {0, 1}, 1, 2).forwardSequence(img, null).output().toArray());
    }

    @Test
    void fromSecondsAndFromATensor() {
        Delay d = Delay.fromSeconds(Tensor.vector(0f, 0.003f, 0.001f), 0.001);
        assertArrayEquals(new int[] {0, 3, 1}, d.steps());
        assertArrayEquals(new int[] {2, 0}, Delay.of(Tensor.of(new float[] {2, 0}, 2)).steps());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Delay.fromSeconds(Tensor.vector(0.0015f), 0.001));
        assertTrue(e.getMessage().contains("whole number of steps"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Delay.fromSeconds(Tensor.vector(0.001f, -0.002f), 0.001));
        assertTrue(e.getMessage().contains("neuron 1") && e.getMessage().contains("at least 0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Delay.of(Tensor.vector(1.5f)));
        assertTrue(e.getMessage().contains("whole number"), e.getMessage());
    }

    @Test
    void badInputIsNamedAndLeavesTheStateUnchanged() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Delay(new int[] {1, -2}, 2));
        assertTrue(e.getMessage().contains("neuron 1 is -2 steps"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Delay(new int[] {1, 2}, 3));
        assertTrue(e.getMessage().contains("needs 3 delays, got 2"), e.getMessage());
        Delay d = new Delay(new int[] {1, 2}, 2);
        e = assertThrows(IllegalArgumentException.class, () -> d.forward(Tensor.zeros(2, 3), null));
        assertTrue(e.getMessage().contains("delays' shape [2]"), e.getMessage());
        NeuronState s = d.forward(Tensor.full(1f, 1, 2), null).state();
        NeuronState before = s.copy();
        e = assertThrows(IllegalArgumentException.class, () -> d.forward(Tensor.zeros(3, 2), s));
        assertTrue(e.getMessage().contains("state"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> d.forward(Tensor.zeros(1, 2), new LIState(1, 2)));
        assertTrue(e.getMessage().contains("Delay.State"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> d.forward(Tensor.zeros(1, 2), new Delay.State(new int[] {1, 2}, 5)));
        assertTrue(e.getMessage().contains("5 slots"), e.getMessage());
        for (int k = 0; k < s.buffers().length; k++) {
            assertArrayEquals(before.buffers()[k], s.buffers()[k], s.names().get(k));
        }
        assertEquals(List.of("head", "slot0", "slot1"), d.newState(new int[] {1, 2}).names());
        assertThrows(IllegalArgumentException.class, () -> d.train(true), "no backward pass");
    }
}
