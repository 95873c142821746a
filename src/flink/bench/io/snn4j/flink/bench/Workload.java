package io.snn4j.flink.bench;

import io.snn4j.flink.ModelSource;
import io.snn4j.flink.example.DigitsStream;
import io.snn4j.functional.Numerics;
import io.snn4j.module.LICell;
import io.snn4j.module.LIFCell;
import io.snn4j.nn.Layer;
import io.snn4j.nn.Linear;
import io.snn4j.nn.SequentialState;
import java.io.IOException;
import java.util.SplittableRandom;

/**
 * The networks and per-key inputs of the Flink benchmarks, by the {@code model} parameter:
 * <ul>
 * <li>{@code digits}: the Norse-trained 64-128-10 network; key {@code k} shows held-out digit image
 * {@code k mod 360} (64 pixels / 16) as a constant input current. Weights: 35 KB.</li>
 * <li>{@code wide}: 64-512 LIF-512 LIF-10 LI, PyTorch's Linear initialisation (seeded), the digit images
 * as input. Weights: 1.2 MB.</li>
 * <li>{@code large}: 4096-2048 LIF-10 LI (a 64 x 64 sensor's analog frame per step), seeded weights; key
 * {@code k}'s input is a seeded frame of values in [0, 1). Weights: 32 MB, more than this machine's
 * caches, so that one key's step streams them from memory while a batch reuses each weight for every
 * key in it: the case micro-batching exists for.</li>
 * </ul>
 * Element {@code i} of the stream is step {@code i / keys} of key {@code i mod keys}.
 */
final class Workload {
    private Workload() {
    }

    /** The model's network source (loaded once per task). */
    static ModelSource source(String model) {
        return switch (model) {
            case "digits" -> DigitsStream.model(OperatorBenchmark.digitsDir());
            case "wide" -> Workload::wide;
            case "large" -> Workload::large;
            default -> throw new IllegalArgumentException("unknown model " + model + " (digits, wide, large)");
        };
    }

    /** The network itself, loaded here (for the plain library). */
    static SequentialState network(String model) throws Exception {
        return source(model).load();
    }

    /** The numeric mode called {@code name} ({@code exact} or {@code fast}). */
    static Numerics numerics(String name) {
        return switch (name) {
            case "exact" -> Numerics.EXACT;
            case "fast" -> Numerics.FAST;
            default -> throw new IllegalArgumentException("unknown numerics " + name + " (exact, fast)");
        };
    }

    /** Key {@code k}'s input (the same every step), for {@code keys} keys. */
    static float[][] inputs(String model, int keys) throws IOException {
        float[][] x = new float[keys][];
        if (model.equals("large")) {
            for (int k = 0; k < keys; k++) {
                SplittableRandom r = new SplittableRandom(1000L + k);
                x[k] = new float[4096];
                for (int i = 0; i < x[k].length; i++) {
                    x[k][i] = (float) r.nextDouble();
                }
            }
            return x;
        }
        float[][] images = DigitsStream.images(OperatorBenchmark.digitsDir());
        for (int k = 0; k < keys; k++) {
            x[k] = images[k % images.length];
        }
        return x;
    }

    /** The wide network: 64-512 LIF-512 LIF-10 LI, PyTorch's Linear initialisation, seeded. */
    static SequentialState wide() {
        return new SequentialState(Linear.initialized(64, 512, true, 1), Layer.of(new LIFCell()),
                Linear.initialized(512, 512, true, 2), Layer.of(new LIFCell()),
                Linear.initialized(512, 10, true, 3), Layer.of(new LICell()));
    }

    /** The large network: 4096-2048 LIF-10 LI, PyTorch's Linear initialisation, seeded. */
    static SequentialState large() {
        return new SequentialState(Linear.initialized(4096, 2048, true, 1), Layer.of(new LIFCell()),
                Linear.initialized(2048, 10, true, 3), Layer.of(new LICell()));
    }
}
