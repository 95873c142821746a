package io.snn4j.internal.vectorization;

/**
 * SIMD kernels after a warm-up: the {@link ScalarKernels scalar twins} answer every call until the
 * {@link PanamaKernels SIMD kernels} have been compiled, then the SIMD kernels do. Until C2 compiles a
 * Vector API kernel it runs the API's Java fallback, tens of times slower than the scalar loop; in a short
 * run (the 1 s demo of 1,000 neurons) that fallback was most of the simulation time, while the scalar
 * kernels ran the whole simulation in a fifth of it. A daemon thread started by the constructor
 * ({@code snn4j-simd-warmup}) waits {@link #DELAY_NANOS} (a run that ends by then never pays for a
 * warm-up, which on a busy machine competes with the run for the cores), then runs the kernels that
 * spiking networks spend their time in (the LIF step, event-driven row sums, the dense product, the spike scan) on arrays of its
 * own, alternating SIMD and scalar rounds, and switches once a SIMD round has beaten the scalar round
 * {@link #WINS} times in a row, or after {@link #MAX_WARMUP_NANOS} in any case (the choice
 * {@link KernelProvider} makes without this class).
 *
 * <p>The two implementations are bit-identical (every kernel has a twin test), so which one answers a
 * call never changes a result, and a switch in the middle of a run is invisible except in speed. The
 * warm-up thread touches no caller's data. {@link #name()} and {@link #lanes()} are the SIMD kernels'
 * (what the run ends on), and {@link #eventPackFloats} their scratch size, which the scalar kernels
 * ignore. Selected with {@code -Dsnn4j.kernels=warmup}, which {@code scripts/snn} passes. Thread-safe.
 */
final class WarmingKernels implements Kernels {
    /** Consecutive SIMD rounds faster than the scalar round after which the SIMD kernels take over. */
    static final int WINS = 3;
    /** The longest warm-up: after it the SIMD kernels take over whatever the timings said. */
    static final long MAX_WARMUP_NANOS = 5_000_000_000L;
    /** How long the scalar kernels answer before the warm-up starts. */
    static final long DELAY_NANOS = 500_000_000L;

    private final Kernels scalar;
    private final Kernels simd;
    private final long delayNanos;
    private final long maxWarmupNanos;
    private volatile boolean warm;
    private final Thread thread;

    /**
     * Starts the warm-up of {@code simd} on a daemon thread; {@code scalar} answers until it is done.
     *
     * @param scalar the scalar kernels, bit-identical to {@code simd}
     * @param simd   the SIMD kernels
     */
    WarmingKernels(Kernels scalar, Kernels simd) {
        this(scalar, simd, DELAY_NANOS, MAX_WARMUP_NANOS);
    }

    /** As {@link #WarmingKernels(Kernels, Kernels)} with another delay and longest warm-up (for tests). */
    WarmingKernels(Kernels scalar, Kernels simd, long delayNanos, long maxWarmupNanos) {
        this.scalar = scalar;
        this.simd = simd;
        this.delayNanos = delayNanos;
        this.maxWarmupNanos = maxWarmupNanos;
        this.thread = new Thread(this::warmUp, "snn4j-simd-warmup");
        thread.setDaemon(true);
        thread.start();
    }

    /** Whether the SIMD kernels answer now. */
    boolean warm() {
        return warm;
    }

    /** Waits until the SIMD kernels answer (for tests). */
    void awaitWarm() throws InterruptedException {
        thread.join();
    }

    private Kernels current() {
        return warm ? simd : scalar;
    }

    private void warmUp() {
        try {
            if (delayNanos > 0) {
                Thread.sleep(delayNanos / 1_000_000, (int) (delayNanos % 1_000_000));
            }
            Workload work = new Workload();
            long start = System.nanoTime();
            int wins = 0;
            while (wins < WINS && System.nanoTime() - start < maxWarmupNanos) {
                long t0 = System.nanoTime();
                work.round(simd);
                long t1 = System.nanoTime();
                work.round(scalar);
                long t2 = System.nanoTime();
                wins = t1 - t0 < t2 - t1 ? wins + 1 : 0;
            }
        } catch (RuntimeException | InterruptedException e) {
            // the warm-up only decides when to switch; a failure in it switches now (the plain SIMD choice)
        } finally {
            warm = true;
        }
    }

    /**
     * One round of the kernels a spiking network spends its time in (the LIF step, one step and several, the
     * spike scan, dense and sparse event-driven sums, the dense product), on its own arrays, at a size of
     * many vectors (1,024 neurons): inputs that make some but not all of the neurons spike, so that every
     * branch is taken.
     */
    static final class Workload {
        static final int N = 1024;
        static final int ROWS = 96;
        static final int GEMM = 32;
        private final float[] x = new float[N];
        private final float[] r = new float[N];
        private final float[] v = new float[N];
        private final float[] i = new float[N];
        private final float[] z = new float[N];
        private final float[] steps = new float[4 * N];
        private final float[] zs = new float[4 * N];
        private final float[] w = new float[ROWS * N];
        private final float[] out = new float[N];
        private final int[] rows = new int[ROWS / 4];
        private final int[] idx = new int[N];
        private final float[] a = new float[GEMM * GEMM];
        private final float[] b = new float[GEMM * GEMM];
        private final float[] c = new float[GEMM * GEMM];
        private final float[][] lif = {{0.1f}, {-0.2f}, {0f}, {1f}, {0f}};
        /** Sparse weights in compressed columns: column k reaches every 8th neuron from k % 8 on. */
        private final int[] colStart = new int[ROWS + 1];
        private final int[] targets = new int[ROWS * (N / 8)];
        private final float[] sparse = new float[ROWS * (N / 8)];

        Workload() {
            long s = 0x5EED;
            for (int k = 0; k < w.length; k++) {
                s = s * 6364136223846793005L + 1442695040888963407L;
                w[k] = ((s >>> 40) & 0xFFFF) / 65536f - 0.5f;
            }
            for (int k = 0; k < N; k++) {
                x[k] = (k % 10) * 0.25f;
            }
            System.arraycopy(x, 0, steps, 0, N);
            for (int k = 0; k < rows.length; k++) {
                rows[k] = 4 * k;
            }
            for (int k = 0; k < ROWS; k++) {
                colStart[k + 1] = colStart[k] + N / 8;
                for (int q = 0; q < N / 8; q++) {
                    targets[colStart[k] + q] = k % 8 + 8 * q;
                    sparse[colStart[k] + q] = w[k * N + q];
                }
            }
            for (int k = 0; k < a.length; k++) {
                a[k] = w[k];
                b[k] = w[a.length + k];
            }
        }

        /** The arrays the kernels write: v, i, spikes, the spikes of the multi-step call, row sums, product. */
        float[][] outputs() {
            return new float[][] {v, i, z, zs, out, c};
        }

        /** Runs each kernel once (a few times for the cheap ones). */
        void round(Kernels k) {
            for (int rep = 0; rep < 4; rep++) {
                k.lif(x, 0, r, 0, v, i, 0, z, 0, N, lif, 0);
                k.nonzeros(z, 0, N, idx, 0, N);
                k.spikeIndices(z, 0, N, idx);
                k.addScaled(v, 0, x, 0, 0.5f, N);
            }
            k.lifSteps(steps, 0, N, v, i, 0, zs, 0, N, N, 4, lif, 0);
            k.sumRows(rows, rows.length, w, 0, N, out, 0, N);
            k.sumEvents(rows, null, 0, rows.length, w, 0, N, out, 0, N);
            k.scatterColumns(rows, null, 0, rows.length, colStart, targets, sparse, out, 0);
            k.gemm(a, 0, GEMM, b, 0, GEMM, c, 0, GEMM, GEMM, GEMM, GEMM);
        }
    }

    @Override
    public String name() {
        return simd.name();
    }

    @Override
    public int lanes() {
        return simd.lanes();
    }

    @Override
    public int eventPackFloats(int kRows) {
        return Math.max(simd.eventPackFloats(kRows), scalar.eventPackFloats(kRows));
    }

    @Override
    public void lif(float[] x, int xOff, float[] r, int rOff, float[] v, float[] i, int sOff, float[] z, int zOff,
            int len, float[][] c, int cOff) {
        current().lif(x, xOff, r, rOff, v, i, sOff, z, zOff, len, c, cOff);
    }

    @Override
    public void lifRecorded(float[] x, int xOff, float[] r, int rOff, float[] v, float[] i, int sOff, float[] z,
            int zOff, int len, float[][] c, int cOff, float[] recV, float[] recI, int recOff) {
        current().lifRecorded(x, xOff, r, rOff, v, i, sOff, z, zOff, len, c, cOff, recV, recI, recOff);
    }

    @Override
    public void lifSteps(float[] x, int xOff, int xStride, float[] v, float[] i, int sOff, float[] z, int zOff,
            int zStride, int len, int steps, float[][] c, int cOff) {
        current().lifSteps(x, xOff, xStride, v, i, sOff, z, zOff, zStride, len, steps, c, cOff);
    }

    @Override
    public void li(float[] x, int xOff, float[] r, int rOff, float[] v, float[] i, int sOff, float[] out, int outOff,
            int len, float[][] c, int cOff) {
        current().li(x, xOff, r, rOff, v, i, sOff, out, outOff, len, c, cOff);
    }

    @Override
    public void liSteps(float[] x, int xOff, int xStride, float[] v, float[] i, int sOff, float[] out, int outOff,
            int outStride, int len, int steps, float[][] c, int cOff) {
        current().liSteps(x, xOff, xStride, v, i, sOff, out, outOff, outStride, len, steps, c, cOff);
    }

    @Override
    public void gemm(float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float[] c, int cOff, int ldc, int m,
            int n, int k) {
        current().gemm(a, aOff, lda, b, bOff, ldb, c, cOff, ldc, m, n, k);
    }

    @Override
    public void gemmFma(float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float[] c, int cOff, int ldc,
            int m, int n, int k) {
        current().gemmFma(a, aOff, lda, b, bOff, ldb, c, cOff, ldc, m, n, k);
    }

    @Override
    public PackedMatrix pack(float[] b, int bOff, int ldb, int k, int n) {
        return current().pack(b, bOff, ldb, k, n);
    }

    @Override
    public void gemm(boolean fused, float[] a, int aOff, int lda, float[] b, int bOff, int ldb, PackedMatrix packed,
            float[] c, int cOff, int ldc, int m, int n, int k) {
        current().gemm(fused, a, aOff, lda, b, bOff, ldb, packed, c, cOff, ldc, m, n, k);
    }

    @Override
    public void sumRows(int[] rows, int count, float[] w, int wOff, int ldw, float[] out, int outOff, int n) {
        current().sumRows(rows, count, w, wOff, ldw, out, outOff, n);
    }

    @Override
    public void sumEvents(int[] idx, float[] val, int e0, int e1, float[] w, int wOff, int ldw, float[] out,
            int outOff, int n) {
        current().sumEvents(idx, val, e0, e1, w, wOff, ldw, out, outOff, n);
    }

    @Override
    public void scatterColumns(int[] idx, float[] val, int e0, int e1, int[] ptr, int stride, int off, int[] rows,
            float[] w, float[] out, int outOff) {
        current().scatterColumns(idx, val, e0, e1, ptr, stride, off, rows, w, out, outOff);
    }

    @Override
    public void scatterColumnsUniform(int[] idx, float[] val, int e0, int e1, int[] ptr, int stride, int off, int[] rows,
            float[] colW, float[] out, int outOff) {
        current().scatterColumnsUniform(idx, val, e0, e1, ptr, stride, off, rows, colW, out, outOff);
    }

    @Override
    public void scatterColumnsDelayed(int[] idx, float[] val, int e0, int e1, int[] ptr, int stride, int off,
            int[] rows, float[] w, int[] delays, float[] out, int outOff, int slotStride, int head, int slots) {
        current().scatterColumnsDelayed(idx, val, e0, e1, ptr, stride, off, rows, w, delays, out, outOff, slotStride,
            head, slots);
    }

    @Override
    public void sumEventRows(int[] rowStart, int[] idx, float[] val, int[] rows, int count, float[] w, int ldw,
            int kRows, int j0, int j1, float[] out, int outOff, int ldo, float[] pack, EventPanels panels, int[] blocks) {
        current().sumEventRows(rowStart, idx, val, rows, count, w, ldw, kRows, j0, j1, out, outOff, ldo, pack, panels,
                blocks);
    }

    @Override
    public EventPanels packEvents(float[] w, int ldw, int kRows, int n) {
        return current().packEvents(w, ldw, kRows, n);
    }

    @Override
    public int nonzeros(float[] x, int off, int len, int[] idx, int at, int limit) {
        return current().nonzeros(x, off, len, idx, at, limit);
    }

    @Override
    public int spikeIndices(float[] z, int off, int len, int[] idx) {
        return current().spikeIndices(z, off, len, idx);
    }

    @Override
    public void lifBox(float[] x, int xOff, float[] v, int sOff, float[] z, int zOff, int len, float[][] c, int cOff,
            boolean subtract) {
        current().lifBox(x, xOff, v, sOff, z, zOff, len, c, cOff, subtract);
    }

    @Override
    public void lifBoxSteps(float[] x, int xOff, int xStride, float[] v, int sOff, float[] z, int zOff, int zStride,
            int len, int steps, float[][] c, int cOff, boolean subtract) {
        current().lifBoxSteps(x, xOff, xStride, v, sOff, z, zOff, zStride, len, steps, c, cOff, subtract);
    }

    @Override
    public void liBox(float[] x, int xOff, float[] v, int sOff, float[] out, int outOff, int len, float[][] c,
            int cOff) {
        current().liBox(x, xOff, v, sOff, out, outOff, len, c, cOff);
    }

    @Override
    public void liBoxSteps(float[] x, int xOff, int xStride, float[] v, int sOff, float[] out, int outOff,
            int outStride, int len, int steps, float[][] c, int cOff) {
        current().liBoxSteps(x, xOff, xStride, v, sOff, out, outOff, outStride, len, steps, c, cOff);
    }

    @Override
    public void iaf(float[] x, int xOff, float[] v, int sOff, float[] z, int zOff, int len, float[][] c, int cOff) {
        current().iaf(x, xOff, v, sOff, z, zOff, len, c, cOff);
    }

    @Override
    public void iafSteps(float[] x, int xOff, int xStride, float[] v, int sOff, float[] z, int zOff, int zStride,
            int len, int steps, float[][] c, int cOff) {
        current().iafSteps(x, xOff, xStride, v, sOff, z, zOff, zStride, len, steps, c, cOff);
    }

    @Override
    public void lsnn(float[] x, int xOff, float[] r, int rOff, float[] v, float[] i, float[] b, int sOff, float[] z,
            int zOff, int len, float[][] c, int cOff) {
        current().lsnn(x, xOff, r, rOff, v, i, b, sOff, z, zOff, len, c, cOff);
    }

    @Override
    public void lsnnSteps(float[] x, int xOff, int xStride, float[] v, float[] i, float[] b, int sOff, float[] z,
            int zOff, int zStride, int len, int steps, float[][] c, int cOff) {
        current().lsnnSteps(x, xOff, xStride, v, i, b, sOff, z, zOff, zStride, len, steps, c, cOff);
    }

    @Override
    public void lifEx(float[] x, int xOff, float[] r, int rOff, float[] v, float[] i, int sOff, float[] z, int zOff,
            int len, float[][] c, int cOff) {
        current().lifEx(x, xOff, r, rOff, v, i, sOff, z, zOff, len, c, cOff);
    }

    @Override
    public void lifAdEx(float[] x, int xOff, float[] r, int rOff, float[] v, float[] i, float[] a, int sOff,
            float[] z, int zOff, int len, float[][] c, int cOff) {
        current().lifAdEx(x, xOff, r, rOff, v, i, a, sOff, z, zOff, len, c, cOff);
    }

    @Override
    public void lifAdExRefrac(float[] x, int xOff, float[] r, int rOff, float[] v, float[] i, float[] a, float[] rho,
            int sOff, float[] z, int zOff, int len, float[][] c, int cOff, boolean adaptOnSuppressed) {
        current().lifAdExRefrac(x, xOff, r, rOff, v, i, a, rho, sOff, z, zOff, len, c, cOff, adaptOnSuppressed);
    }

    @Override
    public void lifRefrac(float[] x, int xOff, float[] r, int rOff, float[] v, float[] i, float[] rho, int sOff,
            float[] z, int zOff, int len, float[][] c, int cOff) {
        current().lifRefrac(x, xOff, r, rOff, v, i, rho, sOff, z, zOff, len, c, cOff);
    }

    @Override
    public void lifRefracSteps(float[] x, int xOff, int xStride, float[] v, float[] i, float[] rho, int sOff, float[] z,
            int zOff, int zStride, int len, int steps, float[][] c, int cOff) {
        current().lifRefracSteps(x, xOff, xStride, v, i, rho, sOff, z, zOff, zStride, len, steps, c, cOff);
    }

    @Override
    public void izhikevichSteps(float[] x, int xOff, int xStride, float[] v, float[] u, int sOff, float[] z, int zOff,
            int zStride, int len, int steps, float[][] c, int cOff) {
        current().izhikevichSteps(x, xOff, xStride, v, u, sOff, z, zOff, zStride, len, steps, c, cOff);
    }

    @Override
    public void izhikevich(float[] x, int xOff, float[] r, int rOff, float[] v, float[] u, int sOff, float[] z,
            int zOff, int len, float[][] c, int cOff) {
        current().izhikevich(x, xOff, r, rOff, v, u, sOff, z, zOff, len, c, cOff);
    }

    @Override
    public void cobaLif(float[] de, int deOff, float[] di, int diOff, boolean split, float[] v, float[] ge,
            float[] gi, int sOff, float[] z, int zOff, int len, float[][] c, int cOff) {
        current().cobaLif(de, deOff, di, diOff, split, v, ge, gi, sOff, z, zOff, len, c, cOff);
    }

    @Override
    public void lifMcRefrac(float[] x, int xOff, float[] r, int rOff, float[] cpl, int cplOff, float[] v, float[] i,
            float[] rho, int sOff, float[] z, int zOff, int len, float[][] c, int cOff, boolean maskSpikes) {
        current().lifMcRefrac(x, xOff, r, rOff, cpl, cplOff, v, i, rho, sOff, z, zOff, len, c, cOff, maskSpikes);
    }

    @Override
    public void addScaled(float[] v, int vOff, float[] t, int tOff, float a, int len) {
        current().addScaled(v, vOff, t, tOff, a, len);
    }

    @Override
    public void divide(float[] v, int vOff, float d, int len) {
        current().divide(v, vOff, d, len);
    }

    @Override
    public void lifCurrentEncoder(float[] x, int xOff, float[] v, int sOff, float[] z, int zOff, int len,
            float[][] c, int cOff) {
        current().lifCurrentEncoder(x, xOff, v, sOff, z, zOff, len, c, cOff);
    }

    @Override
    public void surrogate(int method, float[] g, float[] x, float[] out, int len, float alpha) {
        current().surrogate(method, g, x, out, len, alpha);
    }

    @Override
    public void lifBackward(float[][] rec, int recOff, float[] gOut, int gOutOff, float[] gv, float[] gi, int sOff,
            float[] gx, int gxOff, float[][] gc, int len, float[][] c, int cOff, int method, boolean detachReset) {
        current().lifBackward(rec, recOff, gOut, gOutOff, gv, gi, sOff, gx, gxOff, gc, len, c, cOff, method,
            detachReset);
    }

    @Override
    public void liBackward(float[][] rec, int recOff, float[] gOut, int gOutOff, float[] gv, float[] gi, int sOff,
            float[] gx, int gxOff, float[][] gc, int len, float[][] c, int cOff) {
        current().liBackward(rec, recOff, gOut, gOutOff, gv, gi, sOff, gx, gxOff, gc, len, c, cOff);
    }

    @Override
    public void lsnnBackward(float[][] rec, int recOff, float[] gOut, int gOutOff, float[] gv, float[] gi,
            float[] gb, int sOff, float[] gx, int gxOff, float[][] gc, int len, float[][] c, int cOff, int method,
            boolean detachReset) {
        current().lsnnBackward(rec, recOff, gOut, gOutOff, gv, gi, gb, sOff, gx, gxOff, gc, len, c, cOff, method,
            detachReset);
    }
}
