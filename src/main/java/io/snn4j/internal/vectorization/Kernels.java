package io.snn4j.internal.vectorization;

/**
 * The numeric kernels of snn4j: one fused pass per neuron-model step, and the linear-algebra
 * primitives. Internal to snn4j; the API may change without notice.
 *
 * <p>Two implementations exist: {@link ScalarKernels} (plain Java) and a Panama implementation that uses
 * {@code jdk.incubator.vector}. For elementwise work they give bit-identical results: both evaluate the
 * equations of Norse's step functions in float32, in Norse's operation order, without fused
 * multiply-add. {@link KernelProvider} picks one at class-load time.
 *
 * <p>Conventions of the neuron steps: elements {@code [0, len)} of the input start at {@code xOff}, of
 * the optional second input {@code r} (the recurrent term of a recurrent step, added after {@code x} in
 * Norse's order; {@code null} for feed-forward steps) at {@code rOff}, of
 * the state arrays at {@code sOff} and of the output at {@code outOff}; element {@code k} uses
 * coefficient {@code c[j][cOff + k]}, or {@code c[j][0]} for every element when the coefficient arrays
 * have length 1 (all parameters scalar; see {@link io.snn4j.functional.Coefficients}). The state arrays
 * are updated in place. Implementations are stateless and thread-safe; concurrent calls must not write
 * overlapping ranges.
 */
public interface Kernels {

    /** A short name: {@code "panama"} or {@code "scalar"}. */
    String name();

    /** The number of float lanes one vector operation processes (1 for the scalar kernels). */
    int lanes();

    /**
     * LIF step, input current first (Norse {@code lif_feed_forward_step}): coefficients
     * coefficients in {@link Slots.Lif}; writes the spikes to
     * {@code z}.
     */
    void lif(float[] x, int xOff, float[] r, int rOff, float[] v, float[] i, int sOff, float[] z, int zOff, int len,
            float[][] c, int cOff);

    /**
     * {@link #lif} that also writes the training record of the step in the same pass: the voltage before
     * the step to {@code recV} and the current after the input jump, {@code (i + x) + r}, to {@code recI}
     * (both at {@code recOff + k}); the step's numbers are {@link #lif}'s.
     */
    void lifRecorded(float[] x, int xOff, float[] r, int rOff, float[] v, float[] i, int sOff, float[] z, int zOff,
            int len, float[][] c, int cOff, float[] recV, float[] recI, int recOff);

    /**
     * {@code steps} consecutive {@link #lif} steps without a recurrent term, the state kept in registers
     * between them: step {@code t} reads {@code x[xOff + t*xStride ..]} and writes
     * {@code z[zOff + t*zStride ..]}. Bit-identical to calling {@link #lif} {@code steps} times.
     */
    void lifSteps(float[] x, int xOff, int xStride, float[] v, float[] i, int sOff, float[] z, int zOff, int zStride,
            int len, int steps, float[][] c, int cOff);

    /**
     * Leaky integrator step (Norse {@code li_feed_forward_step}): coefficients
     * coefficients in {@link Slots.Li}; writes the new voltage to {@code out}.
     */
    void li(float[] x, int xOff, float[] r, int rOff, float[] v, float[] i, int sOff, float[] out, int outOff, int len,
            float[][] c, int cOff);

    /**
     * {@code steps} consecutive {@link #li} steps without a recurrent term, the state kept in registers
     * between them; strides as in {@link #lifSteps}. Bit-identical to calling {@link #li} {@code steps} times.
     */
    void liSteps(float[] x, int xOff, int xStride, float[] v, float[] i, int sOff, float[] out, int outOff, int outStride,
            int len, int steps, float[][] c, int cOff);

    /**
     * Matrix product {@code C = A * B} with {@code A} (m x k), {@code B} (k x n) and {@code C} (m x n), all
     * row-major with the given leading dimensions; C is overwritten. Every output is summed in ascending
     * {@code p} as {@code acc = acc + A[i][p] * B[p][j]} from {@code acc = 0}, with a separate rounding of
     * the product and the sum (no FMA): the order of a sequential dot product, which is what Norse's
     * {@code F.linear(x, W)} computes on the reference BLAS when {@code B = W^T}. Both implementations
     * give bit-identical results.
     */
    void gemm(float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float[] c, int cOff, int ldc, int m, int n,
            int k);

    /**
     * The fast numeric mode's matrix product: {@code C = A * B} as {@link #gemm}, but every output summed
     * with fused multiply-adds, {@code acc = fma(A[i][p], B[p][j], acc)} for ascending {@code p} from
     * {@code acc = 0} (one rounding per step instead of two). Not Norse's numbers (they differ from
     * {@link #gemm}'s in the last bits); both implementations give bit-identical results, the scalar one
     * with {@link Math#fma} in the same order.
     */
    void gemmFma(float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float[] c, int cOff, int ldc, int m, int n,
            int k);

    /**
     * B ({@code k x n}, row {@code p} at {@code bOff + p * ldb}) laid out for many products with the same B
     * (see {@link PackedMatrix}), or null when this implementation has no use for a layout (the scalar
     * kernels). Costs one copy of B.
     */
    default PackedMatrix pack(float[] b, int bOff, int ldb, int k, int n) {
        return null;
    }

    /**
     * {@link #gemm(boolean, float[], int, int, float[], int, int, float[], int, int, int, int, int)} with B
     * also given as {@code packed}, the result of {@link #pack} on the same B (null, or a layout another
     * implementation or another shape made, is ignored): the same numbers bit for bit, only without copying
     * B's panels at this call.
     */
    default void gemm(boolean fused, float[] a, int aOff, int lda, float[] b, int bOff, int ldb, PackedMatrix packed,
            float[] c, int cOff, int ldc, int m, int n, int k) {
        gemm(fused, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, m, n, k);
    }

    /** {@link #gemmFma} if {@code fused}, else {@link #gemm}: the product of a layer's numeric mode. */
    default void gemm(boolean fused, float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float[] c, int cOff, int ldc,
            int m, int n, int k) {
        if (fused) {
            gemmFma(a, aOff, lda, b, bOff, ldb, c, cOff, ldc, m, n, k);
        } else {
            gemm(a, aOff, lda, b, bOff, ldb, c, cOff, ldc, m, n, k);
        }
    }

    /**
     * Event-driven sum of selected rows of the row-major matrix {@code w} (row k starts at
     * {@code wOff + k * ldw}): {@code out[j] = sum over q of w[rows[q]][j]} for {@code j < n}, rows taken in
     * the given (ascending) order from {@code acc = 0}. For 0/1 spike vectors this equals {@link #gemm} of
     * the spikes with {@code w}, bit for bit (adding {@code 0 * w} never changes a sum that starts at +0).
     */
    void sumRows(int[] rows, int count, float[] w, int wOff, int ldw, float[] out, int outOff, int n);

    /**
     * {@link #sumRows} with scaled events: {@code out[j] = sum over e in [e0, e1) of w[idx[e]][j] * val[e]},
     * where row k of {@code w} starts at {@code wOff + k * ldw} (so {@code wOff} selects a column range)
     * ({@code val == null}: every value 1, the plain row sum), in ascending {@code e} from {@code acc = 0},
     * each product rounded before it is added (no FMA). For an input row whose nonzero elements are the
     * events this equals {@link #gemm} of the dense row with {@code w}, bit for bit: a zero input adds
     * {@code 0 * w}, a signed zero, which never changes a sum that starts at +0 (w finite).
     */
    void sumEvents(int[] idx, float[] val, int e0, int e1, float[] w, int wOff, int ldw, float[] out, int outOff, int n);

    /**
     * Event-driven product with sparse weights in compressed-column form (the arrays of EJML's
     * {@code FMatrixSparseCSC}: column k's nonzeros are {@code [colStart[k], colStart[k + 1])} of
     * {@code rows} and {@code w}, each row at most once per column): for each event {@code e} in
     * {@code [e0, e1)} in order, with {@code k = idx[e]}, adds {@code w[p] * val[e]} ({@code w[p]} when
     * {@code val} is null) to {@code out[outOff + rows[p]]}. It does not clear {@code out}. Each output
     * element therefore sums its terms in ascending event order, each product rounded before it is added,
     * as {@link #sumEvents} does; the only terms it leaves out are zero weights, which never change a sum
     * that starts at +0. So for the same weights stored densely the result is {@link #sumEvents}'s bit for
     * bit. Both kernel sets run the same scalar loop (vector gather/scatter measured far slower).
     */
    default void scatterColumns(int[] idx, float[] val, int e0, int e1, int[] colStart, int[] rows, float[] w, float[] out,
            int outOff) {
        scatterColumns(idx, val, e0, e1, colStart, 1, 0, rows, w, out, outOff);
    }

    /**
     * {@link #scatterColumns} over a part of each column: column k's positions are
     * {@code [ptr[k * stride + off], ptr[k * stride + off + 1])} (with {@code stride = 1, off = 0} the
     * CSC's own column starts; with a table of each column's split points, one target range of it).
     */
    void scatterColumns(int[] idx, float[] val, int e0, int e1, int[] ptr, int stride, int off, int[] rows, float[] w,
            float[] out, int outOff);

    /**
     * {@link #scatterColumns} for weights shared by each column: every position of column k has the weight
     * {@code colW[k]} (times {@code val[e]}, rounded once per event: the same product the per-synapse form
     * rounds at each position). Scalar in both kernel sets.
     */
    void scatterColumnsUniform(int[] idx, float[] val, int e0, int e1, int[] ptr, int stride, int off, int[] rows,
            float[] colW, float[] out, int outOff);

    /**
     * {@link #scatterColumns} with a delay per synapse, into a ring of {@code slots} output vectors
     * {@code slotStride} apart: the term of position p goes to slot {@code (head + delays[p] - 1) % slots}
     * (delays at least 1 and at most {@code slots}). Scalar in both kernel sets (the slot varies per lane).
     */
    void scatterColumnsDelayed(int[] idx, float[] val, int e0, int e1, int[] ptr, int stride, int off, int[] rows,
            float[] w, int[] delays, float[] out, int outOff, int slotStride, int head, int slots);

    /**
     * The event-driven product of many rows at once, blocked for the cache, over the columns
     * {@code [j0, j1)} of {@code w}: for {@code q < count}, with {@code r = rows[q]} a row of a
     * compressed-row event list (its events are {@code [rowStart[r], rowStart[r + 1])} of {@code idx} and
     * {@code val}), {@code out[outOff + q * ldo + (j - j0)]} becomes column j of {@link #sumEvents} of that
     * row's events: the same numbers, bit for bit. (So {@code j0 = 0, j1 = n} is the whole row; a column
     * range lets threads or a fused consumer take the product one column block at a time.) The SIMD kernel
     * copies a panel of a few vectors' width of columns of {@code w} (all {@code kRows} rows, or depth
     * blocks of them for large {@code kRows}) into {@code pack}, zero-padded past {@code j1}, and runs every
     * row through it with the sums in registers, storing only the lanes of {@code [j0, j1)}, so each piece
     * of {@code w} is read from memory once per call rather than once per event.
     *
     * @param pack   scratch of at least {@link #eventPackFloats(int) eventPackFloats(kRows)} floats
     * @param panels null, or {@link #packEvents} of {@code w} (the same values): read in place of copies of
     *               {@code w}'s blocks where it fits (its kernel's width, kRows, and {@code j0} at a panel's start)
     * @param blocks null, or the rows' {@link EventBlocks} table (filled for these rows, events and kRows):
     *               a caller that sums the same rows over several column ranges fills it once
     */
    void sumEventRows(int[] rowStart, int[] idx, float[] val, int[] rows, int count, float[] w, int ldw, int kRows,
            int j0, int j1, float[] out, int outOff, int ldo, float[] pack, EventPanels panels, int[] blocks);

    /**
     * {@code w} ({@code kRows x n}, row k at {@code k * ldw}) laid out for many {@link #sumEventRows} calls with
     * the same matrix (see {@link EventPanels}), or null when this implementation has no use for a layout (the
     * scalar kernels). Costs one copy of {@code w}.
     */
    default EventPanels packEvents(float[] w, int ldw, int kRows, int n) {
        return null;
    }

    /**
     * The events of {@code x[off .. off + len)}: writes the positions (relative to {@code off}) of its
     * nonzero elements (NaN counts, 0 and -0 do not), ascending, to {@code idx[at ..]} and returns how many
     * there are; stops and returns -1 as soon as there are more than {@code limit} ({@code idx} needs room
     * for {@code limit} positions after {@code at}).
     */
    int nonzeros(float[] x, int off, int len, int[] idx, int at, int limit);

    /**
     * The spikes of {@code z[off .. off + len)} as a list: if every element is 0, -0 or exactly 1, writes the
     * positions (relative to {@code off}) of the ones, ascending, to {@code idx[0 ..]} and returns how many
     * there are; otherwise (a spike of another value, NaN, an infinity) returns -1, and what it wrote to
     * {@code idx} means nothing. {@code idx} needs room for {@code len} positions. One pass: the list of
     * a recurrent layer's previous spikes and the test that they are plain spikes (so that the recurrent
     * term may add rows of the weights) together.
     */
    int spikeIndices(float[] z, int off, int len, int[] idx);

    /** The scratch {@link #sumEventRows} needs for a matrix of {@code kRows} rows (0 for the scalar kernels). */
    int eventPackFloats(int kRows);

    /**
     * LIF box step (Norse {@code lif_box_feed_forward_step}, no synaptic current):
     * coefficients in {@link Slots.LifBox}; reset to {@code v_reset}, or by subtracting
     * {@code v_th} when {@code subtract}.
     */
    void lifBox(float[] x, int xOff, float[] v, int sOff, float[] z, int zOff, int len, float[][] c, int cOff,
            boolean subtract);

    /** {@code steps} consecutive {@link #lifBox} steps, fused as {@link #lifSteps}; bit-identical to single steps. */
    void lifBoxSteps(float[] x, int xOff, int xStride, float[] v, int sOff, float[] z, int zOff, int zStride, int len,
            int steps, float[][] c, int cOff, boolean subtract);

    /** LI box step: coefficients in {@link Slots.LiBox}; writes the voltage to {@code out}. */
    void liBox(float[] x, int xOff, float[] v, int sOff, float[] out, int outOff, int len, float[][] c, int cOff);

    /** {@code steps} consecutive {@link #liBox} steps, fused as {@link #lifSteps}; bit-identical to single steps. */
    void liBoxSteps(float[] x, int xOff, int xStride, float[] v, int sOff, float[] out, int outOff, int outStride, int len,
            int steps, float[][] c, int cOff);

    /** Integrate-and-fire step: coefficients in {@link Slots.Iaf}. */
    void iaf(float[] x, int xOff, float[] v, int sOff, float[] z, int zOff, int len, float[][] c, int cOff);

    /** {@code steps} consecutive {@link #iaf} steps, fused as {@link #lifSteps}; bit-identical to single steps. */
    void iafSteps(float[] x, int xOff, int xStride, float[] v, int sOff, float[] z, int zOff, int zStride, int len, int steps,
            float[][] c, int cOff);

    /**
     * LSNN step in Norse's old order (input current last, {@code b} is the threshold):
     * coefficients in {@link Slots.Lsnn}.
     */
    void lsnn(float[] x, int xOff, float[] r, int rOff, float[] v, float[] i, float[] b, int sOff, float[] z, int zOff,
            int len, float[][] c, int cOff);

    /**
     * {@code steps} consecutive feed-forward {@link #lsnn} steps (no recurrent term), fused as
     * {@link #lifSteps}; bit-identical to single steps.
     */
    void lsnnSteps(float[] x, int xOff, int xStride, float[] v, float[] i, float[] b, int sOff, float[] z, int zOff,
            int zStride, int len, int steps, float[][] c, int cOff);

    /** Exponential LIF step: coefficients in {@link Slots.LifAdEx} (the first {@code EX_COUNT}). */
    void lifEx(float[] x, int xOff, float[] r, int rOff, float[] v, float[] i, int sOff, float[] z, int zOff, int len,
            float[][] c, int cOff);

    /**
     * Adaptive exponential LIF step: coefficients in {@link Slots.LifAdEx}.
     */
    void lifAdEx(float[] x, int xOff, float[] r, int rOff, float[] v, float[] i, float[] a, int sOff, float[] z, int zOff,
            int len, float[][] c, int cOff);

    /**
     * Adaptive exponential LIF with a refractory counter {@code rho} (in steps): coefficients of
     * {@link #lifAdEx} plus {@code rho_reset}. While refractory the voltage is held and spikes are
     * suppressed; {@code adaptOnSuppressed} reproduces Norse, whose adaptation jumps on suppressed spikes too.
     */
    void lifAdExRefrac(float[] x, int xOff, float[] r, int rOff, float[] v, float[] i, float[] a, float[] rho, int sOff,
            float[] z, int zOff, int len, float[][] c, int cOff, boolean adaptOnSuppressed);

    /** LIF with a refractory counter: coefficients of {@link #lif} plus {@code rho_reset}. */
    void lifRefrac(float[] x, int xOff, float[] r, int rOff, float[] v, float[] i, float[] rho, int sOff, float[] z,
            int zOff, int len, float[][] c, int cOff);

    /**
     * {@code steps} consecutive feed-forward {@link #lifRefrac} steps (no recurrent term), fused as
     * {@link #lifSteps} with {@code v}, {@code i} and {@code rho} in registers; bit-identical to single steps.
     */
    void lifRefracSteps(float[] x, int xOff, int xStride, float[] v, float[] i, float[] rho, int sOff, float[] z, int zOff,
            int zStride, int len, int steps, float[][] c, int cOff);

    /**
     * Izhikevich step: coefficients in {@link Slots.Izhikevich} (the first
     * two products computed in double, as Norse does with Python numbers).
     */
    void izhikevich(float[] x, int xOff, float[] r, int rOff, float[] v, float[] u, int sOff, float[] z, int zOff, int len,
            float[][] c, int cOff);

    /**
     * {@code steps} consecutive feed-forward {@link #izhikevich} steps (no recurrent term), fused as
     * {@link #lifSteps} with {@code v} and {@code u} in registers; bit-identical to single steps.
     */
    void izhikevichSteps(float[] x, int xOff, int xStride, float[] v, float[] u, int sOff, float[] z, int zOff, int zStride,
            int len, int steps, float[][] c, int cOff);

    /**
     * Conductance-based LIF step: coefficients in {@link Slots.CobaLif}. With {@code split} the input {@code de} is split by
     * sign into excitatory and inhibitory jumps (feed-forward); otherwise {@code de} and {@code di} (each
     * may be null) are the jumps.
     */
    void cobaLif(float[] de, int deOff, float[] di, int diOff, boolean split, float[] v, float[] ge, float[] gi, int sOff,
            float[] z, int zOff, int len, float[][] c, int cOff);

    /**
     * Norse's {@code lif_mc_refrac_step} (old order, coupling {@code cpl = g v} added to dv):
     * coefficients in {@link Slots.LifMc};
     * {@code maskSpikes} suppresses spikes while refractory (Norse does not).
     */
    void lifMcRefrac(float[] x, int xOff, float[] r, int rOff, float[] cpl, int cplOff, float[] v, float[] i, float[] rho,
            int sOff, float[] z, int zOff, int len, float[][] c, int cOff, boolean maskSpikes);

    /** {@code v = v + a * t}, elementwise. */
    void addScaled(float[] v, int vOff, float[] t, int tOff, float a, int len);

    /** {@code v = v / d}, elementwise, a true division (average pooling: torch divides the window's sum). */
    void divide(float[] v, int vOff, float d, int len);

    /**
     * Norse's {@code lif_current_encoder}: coefficients in {@link Slots.LifBox};
     * {@code v1 = v + a*((v_leak - v) + x)}, {@code z = v1 - v_th > 0}, {@code v = v1 - z*(v1 - v_reset)}.
     */
    void lifCurrentEncoder(float[] x, int xOff, float[] v, int sOff, float[] z, int zOff, int len, float[][] c, int cOff);

    // ---------------------------------------------------------------------------------------------
    // Backward passes (surrogate-gradient BPTT). One call is one time step in reverse over a range of
    // neurons: it reads what the forward pass recorded at that step ({@code rec}, arrays at
    // {@code recOff}), the gradient of the step's output ({@code gOut}, null for none) and the gradients
    // of the state after the step ({@code g*} arrays at {@code sOff}), which it overwrites with the
    // gradients of the state before the step; it writes the gradient of the step's input current to
    // {@code gx} and, unless {@code gc} is null, adds the gradients of the coefficients to the
    // per-element accumulators {@code gc[j][sOff + k]} (same order as {@code c}). The coefficient arrays
    // {@code c} are the forward ones with {@code alpha} appended. Both implementations give bit-identical
    // results.

    /** Surrogate {@code super}: {@code g / (alpha*|x| + 1)^2} (SuperSpike). */
    int SURROGATE_SUPER = 0;
    /** Surrogate {@code heaviside}: no gradient through the spike. */
    int SURROGATE_HEAVISIDE = 1;
    /** Surrogate {@code triangle}: {@code g * alpha * relu(1 - |x|)}. */
    int SURROGATE_TRIANGLE = 2;
    /** Surrogate {@code tanh}: {@code g * (1 - tanh(alpha*x)^2)}. */
    int SURROGATE_TANH = 3;
    /** Surrogate {@code circ}: {@code g * (-(x^2 / (2 (alpha^2 + x^2)^1.5)) + 1 / (2 sqrt(alpha^2 + x^2))) * 2 alpha}. */
    int SURROGATE_CIRC = 4;
    /** Surrogate {@code heavi_erfc}: {@code g * 2 exp(-(alpha x)^2) / sqrt(pi)}. */
    int SURROGATE_HEAVI_ERFC = 5;

    /** {@code out[k] = surrogate(g[k], x[k], alpha)} for one method, elementwise (for tests and tools). */
    void surrogate(int method, float[] g, float[] x, float[] out, int len, float alpha);

    /**
     * Backward of {@link #lif} (and of its recurrent form): {@code rec = {v before the step, i1 = i + x
     * (+ r)}}, state gradients {@code gv, gi}, coefficients in {@link Slots.Lif} with {@code ALPHA}. With {@code detachReset} the reset does not pass a gradient to the
     * spike (Norse's {@code lif_step} resets with {@code z.detach()}; its feed-forward step does not).
     */
    void lifBackward(float[][] rec, int recOff, float[] gOut, int gOutOff, float[] gv, float[] gi, int sOff, float[] gx,
            int gxOff, float[][] gc, int len, float[][] c, int cOff, int method, boolean detachReset);

    /**
     * Backward of {@link #li}: {@code rec = {v before the step, i1 = i + x (+ r)}}; the output is the new
     * voltage, so {@code gOut} adds to its gradient; coefficients in {@link Slots.Li}.
     */
    void liBackward(float[][] rec, int recOff, float[] gOut, int gOutOff, float[] gv, float[] gi, int sOff, float[] gx,
            int gxOff, float[][] gc, int len, float[][] c, int cOff);

    /**
     * Backward of {@link #lsnn}: {@code rec = {v, i, b before the step}}, state gradients {@code gv, gi,
     * gb}; coefficients in {@link Slots.Lsnn} with {@code ALPHA}; {@code detachReset} as for {@link #lifBackward} (also for the threshold jump).
     */
    void lsnnBackward(float[][] rec, int recOff, float[] gOut, int gOutOff, float[] gv, float[] gi, float[] gb, int sOff,
            float[] gx, int gxOff, float[][] gc, int len, float[][] c, int cOff, int method, boolean detachReset);
}
