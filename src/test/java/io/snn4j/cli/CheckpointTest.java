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
}
