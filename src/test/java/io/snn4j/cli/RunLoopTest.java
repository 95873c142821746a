package io.snn4j.cli;

import static io.snn4j.cli.CliTest.snn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snn4j.io.NumPy;
import io.snn4j.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run loop shared by demo and run: Ctrl-C is noticed within a chunk whatever the checkpoint interval. */
class RunLoopTest {
    @TempDir
    Path tmp;

    @AfterEach
    void noHook() {
        RunLoop.hook = null;
    }

    /** Requests a stop (as Ctrl-C does) once the loop has passed {@code after} steps; records every chunk end. */
    private static List<Integer> ctrlCAfter(int after) {
        List<Integer> ends = new ArrayList<>();
        RunLoop.hook = (t, ctrlC) -> {
            ends.add(t);
            if (t >= after) {
                ctrlC.request();
            }
        };
        return ends;
    }

    @Test
    void demoNoticesCtrlCWithinAChunkEvenWithAHugeCheckpointInterval() throws IOException {
        Path ck = tmp.resolve("d.ckpt");
        List<Integer> ends = ctrlCAfter(150);
        CliTest.Result r = snn("demo", "--quiet", "--neurons", "100", "--steps", "3000", "--out", tmp.resolve("r.png").toString(),
                "--checkpoint", ck.toString(), "--checkpoint-every", "1500000");
        assertEquals(Main.INTERRUPTED, r.status(), r.err());
        int step = Integer.parseInt(Checkpoint.read(ck, "demo").metadata().get("step"));
        assertTrue(step >= 150 && step <= 150 + RunLoop.MAX_CHUNK, "stopped at step " + step);
        assertTrue(r.err().contains("interrupted at step " + step + "; checkpoint " + ck), r.err());
        // and no chunk was larger than MAX_CHUNK steps (the memory of a chunk is bounded)
        int prev = 0;
        for (int t : ends) {
            assertTrue(t - prev <= RunLoop.MAX_CHUNK, "chunk " + prev + ".." + t);
            prev = t;
        }
    }

    @Test
    void runNoticesCtrlCWithinAChunkEvenWithAHugeCheckpointInterval() throws IOException {
        Path dir = TrainCommandTest.resources();
        Tensor x = NumPy.readNpy(dir.resolve("test_inputs.npy")).toTensor();
        Path in = tmp.resolve("in.npy"), ck = tmp.resolve("r.ckpt");
        NumPy.writeNpy(in, Tensor.of(java.util.Arrays.copyOf(x.toArray(), 2 * 64), 2, 64));
        ctrlCAfter(7);
        CliTest.Result r = snn("run", "--quiet", "--model", dir.resolve("model.json").toString(), "--input", in.toString(),
                "--steps", "1000", "--output", tmp.resolve("o.npy").toString(), "--checkpoint", ck.toString(),
                "--checkpoint-every", "1500000");
        assertEquals(Main.INTERRUPTED, r.status(), r.err());
        int step = Integer.parseInt(Checkpoint.read(ck, "run").metadata().get("step"));
        assertEquals(7, step, "run looks at Ctrl-C after every step");
    }
}
