package io.snn4j.cli;

import io.snn4j.io.NpyArray;
import io.snn4j.io.NumPy;
import io.snn4j.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code snn plot}: a raster PNG from a saved spike array. */
@Command(name = "plot", mixinStandardHelpOptions = true,
        description = "Draw a spike raster from a .npy spike array of shape (T, N) or (T, ..., N) (neurons flattened).")
final class PlotCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Parameters(index = "0", paramLabel = "SPIKES.npy", description = "Spike array, time first.")
    Path input;

    @Option(names = "--out", description = "PNG file (default: ${DEFAULT-VALUE}, which replaces only a plot snn wrote; "
            + "a file named here is replaced).")
    Path out = Path.of("raster.png");

    @Spec
    CommandSpec spec;

    @Option(names = "--dt", description = "Time step in seconds (default: ${DEFAULT-VALUE}).")
    double dt = 0.001;

    @Option(names = "--excitatory", description = "Draw neurons below this index as excitatory (default: all).")
    Integer excitatory;

    @Option(names = "--title", description = "Title.")
    String title;

    @Override
    public Integer call() throws IOException {
        if (!(dt > 0) || !Double.isFinite(dt)) {
            throw new IllegalArgumentException("--dt must be a finite number of seconds > 0, got " + dt);
        }
        if (excitatory != null && excitatory < 0) {
            throw new IllegalArgumentException("--excitatory must be 0 or more (neurons below it are drawn as excitatory), got "
                    + excitatory);
        }
        OutputFile.check("--out", out, ".png", java.util.Map.of("SPIKES.npy", input));
        OutputFile.checkDefault(spec, "--out", out);
        NpyArray a = NumPy.readNpy(input);
        int[] shape = a.shape();
        if (shape.length < 2 || shape[0] == 0) {
            throw new IllegalArgumentException(input + ": expected a time-first spike array (T, N), got shape "
                    + Arrays.toString(shape));
        }
        Tensor t = a.toTensor();
        int steps = shape[0];
        int neurons = t.size() / steps;
        if (excitatory != null && excitatory > neurons) {
            throw new IllegalArgumentException("--excitatory must be at most " + neurons + " (the neurons in " + input
                    + "), got " + excitatory);
        }
        List<List<Integer>> times = new ArrayList<>();
        for (int j = 0; j < neurons; j++) {
            times.add(new ArrayList<>());
        }
        long spikes = 0;
        for (int s = 0; s < steps; s++) {
            for (int j = 0; j < neurons; j++) {
                float v = t.data()[s * neurons + j];
                if (v != 0f) {
                    if (v != 1f) {
                        throw new IllegalArgumentException(input + ": element (" + s + ", " + j + ") is " + v
                                + "; a spike array holds 0 and 1");
                    }
                    times.get(j).add(s);
                    spikes++;
                }
            }
        }
        List<int[]> arrays = new ArrayList<>();
        for (List<Integer> l : times) {
            arrays.add(l.stream().mapToInt(Integer::intValue).toArray());
        }
        OutputFile.checkDefault(spec, "--out", out); // again: a file made there during the run is not replaced
        RasterPlot.write(RasterPlot.draw(arrays, steps, dt, excitatory == null ? neurons : excitatory,
                title != null ? title : input.getFileName() + ": " + spikes + (spikes == 1 ? " spike" : " spikes")), "--out", out);
        main.out.println("snn plot: " + neurons + " neurons, " + steps + " steps, " + spikes + (spikes == 1 ? " spike" : " spikes")
                + " -> " + out);
        return 0;
    }
}
