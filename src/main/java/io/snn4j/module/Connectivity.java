package io.snn4j.module;

import io.snn4j.internal.Parallel;
import io.snn4j.internal.SeededRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Seeded connectivity rules that build a {@link Synapses}: fixed in-degree (NEST's
 * {@code fixed_indegree}), fixed probability (Brian2's {@code connect(p=...)}, NEST's
 * {@code pairwise_bernoulli}) and explicit (source, target, weight[, delay]) lists, combined as blocks
 * of one matrix, so that excitatory and inhibitory populations are blocks of one projection.
 *
 * <pre>{@code
 * Connectivity.Range exc = Connectivity.Range.of(0, 800), inh = Connectivity.Range.of(800, 1000);
 * Connectivity.Builder b = Connectivity.recurrent(1000, 42)             // one population, no autapses
 *         .fixedIndegree(exc, Connectivity.Range.of(0, 1000), 80, Connectivity.Weights.constant(0.1f), 15)
 *         .fixedIndegree(inh, Connectivity.Range.of(0, 1000), 20, Connectivity.Weights.constant(-0.5f), 15);
 * long bytes = b.estimateBytes();                                         // before anything is allocated
 * Synapses s = b.build();                                                 // (1000, 1000), 100 synapses per target
 * }</pre>
 *
 * <p>Weights ({@link Weights}) are a constant, a seeded uniform or normal distribution, or a function of
 * the pair; delays ({@link Delays}, whole steps, at least 1) are none (the projection's delay), a
 * constant per block, a seeded uniform choice, a function of the pair, or given per listed synapse. If
 * any part of a builder has delays, every part must (the result then has one delay per synapse);
 * without any, it has no delay array.
 *
 * <p>Orientation: every builder call names sources before targets (as {@code connect(pre, post)} does in
 * NEST and Brian2); the built matrix has shape {@code (targets, sources)}, column k = source k's fan-out,
 * targets ascending within each column. Indices are neuron numbers (0-based), ranges half-open.
 *
 * <p>Determinism: the result depends only on the seed, the sizes and the sequence of builder calls,
 * never on the machine, the JDK or the thread count. Block number b (0-based, in the order the blocks
 * were added) draws target j's sources from its own SplitMix64 generator ({@link SeededRandom}), started
 * from {@code h(h(h(seed) + b) + j)}, where {@code h(x)} is the first output of a SplitMix64 generator
 * started from x; random weights are a hash of the block, the target and the source, so they do not
 * depend on the order synapses are built in. Fixed in-degree draws K distinct sources with Floyd's
 * algorithm (K draws, uniform over all K-subsets); fixed probability walks the sources with geometric
 * gaps {@code floor(log(U) / log(1 - p))} ({@link StrictMath}), so its cost is proportional to the
 * synapses (plus one draw per target), not to targets x sources.
 *
 * <p>Memory: {@link Builder#estimateBytes()} gives the size of the result before building (exact for
 * fixed in-degree and lists, the expected value for fixed probability), {@link Builder#scratchBytes()}
 * what building needs on top of it. Building counts each column's synapses in a first pass and fills
 * the columns in a second pass that replays the same generators, so the synapses are never held twice:
 * on top of the result it needs {@code 4 * sources} bytes per thread, a per-thread scratch for one
 * target's sources, and write queues (per bucket of 1024 columns, so that the fill writes whole cache
 * lines) of at most a quarter of the synapses, 12 bytes each (16 with delays), that is at most 0.375x
 * the result (1,000,000 neurons x in-degree 100: a 0.80 GB result, 0.91 GB peak heap with one thread,
 * 1.02 GB with two). A result of more than {@link #MAX_SYNAPSES} synapses is refused before its arrays
 * are allocated.
 *
 * <p>This class only holds the factories and nested types; a {@link Builder} is not thread-safe.
 */
public final class Connectivity {
    /** The largest number of synapses one {@link Synapses} can hold (its arrays are Java arrays). */
    public static final int MAX_SYNAPSES = Integer.MAX_VALUE - 8;

    private Connectivity() {
    }

    /**
     * A builder for the recurrent synapses of one population of {@code neurons} neurons (sources and
     * targets are the same neurons): generated blocks leave out self-connections (autapses) unless
     * {@link Builder#autapses(boolean)} allows them.
     *
     * @throws IllegalArgumentException if {@code neurons < 1}
     */
    public static Builder recurrent(int neurons, long seed) {
        return new Builder(neurons, neurons, seed, true);
    }

    /**
     * A builder for a projection from a population of {@code sources} neurons to another one of
     * {@code targets} neurons (no index is "the same neuron", so every pair may be drawn).
     *
     * @throws IllegalArgumentException if either size is below 1
     */
    public static Builder projection(int sources, int targets, long seed) {
        return new Builder(sources, targets, seed, false);
    }

    /**
     * A half-open range of neuron indices {@code [from, to)}, not empty. Immutable.
     *
     * @param from first index, at least 0
     * @param to   one past the last index, greater than {@code from}
     */
    public record Range(int from, int to) {
        /** @throws IllegalArgumentException if {@code from < 0} or {@code to <= from} */
        public Range {
            if (from < 0 || to <= from) {
                throw new IllegalArgumentException("range [" + from + ", " + to + ") must be non-empty and start at 0 or above");
            }
        }

        /** The range {@code [from, to)}. */
        public static Range of(int from, int to) {
            return new Range(from, to);
        }

        /** Number of indices in the range. */
        public int size() {
            return to - from;
        }

        /** Whether {@code index} is in the range. */
        public boolean contains(int index) {
            return index >= from && index < to;
        }

        /** Whether this range and {@code other} share an index. */
        public boolean overlaps(Range other) {
            return from < other.to && other.from < to;
        }

        int overlap(Range other) {
            return Math.max(0, Math.min(to, other.to) - Math.max(from, other.from));
        }

        @Override
        public String toString() {
            return "[" + from + ", " + to + ")";
        }
    }

    /**
     * A weight as a function of the synapse: must be deterministic (the same value for the same pair on
     * every call) and, when the builder uses more than one thread, safe to call from several threads.
     */
    @FunctionalInterface
    public interface SynapseWeight {
        /** The weight of the synapse from {@code source} to {@code target} (absolute indices); must be finite. */
        float weight(int source, int target);
    }

    /**
     * How the synapses of a generated block get their weights: a constant, a seeded distribution, or a
     * function of the pair. Weights are in the units of the target's input (as in the weight matrices of
     * the recurrent modules). Immutable and thread-safe (a {@link #of function} rule is as thread-safe as
     * the function).
     */
    public static final class Weights {
        private static final int CONSTANT = 0, UNIFORM = 1, NORMAL = 2, FUNCTION = 3;
        private final int kind;
        private final float a, b;
        private final SynapseWeight function;

        private Weights(int kind, float a, float b, SynapseWeight function) {
            this.kind = kind;
            this.a = a;
            this.b = b;
            this.function = function;
        }

        /**
         * Every synapse gets {@code w}.
         *
         * @throws IllegalArgumentException if {@code w} is not finite
         */
        public static Weights constant(float w) {
            finite("weight", w);
            return new Weights(CONSTANT, w, w, null);
        }

        /**
         * Uniform in {@code [low, high]} (drawn in double, rounded to float), from a seeded hash of the
         * block, target and source.
         *
         * @throws IllegalArgumentException if a bound is not finite or {@code low > high}
         */
        public static Weights uniform(float low, float high) {
            finite("low", low);
            finite("high", high);
            if (low > high || !Float.isFinite(high - low)) {
                throw new IllegalArgumentException("uniform weights need finite low <= high, got [" + low + ", " + high + "]");
            }
            return new Weights(UNIFORM, low, high, null);
        }

        /**
         * Normal with {@code mean} and standard deviation {@code sd} (Box-Muller with
         * {@link StrictMath}, from a seeded hash of the block, target and source); |z| never exceeds
         * about 8.6, so a finite mean and sd give finite weights unless they are near float's range.
         *
         * @throws IllegalArgumentException if {@code mean} or {@code sd} is not finite or {@code sd < 0}
         */
        public static Weights normal(float mean, float sd) {
            finite("mean", mean);
            finite("sd", sd);
            if (sd < 0) {
                throw new IllegalArgumentException("sd must be at least 0, got " + sd);
            }
            return new Weights(NORMAL, mean, sd, null);
        }

        /**
         * The weight {@code f.weight(source, target)} per synapse. A non-finite value makes
         * {@link Builder#build()} fail, naming the synapse.
         *
         * @throws IllegalArgumentException if {@code f} is null
         */
        public static Weights of(SynapseWeight f) {
            if (f == null) {
                throw new IllegalArgumentException("weight function is null");
            }
            return new Weights(FUNCTION, 0f, 0f, f);
        }

        float at(long seed, int source, int target) {
            switch (kind) {
                case CONSTANT:
                    return a;
                case UNIFORM: {
                    double u = unit(hash(seed + (((long) target << 32) | source)));
                    return (float) (a + ((double) b - a) * u);
                }
                case NORMAL: {
                    long h1 = hash(seed + (((long) target << 32) | source));
                    double u1 = 1.0 - unit(h1); // (0, 1]
                    double u2 = unit(hash(h1));
                    double z = StrictMath.sqrt(-2.0 * StrictMath.log(u1)) * StrictMath.cos(2.0 * StrictMath.PI * u2);
                    return (float) (a + b * z);
                }
                default:
                    return function.weight(source, target);
            }
        }

        @Override
        public String toString() {
            switch (kind) {
                case CONSTANT:
                    return "constant(" + a + ")";
                case UNIFORM:
                    return "uniform(" + a + ", " + b + ")";
                case NORMAL:
                    return "normal(" + a + ", " + b + ")";
                default:
                    return "function";
            }
        }

        private static void finite(String name, float v) {
            if (!Float.isFinite(v)) {
                throw new IllegalArgumentException(name + " must be finite, got " + v);
            }
        }
    }

    /**
     * A delay as a function of the synapse: must be deterministic and, when the builder uses more than
     * one thread, safe to call from several threads.
     */
    @FunctionalInterface
    public interface SynapseDelay {
        /** The delay in whole time steps (at least 1) of the synapse from {@code source} to {@code target}. */
        int delay(int source, int target);
    }

    /**
     * How the synapses of a generated block get their delays, in whole time steps of the network's dt
     * (at least 1: one step is Norse's recurrent delay): a constant, a seeded uniform choice, or a
     * function of the pair. Immutable and thread-safe (a {@link #of function} rule is as thread-safe as
     * the function).
     */
    public static final class Delays {
        private final int min, max;
        private final SynapseDelay function;

        private Delays(int min, int max, SynapseDelay function) {
            this.min = min;
            this.max = max;
            this.function = function;
        }

        /**
         * Every synapse has a delay of {@code steps}.
         *
         * @throws IllegalArgumentException if {@code steps < 1}
         */
        public static Delays constant(int steps) {
            if (steps < 1) {
                throw new IllegalArgumentException("delay must be at least 1 step, got " + steps);
            }
            return new Delays(steps, steps, null);
        }

        /**
         * Uniform over the whole steps {@code min .. max} (both included), from a seeded hash of the block,
         * target and source.
         *
         * @throws IllegalArgumentException if {@code min < 1} or {@code max < min}
         */
        public static Delays uniform(int min, int max) {
            if (min < 1 || max < min) {
                throw new IllegalArgumentException("uniform delays need 1 <= min <= max, got [" + min + ", " + max + "]");
            }
            return new Delays(min, max, null);
        }

        /**
         * The delay {@code f.delay(source, target)} per synapse. A delay below 1 makes
         * {@link Builder#build()} fail, naming the synapse.
         *
         * @throws IllegalArgumentException if {@code f} is null
         */
        public static Delays of(SynapseDelay f) {
            if (f == null) {
                throw new IllegalArgumentException("delay function is null");
            }
            return new Delays(0, 0, f);
        }

        int at(long seed, int source, int target) {
            if (function != null) {
                return function.delay(source, target);
            }
            if (min == max) {
                return min;
            }
            double u = unit(hash(seed + (((long) target << 32) | source)));
            return min + (int) (u * ((long) max - min + 1));
        }

        @Override
        public String toString() {
            return function != null ? "function" : min == max ? "constant(" + min + ")" : "uniform(" + min + ", " + max + ")";
        }
    }

    /** What {@link Builder#list} does with a (source, target) pair given more than once. */
    public enum Duplicates {
        /** Refuse the list, naming the pair (the default). */
        REJECT,
        /**
         * Merge the entries into one synapse whose weight is their float sum in the order given (earlier
         * lists first); their delays, if any, must be equal.
         */
        SUM
    }

    // How build() writes synapses into their columns: QUEUED is what builders use; DIRECT (one write
    // per synapse straight into its column) is kept to check that queueing changes nothing.
    enum Strategy {
        QUEUED,
        DIRECT
    }

    /**
     * Collects blocks and lists and builds the {@link Synapses}. Each call checks its arguments against
     * everything added before and either adds the block or throws {@link IllegalArgumentException},
     * naming what is wrong, with the builder unchanged. {@link #build()} may be called more than once
     * and gives equal results. Not thread-safe.
     */
    public static final class Builder {
        private final int sources, targets;
        private final long seed;
        private final boolean samePopulation;
        private boolean autapses;
        private int threads = 1;
        private final List<Block> blocks = new ArrayList<>();
        // Explicit synapses, sorted by (target, source), no pair twice, none inside a block.
        private int[] listSources = new int[0], listTargets = new int[0], listDelays;
        private float[] listWeights = new float[0];
        private boolean listGiven;

        private Builder(int sources, int targets, long seed, boolean samePopulation) {
            if (sources < 1 || targets < 1) {
                throw new IllegalArgumentException("sources and targets must be at least 1, got " + sources + " and " + targets);
            }
            this.sources = sources;
            this.targets = targets;
            this.seed = seed;
            this.samePopulation = samePopulation;
        }

        /**
         * Whether generated blocks of a {@link #recurrent} builder may connect a neuron to itself
         * (default false, as NEST's {@code allow_autapses=False}; Brian2 has no default exclusion).
         * Explicit lists are taken as given either way. Has no effect on a {@link #projection}.
         *
         * @throws IllegalArgumentException if disallowing autapses makes a fixed in-degree already added
         *                                  impossible (the builder is unchanged)
         */
        public Builder autapses(boolean allowed) {
            if (!allowed) {
                for (int b = 0; b < blocks.size(); b++) {
                    Block x = blocks.get(b);
                    if (x.fixed && samePopulation && x.sources.overlaps(x.targets) && x.indegree > x.sources.size() - 1) {
                        throw new IllegalArgumentException("block " + b + " needs in-degree " + x.indegree + " from "
                                + x.sources + ", which without autapses offers only " + (x.sources.size() - 1));
                    }
                }
            }
            this.autapses = allowed;
            return this;
        }

        /**
         * The number of threads {@link #build()} uses (default 1); the result is the same for any count.
         * With more than one, a {@link Weights#of} function is called from several threads.
         *
         * @throws IllegalArgumentException if {@code threads < 1}
         */
        public Builder threads(int threads) {
            this.threads = Parallel.checkThreads(threads);
            return this;
        }

        /**
         * Every target in {@code targetRange} gets exactly {@code k} distinct sources drawn uniformly from
         * {@code sourceRange} (without the target itself in a recurrent builder unless autapses are
         * allowed), with the weights of {@code weights} and the projection's delay.
         *
         * @throws IllegalArgumentException if a range is null or outside the population, {@code k < 1},
         *                                  {@code k} exceeds the sources available, weights is null, the
         *                                  block overlaps an earlier block, an explicit synapse lies in it,
         *                                  or earlier blocks carry delays
         */
        public Builder fixedIndegree(Range sourceRange, Range targetRange, int k, Weights weights) {
            return add(new Block(sourceRange, targetRange, true, k, Double.NaN, weights, null));
        }

        /**
         * As {@link #fixedIndegree(Range, Range, int, Weights)}, every synapse with a delay of
         * {@code delay} steps (at least 1); then every block and list must carry delays.
         */
        public Builder fixedIndegree(Range sourceRange, Range targetRange, int k, Weights weights, int delay) {
            return fixedIndegree(sourceRange, targetRange, k, weights, Delays.constant(delay));
        }

        /**
         * As {@link #fixedIndegree(Range, Range, int, Weights)}, each synapse with a delay from
         * {@code delays}; then every block and list must carry delays.
         *
         * @throws IllegalArgumentException also if {@code delays} is null
         */
        public Builder fixedIndegree(Range sourceRange, Range targetRange, int k, Weights weights, Delays delays) {
            return add(new Block(sourceRange, targetRange, true, k, Double.NaN, weights, nonNull(delays)));
        }

        /**
         * Each pair (source in {@code sourceRange}, target in {@code targetRange}) is a synapse
         * independently with probability {@code p} (self-connections of a recurrent builder left out
         * unless autapses are allowed), with the weights of {@code weights} and the projection's delay.
         *
         * @throws IllegalArgumentException if a range is null or outside the population, {@code p} is not
         *                                  in [0, 1], weights is null, the block overlaps an earlier block,
         *                                  an explicit synapse lies in it, or earlier blocks carry delays
         */
        public Builder fixedProbability(Range sourceRange, Range targetRange, double p, Weights weights) {
            return add(new Block(sourceRange, targetRange, false, 0, p, weights, null));
        }

        /**
         * As {@link #fixedProbability(Range, Range, double, Weights)}, every synapse with a delay of
         * {@code delay} steps (at least 1); then every block and list must carry delays.
         */
        public Builder fixedProbability(Range sourceRange, Range targetRange, double p, Weights weights, int delay) {
            return fixedProbability(sourceRange, targetRange, p, weights, Delays.constant(delay));
        }

        /**
         * As {@link #fixedProbability(Range, Range, double, Weights)}, each synapse with a delay from
         * {@code delays}; then every block and list must carry delays.
         *
         * @throws IllegalArgumentException also if {@code delays} is null
         */
        public Builder fixedProbability(Range sourceRange, Range targetRange, double p, Weights weights, Delays delays) {
            return add(new Block(sourceRange, targetRange, false, 0, p, weights, nonNull(delays)));
        }

        /** As {@link #list(int[], int[], float[], int[], Duplicates)} with {@link Duplicates#REJECT}. */
        public Builder list(int[] sourceIndices, int[] targetIndices, float[] weights, int[] delays) {
            return list(sourceIndices, targetIndices, weights, delays, Duplicates.REJECT);
        }

        /**
         * Explicit synapses: entry i is the synapse from {@code sourceIndices[i]} to
         * {@code targetIndices[i]} with weight {@code weights[i]} and, if {@code delays} is not null,
         * delay {@code delays[i]} steps. The arrays are copied. A pair given twice (in this list or an
         * earlier one) is refused or summed as {@code duplicates} says. An explicit synapse may not lie
         * in a generated block's ranges (the block owns them). Self-connections are kept as given.
         * The builder keeps the listed synapses sorted by (target, source), 12 bytes each (16 with
         * delays); adding a list briefly needs about three times that (two counting sorts, no boxing).
         *
         * @throws IllegalArgumentException if an array is null (delays may be), lengths differ, an index is
         *                                  out of range, a weight is not finite, a delay is below 1, a
         *                                  pair is repeated under {@link Duplicates#REJECT} (or summed
         *                                  with differing delays), a pair lies in a block, or delays are
         *                                  given for some parts of the projection and not for others
         */
        public Builder list(int[] sourceIndices, int[] targetIndices, float[] weights, int[] delays, Duplicates duplicates) {
            if (sourceIndices == null || targetIndices == null || weights == null || duplicates == null) {
                throw new IllegalArgumentException("sourceIndices, targetIndices, weights and duplicates must not be null");
            }
            int n = sourceIndices.length;
            if (targetIndices.length != n || weights.length != n || (delays != null && delays.length != n)) {
                throw new IllegalArgumentException("list arrays differ in length: " + n + " sources, " + targetIndices.length
                        + " targets, " + weights.length + " weights" + (delays != null ? ", " + delays.length + " delays" : ""));
            }
            checkDelayConsistency(delays != null, "this list");
            for (int i = 0; i < n; i++) {
                int s = sourceIndices[i], t = targetIndices[i];
                if (s < 0 || s >= sources) {
                    throw new IllegalArgumentException("list entry " + i + ": source " + s + " is outside [0, " + sources + ")");
                }
                if (t < 0 || t >= targets) {
                    throw new IllegalArgumentException("list entry " + i + ": target " + t + " is outside [0, " + targets + ")");
                }
                if (!Float.isFinite(weights[i])) {
                    throw new IllegalArgumentException("list entry " + i + " (" + s + " -> " + t + ") has a non-finite weight "
                            + weights[i]);
                }
                if (delays != null && delays[i] < 1) {
                    throw new IllegalArgumentException("list entry " + i + " (" + s + " -> " + t + ") has delay " + delays[i]
                            + "; delays are whole steps, at least 1");
                }
                for (int b = 0; b < blocks.size(); b++) {
                    Block x = blocks.get(b);
                    if (x.sources.contains(s) && x.targets.contains(t)) {
                        throw new IllegalArgumentException("list entry " + i + " (" + s + " -> " + t + ") lies in block " + b
                                + " (sources " + x.sources + ", targets " + x.targets + "), which owns those pairs");
                    }
                }
            }
            // Earlier entries first, then this list, stably sorted by (target, source).
            int m = listSources.length, total = m + n;
            int[] s0 = concat(listSources, sourceIndices), t0 = concat(listTargets, targetIndices);
            float[] w0 = new float[total];
            System.arraycopy(listWeights, 0, w0, 0, m);
            System.arraycopy(weights, 0, w0, m, n);
            int[] d0 = delays == null ? null : concat(listDelays == null ? new int[0] : listDelays, delays);
            int[] order = sortedOrder(s0, t0);
            int kept = 0;
            int[] s1 = new int[total], t1 = new int[total], d1 = d0 == null ? null : new int[total];
            float[] w1 = new float[total];
            for (int q = 0; q < total; q++) {
                int i = order[q];
                if (kept > 0 && s1[kept - 1] == s0[i] && t1[kept - 1] == t0[i]) {
                    if (duplicates == Duplicates.REJECT) {
                        throw new IllegalArgumentException("synapse " + s0[i] + " -> " + t0[i] + " is listed twice (use "
                                + "Duplicates.SUM to add the weights)");
                    }
                    if (d1 != null && d1[kept - 1] != d0[i]) {
                        throw new IllegalArgumentException("synapse " + s0[i] + " -> " + t0[i] + " is listed twice with delays "
                                + d1[kept - 1] + " and " + d0[i] + ", which cannot be summed");
                    }
                    w1[kept - 1] += w0[i];
                    if (!Float.isFinite(w1[kept - 1])) {
                        throw new IllegalArgumentException("synapse " + s0[i] + " -> " + t0[i] + ": the summed weight overflows");
                    }
                    continue;
                }
                s1[kept] = s0[i];
                t1[kept] = t0[i];
                w1[kept] = w0[i];
                if (d1 != null) {
                    d1[kept] = d0[i];
                }
                kept++;
            }
            listSources = Arrays.copyOf(s1, kept);
            listTargets = Arrays.copyOf(t1, kept);
            listWeights = Arrays.copyOf(w1, kept);
            listDelays = d1 == null ? null : Arrays.copyOf(d1, kept);
            listGiven = true;
            return this;
        }

        /**
         * The number of synapses the result will have: exact for fixed in-degree blocks and lists, the
         * expected value (rounded) for fixed probability blocks. May exceed {@link #MAX_SYNAPSES}
         * ({@link #build()} then refuses).
         */
        public long expectedSynapses() {
            double expected = exactSynapses();
            for (Block x : blocks) {
                if (!x.fixed) {
                    expected += x.p * eligiblePairs(x);
                }
            }
            return Math.round(expected);
        }

        /**
         * The bytes the built {@link Synapses} will take ({@link Synapses#bytes(int, long, boolean)} of
         * {@link #expectedSynapses()}): exact for fixed in-degree blocks and lists, the expected value
         * for fixed probability. Building needs this plus {@link #scratchBytes()}.
         */
        public long estimateBytes() {
            return Synapses.bytes(sources, expectedSynapses(), hasDelays());
        }

        /**
         * An upper bound of the working memory {@link #build()} needs on top of the result (for fixed
         * probability, of its expected value): per thread a column cursor of {@code 4 * sources} bytes
         * and a scratch for one target's sources, and write queues of at most a quarter of the synapses
         * (12 bytes each, 16 with delays) and at most 8 per source and thread.
         */
        public long scratchBytes() {
            long queued = Math.min(expectedSynapses() / 4, (long) threads * 8 * (sources + 1024L));
            return (long) threads * (4L * sources + scratchPerThread()) + queued * (hasDelays() ? 16 : 12);
        }

        /**
         * Builds the synapses: shape {@code (targets, sources)}, targets ascending in every column, with
         * per-synapse delays if the blocks or lists carry them (none otherwise).
         *
         * @throws IllegalArgumentException if the result would exceed {@link #MAX_SYNAPSES} synapses
         *                                  (naming the count; refused before the synapse arrays are
         *                                  allocated) or a weight function returns a non-finite weight
         *                                  (naming the synapse)
         */
        public Synapses build() {
            return build(Strategy.QUEUED);
        }

        Synapses build(Strategy strategy) {
            long exact = exactSynapses();
            if (exact > MAX_SYNAPSES) {
                throw tooMany(exact);
            }
            return new Assembly(this).build(strategy == Strategy.QUEUED);
        }

        private IllegalArgumentException tooMany(long count) {
            return new IllegalArgumentException("the projection would have " + count + " synapses, more than one Synapses "
                    + "holds (" + MAX_SYNAPSES + "); split it into several projections");
        }

        @Override
        public String toString() {
            return "Connectivity.Builder(" + sources + " -> " + targets + ", " + blocks.size() + " blocks, "
                    + listSources.length + " listed synapses, about " + expectedSynapses() + " synapses)";
        }

        private Builder add(Block x) {
            if (x.weights == null) {
                throw new IllegalArgumentException("weights is null");
            }
            if (x.sources.to > sources) {
                throw new IllegalArgumentException("source range " + x.sources + " is outside [0, " + sources + ")");
            }
            if (x.targets.to > targets) {
                throw new IllegalArgumentException("target range " + x.targets + " is outside [0, " + targets + ")");
            }
            if (x.fixed) {
                int available = x.sources.size() - (excludesSelf(x) ? 1 : 0);
                if (x.indegree < 1) {
                    throw new IllegalArgumentException("in-degree must be at least 1, got " + x.indegree);
                }
                if (x.indegree > available) {
                    throw new IllegalArgumentException("in-degree " + x.indegree + " from sources " + x.sources + " is more "
                            + "than the " + available + " distinct sources available" + (excludesSelf(x)
                                    ? " without autapses" : "") + " (multapses are not allowed)");
                }
            } else if (!(x.p >= 0 && x.p <= 1)) {
                throw new IllegalArgumentException("connection probability p must be in [0, 1], got " + x.p);
            }
            for (int b = 0; b < blocks.size(); b++) {
                Block y = blocks.get(b);
                if (y.sources.overlaps(x.sources) && y.targets.overlaps(x.targets)) {
                    throw new IllegalArgumentException("block (sources " + x.sources + ", targets " + x.targets + ") overlaps "
                            + "block " + b + " (sources " + y.sources + ", targets " + y.targets + "): the same pair could be "
                            + "made twice");
                }
            }
            for (int i = 0; i < listSources.length; i++) {
                if (x.sources.contains(listSources[i]) && x.targets.contains(listTargets[i])) {
                    throw new IllegalArgumentException("block (sources " + x.sources + ", targets " + x.targets + ") contains "
                            + "the listed synapse " + listSources[i] + " -> " + listTargets[i]);
                }
            }
            checkDelayConsistency(x.delays != null, "block " + blocks.size());
            Block added = x.numbered(blocks.size(), seed);
            blocks.add(added);
            return this;
        }

        private void checkDelayConsistency(boolean withDelays, String what) {
            boolean before = blocks.isEmpty() && !listGiven ? withDelays : hasDelays();
            if (before != withDelays) {
                throw new IllegalArgumentException(what + (withDelays ? " has delays but the blocks or lists added before "
                        + "have none" : " has no delays but the blocks or lists added before have them")
                        + ": give every part of a projection a delay, or none");
            }
        }

        private static Delays nonNull(Delays delays) {
            if (delays == null) {
                throw new IllegalArgumentException("delays is null");
            }
            return delays;
        }

        private boolean hasDelays() {
            if (!blocks.isEmpty()) {
                return blocks.get(0).delays != null;
            }
            return listDelays != null;
        }

        boolean excludesSelf(Block x) {
            return samePopulation && !autapses && x.sources.overlaps(x.targets);
        }

        private double eligiblePairs(Block x) {
            double pairs = (double) x.sources.size() * x.targets.size();
            return samePopulation && !autapses ? pairs - x.sources.overlap(x.targets) : pairs;
        }

        private long exactSynapses() {
            long n = listSources.length;
            for (Block x : blocks) {
                if (x.fixed) {
                    n += (long) x.indegree * x.targets.size();
                }
            }
            return n;
        }

        private int scratchPerThread() {
            long bytes = 0;
            for (Block x : blocks) {
                long out = x.fixed ? x.indegree : x.sources.size();
                bytes = Math.max(bytes, 4 * out + 8L * ((x.sources.size() + 63) / 64));
            }
            return (int) Math.min(Integer.MAX_VALUE, bytes);
        }
    }

    /** One generated block; immutable once numbered. */
    private static final class Block {
        final Range sources, targets;
        final boolean fixed; // true: fixed in-degree; false: fixed probability
        final int indegree;
        final double p;
        final Weights weights;
        final Delays delays; // null: none
        final long streamSeed, weightSeed, delaySeed;

        Block(Range sources, Range targets, boolean fixed, int indegree, double p, Weights weights, Delays delays) {
            this(sources, targets, fixed, indegree, p, weights, delays, 0, 0, 0);
            if (sources == null || targets == null) {
                throw new IllegalArgumentException("source and target ranges must not be null");
            }
        }

        private Block(Range sources, Range targets, boolean fixed, int indegree, double p, Weights weights, Delays delays,
                long streamSeed, long weightSeed, long delaySeed) {
            this.sources = sources;
            this.targets = targets;
            this.fixed = fixed;
            this.indegree = indegree;
            this.p = p;
            this.weights = weights;
            this.delays = delays;
            this.streamSeed = streamSeed;
            this.weightSeed = weightSeed;
            this.delaySeed = delaySeed;
        }

        Block numbered(int number, long seed) {
            long base = hash(hash(seed) + number);
            return new Block(sources, targets, fixed, indegree, p, weights, delays, base, hash(base ^ 0x5DEECE66DL),
                    hash(base ^ 0x2545F4914F6CDD1DL));
        }
    }

    /** The first output of a SplitMix64 generator started from {@code x}: a 64-bit mixing hash. */
    static long hash(long x) {
        return new SeededRandom(x).nextLong();
    }

    static double unit(long bits) {
        return (bits >>> 11) * 0x1.0p-53;
    }

    /** A permutation of [0, n) that sorts the pairs by (target, source), stable: two counting sorts. */
    private static int[] sortedOrder(int[] s, int[] t) {
        int n = s.length;
        int[] bySource = countingSort(s, identity(n));
        return countingSort(t, bySource);
    }

    private static int[] identity(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        return a;
    }

    /** Stable: returns {@code order} reordered by {@code key[order[i]]}. Keys are non-negative. */
    private static int[] countingSort(int[] key, int[] order) {
        int max = 0;
        for (int k : key) {
            max = Math.max(max, k);
        }
        int[] start = new int[max + 2];
        for (int k : key) {
            start[k + 1]++;
        }
        for (int k = 0; k <= max; k++) {
            start[k + 1] += start[k];
        }
        int[] out = new int[order.length];
        for (int i : order) {
            out[start[key[i]]++] = i;
        }
        return out;
    }

    private static int[] concat(int[] a, int[] b) {
        int[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    /**
     * One build: the targets split into contiguous pieces (one per thread); each piece counts its
     * synapses per column, then fills its own part of every column, so the result does not depend on the
     * number of pieces.
     */
    private static final class Assembly {
        final Builder b;
        final Block[] blocks;
        final int[] bounds; // piece boundaries over targets
        final int[][] cursor; // per piece: counts per column, then the next position in each column
        final boolean delays;

        Assembly(Builder b) {
            this.b = b;
            this.blocks = b.blocks.toArray(new Block[0]);
            this.bounds = Parallel.split(b.targets, b.threads, 1024);
            this.cursor = new int[bounds.length - 1][];
            this.delays = b.hasDelays();
        }

        Synapses build(boolean queued) {
            int pieces = bounds.length - 1;
            int[] queueLength = new int[pieces];
            // without probability blocks the count is known: allocate the result first, so that a heap too
            // small for it fails at once rather than after the counting pass has drawn every synapse
            boolean known = Arrays.stream(blocks).allMatch(x -> x.fixed);
            int[] early = known ? new int[(int) b.exactSynapses()] : null;
            float[] earlyValues = known ? new float[early.length] : null;
            int[] earlyDelay = known && delays ? new int[early.length] : null;
            Parallel.forEach(pieces, c -> {
                int[] count = new int[b.sources];
                Scratch s = new Scratch(b);
                int lp = firstListed(bounds[c]);
                for (int j = bounds[c]; j < bounds[c + 1]; j++) {
                    for (Block x : blocks) {
                        if (x.targets.contains(j)) {
                            int n = s.emit(x, j);
                            for (int q = 0; q < n; q++) {
                                count[s.out[q]]++;
                            }
                        }
                    }
                    for (; lp < b.listTargets.length && b.listTargets[lp] == j; lp++) {
                        count[b.listSources[lp]]++;
                    }
                }
                cursor[c] = count;
                queueLength[c] = queued ? Filler.queueLength(count) : 0;
            });
            int[] colStart = columnStarts();
            int nz = colStart[b.sources];
            int[] rows = early != null && early.length == nz ? early : new int[nz];
            float[] values = earlyValues != null && earlyValues.length == nz ? earlyValues : new float[nz];
            int[] delay = !delays ? null : earlyDelay != null && earlyDelay.length == nz ? earlyDelay : new int[nz];
            Parallel.forEach(pieces, c -> {
                Filler f = new Filler(cursor[c], rows, values, delay, queueLength[c]);
                Scratch s = new Scratch(b);
                int lp = firstListed(bounds[c]);
                for (int j = bounds[c]; j < bounds[c + 1]; j++) {
                    for (Block x : blocks) {
                        if (x.targets.contains(j)) {
                            int n = s.emit(x, j);
                            place(x, j, s.out, 0, n, f);
                        }
                    }
                    lp = placeListed(j, lp, f);
                }
                f.finish();
            });
            return new Synapses(b.targets, b.sources, colStart, rows, values, delay);
        }

        /** Column starts from the pieces' counts; turns each piece's counts into its first positions. */
        private int[] columnStarts() {
            int[] colStart = new int[b.sources + 1];
            long total = 0;
            for (int k = 0; k < b.sources; k++) {
                for (int[] count : cursor) {
                    int n = count[k];
                    count[k] = (int) Math.min(total, Integer.MAX_VALUE);
                    total += n;
                }
                colStart[k + 1] = (int) Math.min(total, Integer.MAX_VALUE);
            }
            if (total > MAX_SYNAPSES) {
                throw b.tooMany(total);
            }
            return colStart;
        }

        private void place(Block x, int j, int[] src, int from, int to, Filler f) {
            for (int q = from; q < to; q++) {
                int k = src[q];
                float w = x.weights.at(x.weightSeed, k, j);
                if (!Float.isFinite(w)) {
                    throw new IllegalArgumentException("synapse " + k + " -> " + j + " got a non-finite weight " + w
                            + " from " + x.weights);
                }
                int d = 0;
                if (x.delays != null) {
                    d = x.delays.at(x.delaySeed, k, j);
                    if (d < 1) {
                        throw new IllegalArgumentException("synapse " + k + " -> " + j + " got delay " + d + " from "
                                + x.delays + "; delays are whole steps, at least 1");
                    }
                }
                f.put(k, j, w, d);
            }
        }

        private int placeListed(int j, int lp, Filler f) {
            for (; lp < b.listTargets.length && b.listTargets[lp] == j; lp++) {
                f.put(b.listSources[lp], j, b.listWeights[lp], b.listDelays == null ? 0 : b.listDelays[lp]);
            }
            return lp;
        }

        private int firstListed(int target) {
            int lo = 0, hi = b.listTargets.length;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (b.listTargets[mid] < target) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            return lo;
        }
    }

    /**
     * Puts one piece's synapses into their columns, in the order given (targets ascending). Writing
     * each synapse straight to its column touches a new cache line per synapse once there are more
     * columns than the caches hold (1e6 x 100: about twice as slow); so synapses are first queued per
     * bucket of {@code 2^SHIFT} columns and a bucket is written out when its queue is full (up to
     * {@code PER_COLUMN} synapses per column), which fills whole cache lines of each column. Queues are
     * first in, first out, so the order within every column is kept. The queues hold at most a quarter of
     * the piece's synapses (12 or 16 bytes each), so they add at most 0.375x of the result's size.
     */
    private static final class Filler {
        static final int SHIFT = 10, PER_COLUMN = 8, MIN_QUEUE = 64;
        final int[] next, rows, delay;
        final float[] values;
        final int perBucket;
        final int[] fill, queueSource, queueTarget, queueDelay;
        final float[] queueWeight;

        Filler(int[] next, int[] rows, float[] values, int[] delay, int queueLength) {
            this.next = next;
            this.rows = rows;
            this.values = values;
            this.delay = delay;
            int buckets = (next.length >>> SHIFT) + 1;
            this.perBucket = queueLength;
            int size = perBucket == 0 ? 0 : buckets * perBucket;
            this.fill = new int[perBucket == 0 ? 0 : buckets];
            this.queueSource = new int[size];
            this.queueTarget = new int[size];
            this.queueWeight = new float[size];
            this.queueDelay = delay == null ? null : new int[size];
        }

        /** The queue length per bucket for a piece with these column counts (0: write directly). */
        static int queueLength(int[] count) {
            long largest = 0, total = 0;
            for (long k0 = 0; k0 < count.length; k0 += 1 << SHIFT) {
                long n = 0;
                for (int k = (int) k0, end = (int) Math.min(count.length, k0 + (1 << SHIFT)); k < end; k++) {
                    n += count[k];
                }
                largest = Math.max(largest, n);
                total += n;
            }
            long buckets = (count.length >>> SHIFT) + 1;
            long length = Math.min(Math.min(largest, PER_COLUMN << SHIFT), total / 4 / buckets);
            return length < MIN_QUEUE ? 0 : (int) length;
        }

        void put(int k, int j, float w, int d) {
            if (perBucket == 0) {
                int p = next[k]++;
                rows[p] = j;
                values[p] = w;
                if (delay != null) {
                    delay[p] = d;
                }
                return;
            }
            int bucket = k >>> SHIFT;
            int q = bucket * perBucket + fill[bucket]++;
            queueSource[q] = k;
            queueTarget[q] = j;
            queueWeight[q] = w;
            if (queueDelay != null) {
                queueDelay[q] = d;
            }
            if (fill[bucket] == perBucket) {
                flush(bucket);
            }
        }

        void flush(int bucket) {
            int q0 = bucket * perBucket, q1 = q0 + fill[bucket];
            for (int q = q0; q < q1; q++) {
                int p = next[queueSource[q]]++;
                rows[p] = queueTarget[q];
                values[p] = queueWeight[q];
                if (delay != null) {
                    delay[p] = queueDelay[q];
                }
            }
            fill[bucket] = 0;
        }

        void finish() {
            for (int bucket = 0; bucket < fill.length; bucket++) {
                flush(bucket);
            }
        }
    }

    /** One thread's scratch: the sources drawn for one target and a bit set for Floyd's algorithm. */
    private static final class Scratch {
        final Builder b;
        final int[] out;
        final long[] marks;

        Scratch(Builder b) {
            this.b = b;
            int out = 0, range = 1;
            for (Block x : b.blocks) {
                out = Math.max(out, x.fixed ? x.indegree : x.sources.size());
                if (x.fixed) {
                    range = Math.max(range, x.sources.size());
                }
            }
            this.out = new int[out];
            this.marks = new long[(range + 63) / 64];
        }

        /** Draws target j's sources in block x into {@link #out} (absolute indices); returns how many. */
        int emit(Block x, int j) {
            int n = x.sources.size();
            int self = b.excludesSelf(x) && x.sources.contains(j) ? j - x.sources.from : -1;
            int m = self >= 0 ? n - 1 : n; // candidates, self left out
            SeededRandom r = new SeededRandom(hash(x.streamSeed + j));
            int count = 0;
            if (x.fixed) {
                // Floyd's algorithm: a uniform K-subset of [0, m) with K draws.
                int k = x.indegree;
                for (int i = m - k; i < m; i++) {
                    int t = r.nextInt(i + 1);
                    if ((marks[t >>> 6] & (1L << t)) != 0) {
                        t = i;
                    }
                    marks[t >>> 6] |= 1L << t;
                    out[count++] = t;
                }
                for (int q = 0; q < count; q++) {
                    int t = out[q];
                    marks[t >>> 6] &= ~(1L << t);
                }
            } else if (x.p >= 1) {
                for (int t = 0; t < m; t++) {
                    out[count++] = t;
                }
            } else if (x.p > 0) {
                double logQ = StrictMath.log1p(-x.p);
                long t = -1;
                while (true) {
                    double gap = Math.floor(StrictMath.log(1.0 - r.nextDouble()) / logQ);
                    if (gap >= m - t - 1) {
                        break;
                    }
                    t += 1 + (long) gap;
                    out[count++] = (int) t;
                }
            }
            for (int q = 0; q < count; q++) {
                int t = out[q];
                out[q] = x.sources.from + (self >= 0 && t >= self ? t + 1 : t);
            }
            return count;
        }
    }
}
