package io.snn4j.docs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snn4j.functional.LIFFeedForwardState;
import io.snn4j.functional.LIFParameters;
import io.snn4j.functional.Param;
import io.snn4j.module.LIF;
import io.snn4j.module.SequenceResult;
import io.snn4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The README's examples, verbatim apart from the assertions, so that they keep compiling and working. */
class ReadmeExamplesTest {

    @Test
    void lifSequenceExample() {
        // 100 time steps, batch 8, 512 neurons, constant input current 1.5 (time-first, as in Norse)
        Tensor x = Tensor.full(1.5f, 100, 8, 512);
        LIFParameters p = LIFParameters.DEFAULT.withVTh(Param.of(1.2f));   // Norse's field names and defaults
        LIF lif = new LIF(p, 0.001);                                          // dt = 1 ms
        lif.setThreads(4);                                                    // same result for any thread count
        SequenceResult<LIFFeedForwardState> r = lif.forward(x);               // state null: v = v_leak, i = 0
        Tensor spikes = r.output();                                           // (100, 8, 512) of 0/1
        LIFFeedForwardState s = r.state();                                    // s.v, s.i: flat float[8 * 512]
        System.out.println(lif + " fired " + spikes.countNonZero() + " spikes");

        assertArrayEquals(new int[] {100, 8, 512}, spikes.shape());
        assertTrue(spikes.countNonZero() > 0);
        assertTrue(s.v.length == 8 * 512);
    }
}
