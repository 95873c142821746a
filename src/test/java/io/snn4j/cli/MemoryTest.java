package io.snn4j.cli;

import static io.snn4j.cli.CliTest.snn;
import static io.snn4j.cli.CliTest.usageError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.snn4j.io.NumPy;
import io.snn4j.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs too large for the heap are refused up front with the estimate and the -Xmx hint, never a raw OutOfMemoryError. */
class MemoryTest {
    @TempDir
    Path tmp;

    @AfterEach
    void realMemory() {
        Memory.availableForTests = -1;
    }

    @Test
    void aDemoTooLargeForTheHeapIsRefusedBeforeAllocating() {
        assumeTrue(Runtime.getRuntime().maxMemory() < 40L << 30, "a heap of 40 GiB or more would fit the network");
        long t0 = System.nanoTime();
        // 250,000 neurons with 8,000 inputs each: 2e9 synapses of 8 bytes, 32 GB with the external ones
        CliTest.Result r = snn("demo", "--quiet", "--neurons", "250000", "--in-degree", "8000", "--out",
                tmp.resolve("r.png").toString());
        usageError(r, "SNN_JAVA_OPTS=-Xmx");
        assertTrue(r.err().contains("needs about 2") && r.err().contains("GiB of memory"), r.err());
        assertTrue(System.nanoTime() - t0 < 5_000_000_000L, "refused at once");
        // beyond the most synapses one projection holds: a size error, whatever the heap
        usageError(snn("demo", "--quiet", "--neurons", "200000"), "use a fixed --in-degree");
    }

    @Test
    void aHugeInputIsRefusedBeforeItIsRead() throws IOException {
        Path in = tmp.resolve("in.npy");
        NumPy.writeNpy(in, Tensor.full(0.5f, 4000, 2, 64));   // 2 MB of float32
        Memory.availableForTests = 4L << 20;                  // a JVM with 4 MiB free
        CliTest.Result r = snn("run", "--quiet", "--model", TrainCommandTest.resources().resolve("model.json").toString(),
                "--input", in.toString(), "--output", tmp.resolve("o.npy").toString());
        usageError(r, "SNN_JAVA_OPTS=-Xmx");
        assertTrue(r.err().contains("the input " + in + " read whole"), r.err());
        assertFalse(Files.exists(tmp.resolve("o.npy")));
        Memory.availableForTests = -1;
        assertEquals(0, snn("run", "--quiet", "--model", TrainCommandTest.resources().resolve("model.json").toString(),
                "--input", in.toString(), "--output", tmp.resolve("o.npy").toString()).status(), "fits a real heap");
    }

    @Test
    void anUnforeseenOutOfMemoryErrorIsOneLineToo() {
        // with the estimate switched off, the demo's synapses (1e6 neurons x 2,000 inputs: 2e9 synapses, 16 GB) exceed
        // the heap: their first array (8 GB) fails at once
        assumeTrue(Runtime.getRuntime().maxMemory() < 8L << 30, "the synapses would fit this heap");
        Memory.availableForTests = Long.MAX_VALUE;
        CliTest.Result r = snn("demo", "--quiet", "--neurons", "1000000", "--in-degree", "2000", "--out",
                tmp.resolve("r.png").toString());
        usageError(r, "snn demo: out of memory (Java heap space)");
        assertTrue(r.err().contains("SNN_JAVA_OPTS=-Xmx"), r.err());
    }

    @Test
    void theEstimatesGrowWithTheRun() throws IOException {
        // 40,000 neurons with 10 % in-degrees: 2.9e8 synapses of 8 bytes
        assertTrue(Memory.demo(40_000, 0, 1000, 0.001, false) > 2L << 30, "2.9e8 synapses and more");
        assertTrue(Memory.demo(40_000, 100, 1000, 0.001, false) < 128L << 20, "a fixed in-degree of 100: 7.2e6 synapses");
        assertTrue(Memory.demo(1000, 0, 1000, 0.001, false) < 64L << 20);
        assertTrue(Memory.demo(1000, 0, 10_000_000, 0.001, true) > Memory.demo(1000, 0, 10_000_000, 0.001, false));
        Path in = tmp.resolve("x.npy");
        NumPy.writeNpy(in, Tensor.zeros(1000, 100));
        long size = Files.size(in);
        assertEquals(size + 8 * (size / 4), Memory.npyInput(in));
        assertTrue(Memory.size(3L << 30).equals("3.0 GiB") && Memory.size(5L << 20).equals("5 MiB"));
    }
}
