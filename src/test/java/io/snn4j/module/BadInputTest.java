package io.snn4j.module;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snn4j.functional.LIFFeedForwardState;
import io.snn4j.functional.LIFParameters;
import io.snn4j.functional.LIParameters;
import io.snn4j.functional.LIState;
import io.snn4j.functional.Param;
import io.snn4j.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Every rejected argument gives an IllegalArgumentException that names it, and changes nothing. */
class BadInputTest {

    static void rejects(Executable call, String... mustMention) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        for (String m : mustMention) {
            assertTrue(e.getMessage().contains(m), "message '" + e.getMessage() + "' should mention '" + m + "'");
        }
    }

    static LIFFeedForwardState someState(int... shape) {
        LIFFeedForwardState s = new LIFFeedForwardState(shape);
        for (int k = 0; k < s.size(); k++) {
            s.v[k] = 0.1f * k;
            s.i[k] = -0.2f * k;
        }
        return s;
    }

    @Test
    void stateOfAnotherBatchSizeIsRejectedAndUntouched() {
        LIFFeedForwardState s = someState(3, 5);
        LIFFeedForwardState before = s.copy();
        rejects(() -> new LIF().forward(Tensor.ones(10, 2, 5), s), "state", "[3, 5]", "[2, 5]");
        rejects(() -> new LIFCell().forward(Tensor.ones(2, 5), s), "state", "[3, 5]", "[2, 5]");
        assertArrayEquals(before.v, s.v);
        assertArrayEquals(before.i, s.i);
    }

    @Test
    void wrongInputShapeForPerNeuronParametersIsRejectedAndStateUntouched() {
        LIFParameters p = LIFParameters.DEFAULT.withVTh(Param.of(1f, 2f, 3f));
        LIFFeedForwardState s = someState(2, 4);
        LIFFeedForwardState before = s.copy();
        rejects(() -> new LIF(p, 0.001).forward(Tensor.ones(5, 2, 4), s), "v_th", "3", "4");
        rejects(() -> new LIFCell(p, 0.001).forward(Tensor.ones(2, 4), s), "v_th", "3", "4");
        assertArrayEquals(before.v, s.v);
        rejects(() -> new LIFCell().forward(Tensor.ones(2, 4), someState(2, 4), Tensor.zeros(2, 5)), "out", "[2, 5]");
    }

    @Test
    void stateOfAnotherTypeOfShapeIsRejected() {
        LIState s = new LIState(4);
        rejects(() -> new LI().forward(Tensor.ones(3, 5), s), "state", "[4]", "[5]");
    }

    @Test
    void badTimeStepIsRejected() {
        for (double dt : new double[] {-0.001, 0, Double.NaN, Double.POSITIVE_INFINITY}) {
            rejects(() -> new LIF(LIFParameters.DEFAULT, dt), "dt");
            rejects(() -> new LIFCell(LIFParameters.DEFAULT, dt), "dt");
            rejects(() -> new LI(LIParameters.DEFAULT, dt), "dt");
            rejects(() -> new LICell(LIParameters.DEFAULT, dt), "dt");
        }
    }

    @Test
    void badTimeConstantsAreRejected() {
        rejects(() -> new LIFParameters(-200f, 100f, 0f, 1f, 0f), "tau_syn_inv", "> 0");
        rejects(() -> new LIFParameters(200f, 0f, 0f, 1f, 0f), "tau_mem_inv");
        rejects(() -> new LIFParameters(200f, Float.NaN, 0f, 1f, 0f), "tau_mem_inv", "finite");
        rejects(() -> new LIFParameters(Float.POSITIVE_INFINITY, 100f, 0f, 1f, 0f), "tau_syn_inv", "finite");
        rejects(() -> LIFParameters.DEFAULT.withTauMemInv(Param.of(100f, -1f)), "tau_mem_inv");
        rejects(() -> new LIParameters(200f, -100f, 0f), "LIParameters.tau_mem_inv");
        rejects(() -> new LIFParameters(200f, 100f, Float.NaN, 1f, 0f), "v_leak", "finite");
        rejects(() -> new LIFParameters(200f, 100f, 0f, Float.NEGATIVE_INFINITY, 0f), "v_th");
        rejects(() -> new LIFParameters(null, Param.of(1f), Param.of(1f), Param.of(1f), Param.of(1f), "super", Param.of(1f)),
                "tau_syn_inv", "null");
    }

    @Test
    void unknownMethodIsRejected() {
        rejects(() -> LIFParameters.DEFAULT.withMethod("sigmoid", Param.of(100f)), "method", "sigmoid", "super");
        rejects(() -> LIFParameters.DEFAULT.withMethod("adjoint", Param.of(100f)), "method", "adjoint");
        rejects(() -> LIFParameters.DEFAULT.withMethod(null, Param.of(100f)), "method");
    }

    @Test
    void emptySequenceIsRejectedAndStateUntouched() {
        LIFFeedForwardState s = someState(2, 3);
        LIFFeedForwardState before = s.copy();
        rejects(() -> new LIF().forward(Tensor.zeros(0, 2, 3), s), "T = 0");
        rejects(() -> new LI().forward(Tensor.zeros(0, 2, 3)), "T = 0");
        rejects(() -> new LIF().forward(Tensor.scalar(1f)), "time-first");
        rejects(() -> new LIF().run(new int[] {2, 3}, (t, into) -> false, (t, o) -> { }, s), "T = 0");
        rejects(() -> new LIF().forward(null), "x");
        assertArrayEquals(before.v, s.v);
        assertArrayEquals(before.i, s.i);
    }

    @Test
    void badThreadCountIsRejected() {
        rejects(() -> new LIF().setThreads(0), "threads");
    }
}
