package io.snn4j.internal.vectorization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@link WarmingKernels} with recording stand-ins for the two implementations: every kernel call is passed,
 * arguments unchanged, to the scalar kernels until the warm-up ends and to the SIMD kernels after it, and the
 * warm-up ends on a failure and at its time limit. Needs no vector module. The real SIMD kernels:
 * {@code WarmingKernelsSimdTest}.
 */
class WarmingKernelsTest {
    private static final String WARMUP_THREAD = "snn4j-simd-warmup";

    /** A Kernels stand-in that records the calls made outside the warm-up thread. */
    static final class Recorder {
        final String label;
        final int lanes;
        final List<String> calls = new ArrayList<>();
        final List<Object[]> args = new ArrayList<>();
        volatile CountDownLatch gate;
        volatile RuntimeException failure;
        volatile long sleepMillis;

        Recorder(String label, int lanes) {
            this.label = label;
            this.lanes = lanes;
        }

        Kernels kernels() {
            return (Kernels) Proxy.newProxyInstance(Kernels.class.getClassLoader(), new Class<?>[] {Kernels.class},
                    (proxy, m, a) -> {
                        if (m.isDefault()) {
                            return java.lang.reflect.InvocationHandler.invokeDefault(proxy, m, a);
                        }
                        switch (m.getName()) {
                            case "name":
                                return label;
                            case "lanes":
                                return lanes;
                            case "eventPackFloats":
                                return lanes * 10;
                            default:
                                break;
                        }
                        if (Thread.currentThread().getName().equals(WARMUP_THREAD)) {
                            CountDownLatch g = gate;
                            if (g != null) {
                                g.await();
                            }
                            if (failure != null) {
                                throw failure;
                            }
                            if (sleepMillis > 0) {
                                Thread.sleep(sleepMillis);
                            }
                        } else {
                            synchronized (this) {
                                calls.add(m.getName());
                                args.add(a);
                            }
                        }
                        return m.getReturnType() == int.class ? 7 : null;
                    });
        }
    }

    /** The interface's abstract kernel methods (name, lanes and eventPackFloats are not calls to delegate). */
    private static List<Method> kernelMethods() {
        List<Method> ms = new ArrayList<>();
        for (Method m : Kernels.class.getMethods()) {
            if (Modifier.isAbstract(m.getModifiers()) && !List.of("name", "lanes", "eventPackFloats").contains(m.getName())) {
                ms.add(m);
            }
        }
        assertTrue(ms.size() >= 30, "kernel methods found: " + ms.size());
        return ms;
    }

    /** Distinct arguments for every parameter, so that a swapped argument would be noticed. */
    private static Object[] arguments(Method m) {
        Class<?>[] types = m.getParameterTypes();
        Object[] a = new Object[types.length];
        for (int p = 0; p < types.length; p++) {
            Class<?> t = types[p];
            a[p] = t == int.class ? (Object) (100 + p) : t == float.class ? (Object) (0.5f + p) : t == boolean.class
                    ? (Object) (p % 2 == 0) : t == float[].class ? new float[p + 1] : t == int[].class ? new int[p + 1]
                    : t == float[][].class ? new float[p + 1][] : t == EventPanels.class
                    ? new EventPanels(p, p + 1, p + 2, 4, 4, new float[1]) : null;
            assertNotNull(a[p], m + ": no test value for " + t);
        }
        return a;
    }

    /** Calls every kernel method on {@code k} and asserts each reached {@code to}, in order, with the same arguments. */
    private static void assertAllCallsReach(Kernels k, Recorder to, Recorder other) throws Exception {
        List<Method> ms = kernelMethods();
        List<Object[]> given = new ArrayList<>();
        int otherBefore = other.calls.size();
        to.calls.clear();
        to.args.clear();
        for (Method m : ms) {
            Object[] a = arguments(m);
            given.add(a);
            Object r = m.invoke(k, a);
            if (m.getReturnType() == int.class) {
                assertEquals(7, r, m + " did not return the delegate's value");
            }
        }
        assertEquals(otherBefore, other.calls.size(), "calls reached the " + other.label + " kernels");
        assertEquals(ms.size(), to.calls.size(), "calls that reached the " + to.label + " kernels: " + to.calls);
        for (int q = 0; q < ms.size(); q++) {
            assertEquals(ms.get(q).getName(), to.calls.get(q));
            Object[] expected = given.get(q), got = to.args.get(q);
            assertEquals(expected.length, got.length, ms.get(q).getName());
            for (int p = 0; p < expected.length; p++) {
                if (expected[p].getClass().isArray()) {
                    assertSame(expected[p], got[p], ms.get(q).getName() + " argument " + p);
                } else {
                    assertEquals(expected[p], got[p], ms.get(q).getName() + " argument " + p);
                }
            }
        }
    }

    @Test
    void scalarAnswersUntilTheWarmUpEndsThenSimdEveryKernelWithItsArguments() throws Exception {
        Recorder scalar = new Recorder("scalar", 1), simd = new Recorder("simd", 8);
        simd.gate = new CountDownLatch(1);
        WarmingKernels k = new WarmingKernels(scalar.kernels(), simd.kernels(), 0, TimeUnit.MILLISECONDS.toNanos(200));
        assertFalse(k.warm());
        assertAllCallsReach(k, scalar, simd);
        assertFalse(k.warm(), "the warm-up cannot have ended while its SIMD calls are held");
        assertEquals("simd", k.name());
        assertEquals(8, k.lanes());
        assertEquals(80, k.eventPackFloats(3), "the scratch the SIMD kernels need, even before they answer");

        simd.gate.countDown();
        k.awaitWarm();
        assertTrue(k.warm());
        assertAllCallsReach(k, simd, scalar);
    }

    @Test
    void aFailingWarmUpHandsOverToSimdAtOnce() throws Exception {
        Recorder scalar = new Recorder("scalar", 1), simd = new Recorder("simd", 8);
        simd.failure = new IllegalStateException("warm-up failure");
        long t0 = System.nanoTime();
        WarmingKernels k = new WarmingKernels(scalar.kernels(), simd.kernels(), 0, TimeUnit.SECONDS.toNanos(60));
        k.awaitWarm();
        assertTrue(k.warm());
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(30), "the failure did not end the warm-up");
        assertAllCallsReach(k, simd, scalar);
    }

    @Test
    void simdThatNeverGetsFasterTakesOverAtTheTimeLimit() throws Exception {
        Recorder scalar = new Recorder("scalar", 1), simd = new Recorder("simd", 8);
        simd.sleepMillis = 2; // each SIMD call 2 ms, each scalar call free: SIMD never wins a round
        long limit = TimeUnit.MILLISECONDS.toNanos(300);
        long t0 = System.nanoTime();
        WarmingKernels k = new WarmingKernels(scalar.kernels(), simd.kernels(), 0, limit);
        k.awaitWarm();
        assertTrue(System.nanoTime() - t0 >= limit, "handed over before the time limit without winning a round");
        assertTrue(k.warm());
    }

    @Test
    void theWarmUpWaitsForItsDelay() throws Exception {
        Recorder scalar = new Recorder("scalar", 1), simd = new Recorder("simd", 8);
        java.util.concurrent.atomic.AtomicLong firstWarmUpCall = new java.util.concurrent.atomic.AtomicLong();
        Kernels timed = (Kernels) Proxy.newProxyInstance(Kernels.class.getClassLoader(), new Class<?>[] {Kernels.class},
                (proxy, m, a) -> {
                    if (Thread.currentThread().getName().equals(WARMUP_THREAD)) {
                        firstWarmUpCall.compareAndSet(0, System.nanoTime());
                    }
                    return m.invoke(simd.kernels(), a);
                });
        long delay = TimeUnit.MILLISECONDS.toNanos(300);
        long t0 = System.nanoTime();
        WarmingKernels k = new WarmingKernels(scalar.kernels(), timed, delay, TimeUnit.MILLISECONDS.toNanos(100));
        assertFalse(k.warm());
        k.awaitWarm();
        assertTrue(firstWarmUpCall.get() - t0 >= delay, "the warm-up started after "
                + (firstWarmUpCall.get() - t0) / 1e6 + " ms, before its delay");
        assertTrue(k.warm());
    }

    @Test
    void theDelayPropertyIsMillisecondsAndABadValueKeepsTheDefault() {
        String before = System.getProperty(KernelProvider.WARMUP_DELAY_PROPERTY);
        System.Logger log = System.getLogger("io.snn4j.test");
        try {
            System.setProperty(KernelProvider.WARMUP_DELAY_PROPERTY, "250");
            assertEquals(250_000_000L, KernelProvider.warmupDelayNanos(log));
            System.setProperty(KernelProvider.WARMUP_DELAY_PROPERTY, "0");
            assertEquals(0L, KernelProvider.warmupDelayNanos(log));
            for (String bad : new String[] {"-1", "soon", "1.5", "99999999999"}) {
                System.setProperty(KernelProvider.WARMUP_DELAY_PROPERTY, bad);
                assertEquals(WarmingKernels.DELAY_NANOS, KernelProvider.warmupDelayNanos(log), bad);
            }
            System.clearProperty(KernelProvider.WARMUP_DELAY_PROPERTY);
            assertEquals(WarmingKernels.DELAY_NANOS, KernelProvider.warmupDelayNanos(log));
        } finally {
            if (before == null) {
                System.clearProperty(KernelProvider.WARMUP_DELAY_PROPERTY);
            } else {
                System.setProperty(KernelProvider.WARMUP_DELAY_PROPERTY, before);
            }
        }
    }

    @Test
    void theWorkloadMakesSomeButNotAllNeuronsSpike() {
        WarmingKernels.Workload w = new WarmingKernels.Workload();
        for (int round = 0; round < 3; round++) {
            w.round(KernelProvider.scalar());
            float[] z = w.outputs()[2];
            int fired = 0;
            for (float f : z) {
                fired += f != 0f ? 1 : 0;
            }
            assertTrue(fired > 0 && fired < z.length, "round " + round + ": " + fired + " of " + z.length + " spiked");
        }
    }
}
