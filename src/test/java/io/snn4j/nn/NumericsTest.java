package io.snn4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snn4j.functional.Numerics;
import io.snn4j.module.LIFCell;
import io.snn4j.tensor.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The fast numeric mode of Linear: close to the exact mode, the same for any thread count, opt-in. */
class NumericsTest {
    static Tensor random(long seed, int... shape) {
        SplittableRandom r = new SplittableRandom(seed);
        Tensor t = Tensor.zeros(shape);
        for (int k = 0; k < t.size(); k++) {
            t.data()[k] = (float) (r.nextDouble() * 2 - 1);
        }
        return t;
    }

    @Test
    void fastModeIsCloseToExactAndIndependentOfThreads() {
        Tensor x = random(1, 7, 33, 301);
        Linear exact = Linear.initialized(301, 45, true, 3), fast1 = Linear.initialized(301, 45, true, 3),
                fast2 = Linear.initialized(301, 45, true, 3);
        assertEquals(Numerics.EXACT, exact.numerics(), "the default is Norse's arithmetic");
        fast1.setNumerics(Numerics.FAST);
        fast2.setNumerics(Numerics.FAST);
        fast1.setThreads(1);
        fast2.setThreads(2);
        float[] e = exact.apply(x).toArray(), f1 = fast1.apply(x).toArray(), f2 = fast2.apply(x).toArray();
        assertArrayEquals(f1, f2, "the fast mode must not depend on the thread count");
        int differ = 0;
        for (int k = 0; k < e.length; k++) {
            // |x| <= 1, |w| <= 1/sqrt(301): the sum of |terms| is below sqrt(301); a few roundings of it at most
            assertEquals(e[k], f1[k], 4 * 301 * Math.ulp(1f) * Math.sqrt(301), "output " + k);
            if (e[k] != f1[k]) {
                differ++;
            }
        }
        assertTrue(differ > 0, "FMA must change some last bits, else the mode is not in use");
        // backward in fast mode too: weight gradients close to the exact ones
        exact.train(true);
        fast1.train(true);
        Tensor g = random(2, 7, 33, 45);
        exact.apply(x);
        fast1.apply(x);
        Tensor gxe = exact.backward(g, true), gxf = fast1.backward(g, true);
        float[] ge = exact.parameters().get(0).grad(), gf = fast1.parameters().get(0).grad();
        for (int k = 0; k < ge.length; k++) {
            assertEquals(ge[k], gf[k], 4 * 231 * Math.ulp(1f) * 231, "weight gradient " + k);
        }
        assertNotEquals(0, gxf.size());
        for (int k = 0; k < gxe.size(); k++) {
            assertEquals(gxe.data()[k], gxf.data()[k], 1e-4f, "input gradient " + k);
        }
    }

    /** The same seeded weights every time. */
    static io.snn4j.module.LIFRecurrent rec() {
        return new io.snn4j.module.LIFRecurrent(37, 29, io.snn4j.functional.LIFParameters.DEFAULT,
                io.snn4j.module.RecurrentOptions.DEFAULT.withSeed(5));
    }

    @Test
    void recurrentModulesFastModeTracksTheExactVoltages() {
        // dense input (every element nonzero): the dense products run, in either arithmetic
        Tensor x = random(4, 20, 3, 37);
        io.snn4j.module.LIFRecurrent exact = rec(),
                fast = rec(), fast2 = rec();
        assertEquals(Numerics.EXACT, exact.numerics());
        fast.setNumerics(Numerics.FAST);
        fast2.setNumerics(Numerics.FAST);
        fast.setThreads(1);
        fast2.setThreads(2);
        var re = exact.forward(x, null);
        var rf = fast.forward(x, null);
        assertArrayEquals(rf.output().toArray(), fast2.forward(x, null).output().toArray(), "thread count");
        // before the first spike the voltages differ by roundings only; the run's final voltages too unless
        // a spike flipped (then the spike trains differ): assert the first step's voltages closely
        var e1 = rec();
        var f1 = rec();
        f1.setNumerics(Numerics.FAST);
        Tensor first = Tensor.zeros(2, 3, 37);
        for (int t = 0; t < 2; t++) {
            first.step(t).copyFrom(x.step(t));
        }
        float[] ve = e1.forward(first, null).state().v, vf = f1.forward(first, null).state().v;
        int differ = 0;
        for (int k = 0; k < ve.length; k++) {
            assertEquals(ve[k], vf[k], 1e-5f, "v " + k);
            differ += ve[k] != vf[k] ? 1 : 0;
        }
        assertTrue(differ > 0, "the FMA product must be in use");
        assertArrayEquals(re.output().shape(), rf.output().shape());
        assertThrows(IllegalArgumentException.class, () -> exact.setNumerics(null));
        Layer layer = Layer.of(fast);
        layer.setNumerics(Numerics.EXACT);
        assertEquals(Numerics.EXACT, fast.numerics(), "the layer adapter passes the choice on");
    }

    @Test
    void sequentialStateSetsEveryLinearAndRejectsNull() {
        Linear a = Linear.initialized(5, 4, true, 1), b = Linear.initialized(4, 3, false, 2);
        SequentialState net = new SequentialState(a, Layer.of(new LIFCell()), b);
        net.setNumerics(Numerics.FAST);
        assertEquals(Numerics.FAST, a.numerics());
        assertEquals(Numerics.FAST, b.numerics());
        assertThrows(IllegalArgumentException.class, () -> net.setNumerics(null));
        assertThrows(IllegalArgumentException.class, () -> a.setNumerics(null));
        assertEquals(Numerics.FAST, a.numerics(), "a rejected call changes nothing");
    }
}
