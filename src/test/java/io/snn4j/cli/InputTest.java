package io.snn4j.cli;

import static io.snn4j.cli.CliTest.snn;
import static io.snn4j.cli.CliTest.usageError;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.snn4j.io.NumPy;
import io.snn4j.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Input values the run command refuses before it starts. */
class InputTest {
    @TempDir
    Path tmp;

    private CliTest.Result run(Tensor x, String... more) throws IOException {
        Path in = tmp.resolve("in.npy");
        NumPy.writeNpy(in, x);
        String[] base = {"run", "--quiet", "--model", TrainCommandTest.resources().resolve("model.json").toString(), "--input",
            in.toString(), "--output", tmp.resolve("o.npy").toString()};
        return snn(CliTest.concat(base, more));
    }

    @Test
    void nanOrInfiniteInputIsRejectedWithItsStepAndIndex() throws IOException {
        Tensor x = Tensor.full(0.25f, 6, 2, 64);
        x.set(Float.NaN, 3, 1, 5);
        usageError(run(x), "step 3, element [3, 1, 5] is NaN");
        x.set(0.25f, 3, 1, 5);
        x.set(Float.NEGATIVE_INFINITY, 4, 0, 63);
        usageError(run(x), "step 4, element [4, 0, 63] is -Infinity");
        // one step repeated: the element, no step
        Tensor one = Tensor.full(0.5f, 2, 64);
        one.set(Float.POSITIVE_INFINITY, 1, 7);
        usageError(run(one, "--steps", "10"), "element [1, 7] is Infinity");
        assertFalse(Files.exists(tmp.resolve("o.npy")), "nothing written");
        // spike input with a NaN is not spike input, and not finite either
        Tensor spikes = Tensor.zeros(4, 1, 64);
        spikes.set(Float.NaN, 0, 0, 0);
        usageError(run(spikes), "step 0, element [0, 0, 0] is NaN");
    }
}
