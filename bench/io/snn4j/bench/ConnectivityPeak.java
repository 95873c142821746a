package io.snn4j.bench;

import io.snn4j.module.Connectivity;
import io.snn4j.module.Connectivity.Range;
import io.snn4j.module.Connectivity.Weights;
import io.snn4j.module.Synapses;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;

/**
 * Builds the recurrent synapses of one large network once and prints the estimate, the build time and
 * the peak heap (the sum of the heap pools' peak use): too large and too slow for a unit test or a JMH
 * fork, so run by hand, for example with {@code -Xmx1g -Xlog:gc}:
 *
 * <pre>{@code
 * java -Xmx1g -cp target/test-classes:target/classes:$(cat target/bench.classpath) \
 *     io.snn4j.bench.ConnectivityPeak 1000000 100 1
 * }</pre>
 *
 * Arguments: neurons (80 % excitatory), in-degree (80 % of it excitatory), threads.
 */
public final class ConnectivityPeak {
    private ConnectivityPeak() {
    }

    /** Runs one build; see the class comment for the arguments. */
    public static void main(String[] args) {
        int n = Integer.parseInt(args[0]), k = Integer.parseInt(args[1]);
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        int exc = n / 5 * 4, kExc = k / 5 * 4;
        Connectivity.Builder b = Connectivity.recurrent(n, 42).threads(threads)
                .fixedIndegree(Range.of(0, exc), Range.of(0, n), kExc, Weights.constant(0.1f))
                .fixedIndegree(Range.of(exc, n), Range.of(0, n), k - kExc, Weights.constant(-0.5f));
        System.out.printf("estimate: %d synapses, %.1f MB, plus at most %.1f MB while building%n", b.expectedSynapses(),
                b.estimateBytes() / 1e6, b.scratchBytes() / 1e6);
        long t0 = System.nanoTime();
        Synapses s = b.build();
        double seconds = (System.nanoTime() - t0) / 1e9;
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        System.out.printf("%s built in %.2f s with %d thread(s): %.1f MB, peak heap %.1f MB (%.2fx the result)%n", s,
                seconds, threads, s.bytes() / 1e6, peak / 1e6, (double) peak / s.bytes());
    }
}
