package io.snn4j.flink.example;

import io.snn4j.flink.ModelSource;
import io.snn4j.flink.Readout;
import io.snn4j.flink.SnnInference;
import io.snn4j.flink.StepInput;
import io.snn4j.flink.StepOutput;
import io.snn4j.io.NumPy;
import io.snn4j.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;

/**
 * The example job: the Norse-trained digits network (Linear 64-128, LIF, Linear 128-10, LI) over a
 * synthetic stream of {@code keys} streams. Key {@code k} is a sensor that shows digit image
 * {@code k mod 360} of the held-out set as a constant input current for {@code steps} steps (Norse's
 * encoding); element {@code i} of the stream is step {@code i / keys} of key {@code i mod keys}. The
 * readout is Norse's decoder (the class with the largest LI voltage over time), so a key's last output
 * is the network's prediction for its image. Prints the throughput (steps per second over all keys)
 * and, for a few keys, the prediction next to the true label.
 *
 * <p>Usage: {@code DigitsStream DIGITS_DIR [--keys N] [--steps T] [--batch B] [--parallelism P]}, where
 * {@code DIGITS_DIR} holds {@code model.json}, {@code digits.safetensors}, {@code test_inputs.npy} and
 * {@code test_labels.npy}. Runs on a local mini-cluster (Flink's local environment).
 */
public final class DigitsStream {
    private DigitsStream() {
    }

    /** The held-out digit images, one float[64] each (pixel / 16, as the network was trained). */
    public static float[][] images(Path digitsDir) throws IOException {
        Tensor x = NumPy.readNpy(digitsDir.resolve("test_inputs.npy")).toTensor();
        float[][] images = new float[x.dim(0)][];
        for (int s = 0; s < images.length; s++) {
            images[s] = x.step(s).toArray();
        }
        return images;
    }

    /** The digits model of {@code digitsDir}. */
    public static ModelSource model(Path digitsDir) {
        return ModelSource.files(digitsDir.resolve("model.json").toString(), digitsDir.resolve("digits.safetensors").toString());
    }

    /**
     * The synthetic stream: {@code keys * steps} elements from one source task (so every key's steps are
     * in order), at most {@code perSecond} per second (0: as fast as possible).
     */
    public static DataStream<StepInput> source(StreamExecutionEnvironment env, float[][] images, int keys, int steps,
            double perSecond) {
        DataGeneratorSource<StepInput> src = new DataGeneratorSource<>(i -> {
            int k = (int) (i % keys);
            return StepInput.dense("sensor-" + k, i / keys, images[k % images.length]);
        }, (long) keys * steps, perSecond > 0 ? RateLimiterStrategy.perSecond(perSecond) : RateLimiterStrategy.noOp(),
                TypeInformation.of(StepInput.class));
        return env.fromSource(src, WatermarkStrategy.noWatermarks(), "digit sensors").setParallelism(1);
    }

    /** Runs the example; see the class comment for the arguments. */
    public static void main(String[] args) throws Exception {
        if (args.length < 1 || args[0].startsWith("--")) {
            System.err.println("usage: DigitsStream DIGITS_DIR [--keys N] [--steps T] [--batch B] [--parallelism P]");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        int keys = 2000, steps = 32, batch = 64, parallelism = 1;
        for (int a = 1; a + 1 < args.length; a += 2) {
            int v = Integer.parseInt(args[a + 1]);
            switch (args[a]) {
                case "--keys" -> keys = v;
                case "--steps" -> steps = v;
                case "--batch" -> batch = v;
                case "--parallelism" -> parallelism = v;
                default -> throw new IllegalArgumentException("unknown option " + args[a]);
            }
        }
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("the digits folder " + dir + " does not exist");
        }
        float[][] images = images(dir);
        long[] labels = NumPy.readNpy(dir.resolve("test_labels.npy")).toLongArray();

        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(parallelism);
        int lastStep = steps;
        DataStream<StepOutput> last = SnnInference.builder(model(dir))
                .readout(Readout.classMaxOverTime())
                .maxBatch(batch)
                .flushInterval(Duration.ofMillis(20))
                .stateTtl(Duration.ofMinutes(10))
                .apply(source(env, images, keys, steps, 0).keyBy(s -> s.key))
                .filter(o -> o.keySteps == lastStep);          // each key's prediction after its last step

        System.out.printf("snn4j on Flink: digits network, %d keys x %d steps, micro-batches of up to %d keys, parallelism %d%n",
                keys, steps, batch, parallelism);
        List<StepOutput> outs = new ArrayList<>();
        long t0 = System.nanoTime();
        CloseableIterator<StepOutput> it = last.collectAsync();
        JobClient job = env.executeAsync("snn4j digits example");
        it.forEachRemaining(outs::add);
        double seconds = (System.nanoTime() - t0) / 1e9;
        // the job's own run time: from its start on the cluster to its end (the mini-cluster's start-up excluded)
        double jobSeconds = job.getJobExecutionResult().get().getNetRuntime() / 1e3;
        it.close();
        long total = (long) keys * steps;
        outs.sort((a, b) -> Integer.compare(index(a.key), index(b.key)));
        int correct = 0;
        for (StepOutput o : outs) {
            correct += o.label == labels[index(o.key) % images.length] ? 1 : 0;
        }
        System.out.printf("%d steps of %d keys: %.2f s in the job, %.0f steps/s (%.2f s with the mini-cluster's start-up)%n",
                total, outs.size(), jobSeconds, total / jobSeconds, seconds);
        System.out.printf("predictions after %d steps: %d of %d keys show their image's label (%.1f %%)%n", steps, correct,
                outs.size(), 100.0 * correct / Math.max(1, outs.size()));
        for (StepOutput o : outs.subList(0, Math.min(5, outs.size()))) {
            System.out.printf("  %s: class %d (max LI voltage %.4f), true label %d%n", o.key, o.label, o.score,
                    labels[index(o.key) % images.length]);
        }
    }

    private static int index(String key) {
        return Integer.parseInt(key.substring(key.lastIndexOf('-') + 1));
    }
}
