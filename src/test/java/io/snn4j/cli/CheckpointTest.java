package io.snn4j.cli;

import static io.snn4j.cli.CliTest.snn;
import static io.snn4j.cli.CliTest.usageError;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snn4j.io.Json;
import io.snn4j.io.MalformedFileException;
import io.snn4j.io.SafeTensors;
import io.snn4j.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checkpoint file: exact integer records, safetensors layout, and damaged or foreign files. */
class CheckpointTest {
    @TempDir
    Path tmp;

    /** The JSON header of a safetensors file. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> header(Path file) throws IOException {
        byte[] b = Files.readAllBytes(file);
        long n = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        return (Map<String, Object>) Json.parse(new String(b, 8, (int) n, StandardCharsets.UTF_8), file.toString());
    }

    @Test
    @SuppressWarnings("unchecked")
    void theDemoStoresSpikeTimesAndNeuronsAsInt32() throws IOException {
        Path ck = tmp.resolve("d.ckpt");
        assertEquals(Main.INTERRUPTED, snn("demo", "--quiet", "--neurons", "1000", "--steps", "300", "--out",
                tmp.resolve("r.png").toString(), "--checkpoint", ck.toString(), "--stop-after", "200").status());
        Map<String, Object> h = header(ck);
        assertEquals("I32", ((Map<String, Object>) h.get("spikes.time")).get("dtype"));
        assertEquals("I32", ((Map<String, Object>) h.get("spikes.neuron")).get("dtype"));
        assertEquals("F32", ((Map<String, Object>) h.get("state.v")).get("dtype"));
        Checkpoint c = Checkpoint.read(ck, "demo");
        int[] times = c.ints().get("spikes.time"), neurons = c.ints().get("spikes.neuron");
        assertEquals(times.length, neurons.length);
        assertTrue(times.length > 100, "spikes recorded: " + times.length);
        assertTrue(Arrays.stream(times).allMatch(t -> t >= 0 && t < 200) && Arrays.stream(neurons).allMatch(j -> j >= 0 && j < 1000));
    }

    @Test
    void integersPastTwoToThe24RoundTripExactly() throws IOException {
        int[] big = {16_777_217, 16_777_219, Integer.MAX_VALUE - 1, 0};
        Map<String, int[]> ints = new LinkedHashMap<>();
        ints.put("spikes.time", big);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("state.v", Tensor.of(new float[] {0.25f, -1.5f, Float.MIN_VALUE}, 1, 3));
        Path f = tmp.resolve("c.ckpt");
        new Checkpoint(tensors, ints, Map.of("command", "demo", "step", "7")).write(f);
        Checkpoint c = Checkpoint.read(f, "demo");
        assertArrayEquals(big, c.ints().get("spikes.time"));
        assertEquals(tensors.get("state.v"), c.tensors().get("state.v"));
        assertEquals(7, c.getInt("step", 0, 10, f));
        assertThrows(MalformedFileException.class, () -> c.getInt("step", 8, 10, f));
        assertThrows(MalformedFileException.class, () -> Checkpoint.read(f, "run"));
    }

    @Test
    void damagedOldAndForeignCheckpointsAreRefusedWithTheirName() throws IOException {
        // a format-1 checkpoint (spike times as float32)
        Path old = tmp.resolve("old.ckpt");
        SafeTensors.write(old, Map.of("state.v", Tensor.zeros(1, 100)), Map.of("format", "snn4j-checkpoint-1",
                "command", "demo", "step", "10"));
        usageError(snn("demo", "--quiet", "--neurons", "100", "--steps", "50", "--resume", old.toString()), "older format");
        // any other safetensors file
        Path other = tmp.resolve("w.safetensors");
        SafeTensors.write(other, Map.of("w", Tensor.zeros(2)), Map.of());
        usageError(snn("demo", "--quiet", "--neurons", "100", "--steps", "50", "--resume", other.toString()),
                other + ": not an snn4j checkpoint");
        // truncated
        Path ck = tmp.resolve("d.ckpt");
        assertEquals(Main.INTERRUPTED, snn("demo", "--quiet", "--neurons", "100", "--steps", "50", "--out",
                tmp.resolve("r.png").toString(), "--checkpoint", ck.toString(), "--stop-after", "20").status());
        byte[] b = Files.readAllBytes(ck);
        Path cut = tmp.resolve("cut.ckpt");
        Files.write(cut, Arrays.copyOf(b, b.length - 3));
        usageError(snn("demo", "--quiet", "--neurons", "100", "--steps", "50", "--resume", cut.toString()), "truncated?");
        // a spike of a neuron the network does not have
        Checkpoint c = Checkpoint.read(ck, "demo");
        Map<String, int[]> ints = new LinkedHashMap<>(c.ints());
        int[] neurons = ints.get("spikes.neuron").clone();
        int[] times = ints.get("spikes.time");
        Map<String, int[]> bad = new LinkedHashMap<>();
        bad.put("spikes.time", times.length > 0 ? times : new int[] {3});
        int[] n2 = neurons.length > 0 ? neurons : new int[1];
        n2[0] = 100;
        bad.put("spikes.neuron", n2);
        Path wrong = tmp.resolve("wrong.ckpt");
        new Checkpoint(c.tensors(), bad, c.metadata()).write(wrong);
        usageError(snn("demo", "--quiet", "--neurons", "100", "--steps", "50", "--out", tmp.resolve("r2.png").toString(),
                "--resume", wrong.toString()), "neuron 100");
        // a folder
        usageError(snn("demo", "--quiet", "--neurons", "100", "--steps", "50", "--resume", tmp.toString()), "is a folder");
    }

    /** The digits model copied into tmp (it names digits.safetensors), and an input of two samples. */
    private Path[] digitsCopy() throws IOException {
        Path src = TrainCommandTest.resources();
        Files.copy(src.resolve("model.json"), tmp.resolve("model.json"));
        Files.copy(src.resolve("digits.safetensors"), tmp.resolve("digits.safetensors"));
        Tensor x = io.snn4j.io.NumPy.readNpy(src.resolve("test_inputs.npy")).toTensor();
        Path in = tmp.resolve("in.npy");
        io.snn4j.io.NumPy.writeNpy(in, Tensor.of(Arrays.copyOf(x.toArray(), 2 * 64), 2, 64));
        return new Path[] {tmp.resolve("model.json"), in};
    }

    private CliTest.Result run(Path model, Path in, String... more) {
        String[] base = {"run", "--quiet", "--model", model.toString(), "--input", in.toString(), "--steps", "20", "--output",
            tmp.resolve("o.npy").toString(), "--checkpoint", tmp.resolve("r.ckpt").toString()};
        return snn(CliTest.concat(base, more));
    }

    @Test
    void resumingWithOtherWeightsUnderTheSameNameIsRefused() throws IOException {
        Path[] f = digitsCopy();
        assertEquals(Main.INTERRUPTED, run(f[0], f[1], "--stop-after", "5").status());
        // the weights the JSON names are replaced by others of the same name and shape
        Map<String, Tensor> w = new LinkedHashMap<>(SafeTensors.read(tmp.resolve("digits.safetensors")).tensors());
        Tensor b = w.get("0.bias").copy();
        b.data()[0] += 1f;
        w.put("0.bias", b);
        SafeTensors.write(tmp.resolve("digits.safetensors"), w, Map.of());
        usageError(run(f[0], f[1], "--resume", tmp.resolve("r.ckpt").toString()), "made with another weights");
        assertEquals(Main.INTERRUPTED, snn("run", "--quiet", "--model", f[0].toString(), "--input", f[1].toString(), "--steps",
                "20", "--output", tmp.resolve("o2.npy").toString(), "--checkpoint", tmp.resolve("r2.ckpt").toString(),
                "--stop-after", "5").status());
        // and the same through --weights
        Path other = tmp.resolve("other.safetensors");
        SafeTensors.write(other, SafeTensors.read(TrainCommandTest.resources().resolve("digits.safetensors")).tensors(), Map.of());
        usageError(snn("run", "--quiet", "--model", f[0].toString(), "--weights", other.toString(), "--input", f[1].toString(),
                "--steps", "20", "--output", tmp.resolve("o2.npy").toString(), "--resume", tmp.resolve("r2.ckpt").toString()),
                "another weights");
    }

    @Test
    void resumingWithAnotherInputUnderTheSameNameIsRefused() throws IOException {
        Path[] f = digitsCopy();
        assertEquals(Main.INTERRUPTED, run(f[0], f[1], "--stop-after", "5").status());
        Tensor x = io.snn4j.io.NumPy.readNpy(f[1]).toTensor();
        x.data()[3] += 0.5f;
        io.snn4j.io.NumPy.writeNpy(f[1], x);
        CliTest.Result r = run(f[0], f[1], "--resume", tmp.resolve("r.ckpt").toString());
        usageError(r, "made with another input");
        assertTrue(r.err().contains(tmp.resolve("r.ckpt").toString()), r.err());
        // the model itself, edited under the same name
        Files.writeString(f[0], Files.readString(f[0]).replace("\"norse-digits-snn\"", "\"renamed\""));
        x.data()[3] -= 0.5f;
        io.snn4j.io.NumPy.writeNpy(f[1], x);
        usageError(run(f[0], f[1], "--resume", tmp.resolve("r.ckpt").toString()), "made with another model");
    }
}
