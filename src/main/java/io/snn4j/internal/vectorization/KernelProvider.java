package io.snn4j.internal.vectorization;

import java.lang.System.Logger.Level;

/**
 * Chooses the kernels once, at class-load time: the Panama (SIMD) kernels when the
 * {@code jdk.incubator.vector} module is in the boot layer, the {@link ScalarKernels scalar twins}
 * otherwise. It logs the choice once through {@link System.Logger} (logger {@code io.snn4j}) and, when it
 * falls back to scalar, names the JVM flag that enables SIMD.
 *
 * <p>The system property {@value #PROPERTY} forces a choice: {@code scalar}, or {@code panama} (which
 * falls back to scalar with a warning if the module is absent), or {@code warmup}: the SIMD kernels after a
 * warm-up, the scalar twins answering until a background thread has seen the SIMD kernels compiled
 * ({@link WarmingKernels}; bit-identical results, a faster start for short runs; scalar with a warning if
 * the module is absent). Thread-safe.
 */
public final class KernelProvider {
    /** System property that forces {@code scalar} or {@code panama}. */
    public static final String PROPERTY = "snn4j.kernels";
    /**
     * System property that narrows the SIMD kernels' vectors to 128 or 256 bits (default: the machine's
     * preferred size), to test on a wide machine the code that narrower ones run.
     */
    public static final String VECTOR_BITS_PROPERTY = "snn4j.vectorBits";
    /**
     * System property: milliseconds the scalar kernels answer before the SIMD warm-up of
     * {@code -Dsnn4j.kernels=warmup} starts (default {@code 500}; {@code 0} starts it at once).
     */
    public static final String WARMUP_DELAY_PROPERTY = "snn4j.warmupDelayMs";
    /** The JVM option that makes the SIMD kernels available. */
    public static final String VECTOR_FLAG = "--add-modules jdk.incubator.vector";

    private static final Kernels KERNELS = choose();

    private KernelProvider() {
    }

    /** The kernels in use. */
    public static Kernels kernels() {
        return KERNELS;
    }

    /** Whether the vector module is present, i.e. whether {@link #panama()} can be called. */
    public static boolean panamaAvailable() {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    }

    /**
     * A Panama kernel instance regardless of the choice (for tests and benchmarks that compare the two).
     *
     * @throws IllegalStateException if the vector module is absent
     */
    public static Kernels panama() {
        if (!panamaAvailable()) {
            throw new IllegalStateException("the SIMD kernels need the JVM option " + VECTOR_FLAG);
        }
        return loadPanama();
    }

    /** Loaded by name so that this class never links against the vector API when the module is absent. */
    private static Kernels loadPanama() {
        try {
            return (Kernels) Class.forName(KernelProvider.class.getPackageName() + ".PanamaKernels")
                    .getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot load the SIMD kernels", e);
        }
    }

    /** The scalar kernels. */
    public static Kernels scalar() {
        return ScalarKernels.INSTANCE;
    }

    /** {@value #WARMUP_DELAY_PROPERTY} in nanoseconds; a value that is not a count of milliseconds is ignored with a warning. */
    static long warmupDelayNanos(System.Logger log) {
        String v = System.getProperty(WARMUP_DELAY_PROPERTY, "").trim();
        if (!v.isEmpty()) {
            try {
                long ms = Long.parseLong(v);
                if (ms >= 0 && ms <= 3_600_000) {
                    return ms * 1_000_000;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            log.log(Level.WARNING, "snn4j: -D" + WARMUP_DELAY_PROPERTY + "=" + v + " is not a number of milliseconds in [0, 3600000]; using "
                    + WarmingKernels.DELAY_NANOS / 1_000_000);
        }
        return WarmingKernels.DELAY_NANOS;
    }

    private static Kernels choose() {
        System.Logger log = System.getLogger("io.snn4j");
        String forced = System.getProperty(PROPERTY, "").trim();
        boolean available = panamaAvailable();
        if (forced.equalsIgnoreCase("scalar")) {
            log.log(Level.INFO, "snn4j: scalar kernels (forced by -D" + PROPERTY + "=scalar)");
            return ScalarKernels.INSTANCE;
        }
        boolean warmup = forced.equalsIgnoreCase("warmup");
        if (!forced.isEmpty() && !forced.equalsIgnoreCase("panama") && !forced.equalsIgnoreCase("auto") && !warmup) {
            log.log(Level.WARNING, "snn4j: unknown -D" + PROPERTY + "=" + forced
                    + " (expected scalar, panama, warmup or auto); choosing automatically");
        }
        if (available && warmup) {
            Kernels k = new WarmingKernels(ScalarKernels.INSTANCE, loadPanama(), warmupDelayNanos(log),
                    WarmingKernels.MAX_WARMUP_NANOS);
            log.log(Level.INFO, "snn4j: SIMD kernels (jdk.incubator.vector, " + k.lanes()
                    + " float lanes) after a warm-up on a background thread, scalar kernels until then");
            return k;
        }
        if (available) {
            Kernels k = loadPanama();
            log.log(Level.INFO, "snn4j: SIMD kernels (jdk.incubator.vector, " + k.lanes() + " float lanes)");
            return k;
        }
        log.log(forced.equalsIgnoreCase("panama") || warmup ? Level.WARNING : Level.INFO,
                "snn4j: scalar kernels; start the JVM with " + VECTOR_FLAG + " to enable the SIMD kernels");
        return ScalarKernels.INSTANCE;
    }
}
