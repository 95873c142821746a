package io.snn4j.cli;

import static io.snn4j.cli.CliTest.snn;
import static io.snn4j.cli.CliTest.usageError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snn4j.io.NumPy;
import io.snn4j.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Write failures (a full disk) name the file and leave nothing that looks complete; spike files are streamed. */
class OutputFileTest {
    @TempDir
    Path tmp;

    @AfterEach
    void noHooks() {
        OutputFile.writeHook = null;
    }

    @Test
    void aFullDiskNamesTheFileAndLeavesNoFullSizeFile() throws IOException {
        Path dir = TrainCommandTest.resources();
        Tensor x = NumPy.readNpy(dir.resolve("test_inputs.npy")).toTensor();
        Path in = tmp.resolve("in.npy"), out = tmp.resolve("out.npy");
        NumPy.writeNpy(in, Tensor.of(java.util.Arrays.copyOf(x.toArray(), 2 * 64), 2, 64));
        OutputFile.writeHook = (target, t) -> {
            if (t == 18 && target.equals(out)) {
                throw new IOException("No space left on device");
            }
        };
        CliTest.Result r = snn("run", "--quiet", "--model", dir.resolve("model.json").toString(), "--input", in.toString(),
                "--steps", "30", "--output", out.toString());
        usageError(r, "--output " + out + ": writing step 18 failed (No space left on device)");
        try (Stream<Path> s = Files.list(tmp)) {
            assertEquals(List.of("in.npy"), s.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void spikeFilesAreWrittenInBlocksOfRows() throws IOException {
        // 3 neurons over 10 steps, written with blocks of 4 rows (the last block partial)
        List<int[]> times = new ArrayList<>(List.of(new int[] {0, 3, 4, 9}, new int[0], new int[] {5, 8}));
        Path f = tmp.resolve("s.npy");
        DemoCommand.writeSpikes(times, 10, 3, f, 4 * 3 * 4);
        Tensor s = NumPy.readNpy(f).toTensor();
        Tensor expected = Tensor.zeros(10, 3);
        for (int j = 0; j < 3; j++) {
            for (int t : times.get(j)) {
                expected.set(1f, t, j);
            }
        }
        assertEquals(expected, s);
        assertFalse(Files.exists(OutputFile.partial(f)));
        assertTrue(Files.isRegularFile(f));
    }
}
