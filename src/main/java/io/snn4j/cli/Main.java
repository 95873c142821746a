package io.snn4j.cli;

import io.snn4j.functional.LIFFeedForwardState;
import io.snn4j.functional.LIFParameters;
import io.snn4j.internal.vectorization.KernelProvider;
import io.snn4j.module.LIF;
import io.snn4j.module.SequenceResult;
import io.snn4j.tensor.Tensor;
import java.io.PrintStream;
import java.util.Locale;
import java.util.SplittableRandom;

/** The {@code snn} command line. */
public final class Main {
    private Main() {
    }

    /** Entry point; exits with 0 on success, 2 on a usage error. */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the command and returns its exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        String cmd = args.length == 0 ? "demo" : args[0];
        switch (cmd) {
            case "demo":
                return demo(out);
            case "-h", "--help", "help":
                out.println("usage: snn demo    simulate a small built-in LIF network and report what it did");
                return 0;
            default:
                err.println("snn: unknown command '" + cmd + "' (try: snn --help)");
                return 2;
        }
    }

    static int demo(PrintStream out) {
        int steps = 1000, batch = 4, neurons = 1000;
        double dt = 0.001;
        long seed = 42;
        SplittableRandom r = new SplittableRandom(seed);
        Tensor x = Tensor.zeros(steps, batch, neurons);
        float[] d = x.data();
        for (int k = 0; k < d.length; k++) {
            // noisy input current around a mean just below the firing threshold's steady state
            d[k] = (float) (0.12 + 0.5 * r.nextGaussian());
        }
        LIF lif = new LIF(LIFParameters.DEFAULT, dt);
        long t0 = System.nanoTime();
        SequenceResult<LIFFeedForwardState> res = lif.forward(x);
        double secs = (System.nanoTime() - t0) / 1e9;
        long spikes = res.output().countNonZero();
        long neuronSteps = (long) steps * batch * neurons;
        out.println("snn4j demo: feed-forward LIF population driven by seeded noisy current");
        out.printf(Locale.ROOT, "  neurons      %d x %d (batch x neurons)%n", batch, neurons);
        out.printf(Locale.ROOT, "  steps        %d of dt = %s s (%.1f s simulated)%n", steps, dt, steps * dt);
        out.printf(Locale.ROOT, "  kernels      %s (%d lanes), threads %d%n", KernelProvider.kernels().name(),
                KernelProvider.kernels().lanes(), lif.threads());
        out.printf(Locale.ROOT, "  spikes       %d%n", spikes);
        out.printf(Locale.ROOT, "  mean rate    %.2f Hz%n", spikes / (batch * neurons * steps * dt));
        out.printf(Locale.ROOT, "  wall time    %.3f s (%.3g neuron-steps/s)%n", secs, neuronSteps / secs);
        return 0;
    }
}
