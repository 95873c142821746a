package io.snn4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snn4j.functional.LIFState;
import io.snn4j.tensor.SparseSpikes;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** The streamed spike event writer and state monitor: the .npy they write, bad input, partial files and resuming. */
class StreamingMonitorsTest {
    @TempDir
    Path tmp;

    private static void rejects(Class<? extends Throwable> type, String part, Executable e) {
        Throwable t = assertThrows(type, e);
        assertTrue(t.getMessage().contains(part), t.getMessage());
    }

    /** The header of a .npy file as the format's specification describes it; returns the dict text. */
    static String checkHeader(byte[] b) {
        assertArrayEquals(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}, Arrays.copyOf(b, 8), "magic and version 1.0");
        int len = ByteBuffer.wrap(b, 8, 2).order(ByteOrder.LITTLE_ENDIAN).getShort() & 0xffff;
        assertEquals(0, (10 + len) % 64, "data aligned to 64 bytes");
        assertEquals('\n', b[10 + len - 1], "header ends in a newline");
        String dict = new String(b, 10, len, StandardCharsets.ISO_8859_1);
        assertTrue(dict.substring(0, dict.length() - 1).chars().allMatch(c -> c >= 0x20 && c < 0x7f), "printable ASCII");
        assertEquals(dict.stripTrailing().length(), dict.indexOf('}') + 1, "padded with spaces after the dict");
        return dict.strip();
    }

    @Test
    void spikeEventsAreAnInt32NpyOfStepAndNeuron() throws IOException {
        Path f = tmp.resolve("events.npy");
        int[][] expected = new int[1500 * 3][];
        int n = 0;
        SplittableRandom r = new SplittableRandom(1);
        try (SpikeEventWriter w = SpikeEventWriter.create(f, 100_000)) {
            for (int t = 0; t < 1500; t++) {
                int[] fired = r.ints(3, 0, 100_000).sorted().distinct().toArray();
                w.write(t, fired);
                for (int j : fired) {
                    expected[n++] = new int[] {t, j};
                }
                assertFalse(Files.exists(f), "nothing under the target's name before finish");
            }
            assertEquals(n, w.events());
            w.finish();
        }
        assertFalse(Files.exists(PartialFile.of(f)));
        byte[] bytes = Files.readAllBytes(f);
        assertEquals("{'descr': '<i4', 'fortran_order': False, 'shape': (" + n + ", 2), }", checkHeader(bytes));
        assertEquals(StreamedNpy.HEADER_BYTES + 8L * n, bytes.length);
        NpyArray a = NumPy.readNpy(f);
        assertEquals("<i4", a.dtype());
        assertArrayEquals(new int[] {n, 2}, a.shape());
        long[] v = a.toLongArray();
        for (int k = 0; k < n; k++) {
            assertEquals(expected[k][0], v[2 * k], "step of event " + k);
            assertEquals(expected[k][1], v[2 * k + 1], "neuron of event " + k);
        }
    }

    @Test
    void eventsFromSparseSpikesAndFromAState() throws IOException {
        Path f = tmp.resolve("e.npy");
        // (T=3, B=2, N=4): row b of a step is neurons b * 4 + j
        SparseSpikes s = SparseSpikes.fromIndices(new int[] {3, 2, 4}, new int[][] {{1, 3}, {0}, {}, {}, {2}, {1, 2}});
        LIFState state = new LIFState(2, 4);
        state.buffer("z")[1] = 1f;
        state.buffer("z")[6] = 1f;
        try (SpikeEventWriter w = SpikeEventWriter.create(f, 8)) {
            w.write(10, s);
            w.write(13, state);
            w.write(14, new int[] {7, 0}, 0); // count 0: nothing
            w.finish();
        }
        assertArrayEquals(new long[] {10, 1, 10, 3, 10, 4, 12, 2, 12, 5, 12, 6, 13, 1, 13, 6}, NumPy.readNpy(f).toLongArray());
        // an empty run is a (0, 2) array
        Path empty = tmp.resolve("none.npy");
        SpikeEventWriter w = SpikeEventWriter.create(empty, 5);
        w.finish();
        assertArrayEquals(new int[] {0, 2}, NumPy.readNpy(empty).shape());
    }

    @Test
    void badEventsAreRejectedAndWriteNothing() throws IOException {
        Path f = tmp.resolve("e.npy");
        SpikeEventWriter w = SpikeEventWriter.create(f, 10);
        w.write(5, new int[] {2, 4});
        rejects(IllegalArgumentException.class, "neuron 10 at step 6 is outside [0, 10)", () -> w.write(6, new int[] {1, 10}));
        rejects(IllegalArgumentException.class, "neuron -1 at step 6 is outside", () -> w.write(6, new int[] {-1}));
        rejects(IllegalArgumentException.class, "neuron 3 at step 6 spikes twice", () -> w.write(6, new int[] {3, 3}));
        rejects(IllegalArgumentException.class, "comes after neuron 4", () -> w.write(6, new int[] {4, 1}));
        rejects(IllegalArgumentException.class, "neuron 4 at step 5 spikes twice", () -> w.write(5, new int[] {4}));
        rejects(IllegalArgumentException.class, "step 4 is before step 5", () -> w.write(4, new int[] {1}));
        rejects(IllegalArgumentException.class, "neurons per step, the writer 10",
                () -> w.write(6, SparseSpikes.fromIndices(new int[] {1, 1, 11}, new int[][] {{0}})));
        // a chunk that starts at the last written step must continue its neurons
        rejects(IllegalArgumentException.class, "neuron 1 at step 5 comes after neuron 4",
                () -> w.write(5, SparseSpikes.fromIndices(new int[] {2, 1, 10}, new int[][] {{1}, {2}})));
        LIFState big = new LIFState(1, 11);
        rejects(IllegalArgumentException.class, "the state has 11 neurons, the writer 10", () -> w.write(6, big));
        LIFState st = new LIFState(1, 10);
        st.buffer("z")[4] = 1f;
        rejects(IllegalArgumentException.class, "neuron 4 at step 5 spikes twice", () -> w.write(5, st));
        w.write(5, new int[] {7}); // later neurons of the same step are fine
        assertEquals(3, w.events());
        rejects(IllegalArgumentException.class, "at least one neuron", () -> SpikeEventWriter.create(tmp.resolve("x.npy"), 0));
        w.finish();
        rejects(IllegalStateException.class, "is closed", () -> w.write(6, new int[] {1}));
        rejects(IllegalStateException.class, "is closed", w::finish);
        assertArrayEquals(new long[] {5, 2, 5, 4, 5, 7}, NumPy.readNpy(f).toLongArray());
    }

    @Test
    void anUnfinishedFileNeverLooksComplete() throws IOException {
        Path f = tmp.resolve("e.npy");
        try (SpikeEventWriter w = SpikeEventWriter.create(f, 10)) {
            w.write(0, new int[] {1, 2});
            // an exception here: try-with-resources closes without finishing
        }
        assertFalse(Files.exists(f));
        Path partial = PartialFile.of(f);
        assertTrue(Files.exists(partial));
        rejects(MalformedFileException.class, "bad magic", () -> NumPy.readNpy(partial));
        SpikeEventWriter d = SpikeEventWriter.create(f, 10);
        d.write(0, new int[] {1});
        d.discard();
        assertFalse(Files.exists(partial));
        assertFalse(Files.exists(f));
    }

    @Test
    void resumingCutsTheEventsAfterTheCheckpoint() throws IOException {
        Path f = tmp.resolve("e.npy");
        SpikeEventWriter w = SpikeEventWriter.create(f, 10);
        w.write(0, new int[] {1, 2});
        w.write(3, new int[] {9});
        w.sync(); // a checkpoint at step 4 counts 3 events
        for (int t = 4; t < 2000; t++) {
            w.write(t, new int[] {t % 10}); // written after the checkpoint, more than one buffer's worth
        }
        w.close(); // killed
        rejects(MalformedFileException.class, "holds", () -> SpikeEventWriter.resume(f, 10, 3000, 4000));
        rejects(MalformedFileException.class, "is not an event of 10 neurons before step 3",
                () -> SpikeEventWriter.resume(f, 10, 3, 3));
        try (SpikeEventWriter r = SpikeEventWriter.resume(f, 10, 3, 4)) {
            assertEquals(3, r.events());
            rejects(IllegalArgumentException.class, "step 3 is before step 4", () -> r.write(3, new int[] {5}));
            r.write(4, new int[] {0});
            r.finish();
        }
        assertArrayEquals(new long[] {0, 1, 0, 2, 3, 9, 4, 0}, NumPy.readNpy(f).toLongArray());
        rejects(FileNotFoundException.class, "is missing", () -> SpikeEventWriter.resume(f, 10, 0, 0));
        StateMonitor m = StateMonitor.create(tmp.resolve("v.npy"), "v", new int[] {0}, 10);
        m.close();
        rejects(MalformedFileException.class, "not a partial <i4 file",
                () -> SpikeEventWriter.resume(tmp.resolve("v.npy"), 10, 0, 0));
    }

    @Test
    void stateMonitorRecordsChosenNeuronsEveryStep() throws IOException {
        Path f = tmp.resolve("v.npy");
        LIFState s = new LIFState(2, 3); // flat indices 0..5
        int[] chosen = {5, 0, 3};
        float[][] expected = new float[40][];
        try (StateMonitor m = StateMonitor.create(f, "v", chosen, 6)) {
            for (int t = 0; t < 40; t++) {
                float[] v = s.buffer("v");
                for (int j = 0; j < 6; j++) {
                    v[j] = t * 0.25f - j * 1.5f;
                }
                expected[t] = new float[] {v[5], v[0], v[3]};
                m.record(s);
            }
            assertEquals(40, m.steps());
            m.finish();
        }
        byte[] bytes = Files.readAllBytes(f);
        assertEquals("{'descr': '<f4', 'fortran_order': False, 'shape': (40, 3), }", checkHeader(bytes));
        NpyArray a = NumPy.readNpy(f);
        assertArrayEquals(new int[] {40, 3}, a.shape());
        float[] got = a.toTensor().data();
        for (int t = 0; t < 40; t++) {
            assertArrayEquals(expected[t], Arrays.copyOfRange(got, 3 * t, 3 * t + 3), "step " + t);
        }
    }

    @Test
    void stateMonitorRejectsBadArgumentsAndResumes() throws IOException {
        Path f = tmp.resolve("v.npy");
        rejects(IllegalArgumentException.class, "neuron 6 is outside [0, 6)", () -> StateMonitor.create(f, "v", new int[] {1, 6}, 6));
        rejects(IllegalArgumentException.class, "neuron -2 is outside", () -> StateMonitor.create(f, "v", new int[] {-2}, 6));
        rejects(IllegalArgumentException.class, "neuron 2 is listed twice", () -> StateMonitor.create(f, "v", new int[] {2, 1, 2}, 6));
        rejects(IllegalArgumentException.class, "at least one neuron", () -> StateMonitor.create(f, "v", new int[0], 6));
        assertFalse(Files.exists(PartialFile.of(f)), "a rejected monitor creates no file");
        StateMonitor m = StateMonitor.create(f, "v", new int[] {1, 2}, 6);
        rejects(IllegalArgumentException.class, "the state has 4 neurons, the monitor 6", () -> m.record(new LIFState(1, 4)));
        rejects(IllegalArgumentException.class, "got 5 values", () -> m.record(new float[5]));
        rejects(IllegalArgumentException.class, "nope", () -> StateMonitor.create(tmp.resolve("w.npy"), "nope", new int[] {0}, 6)
                .record(new LIFState(1, 6)));
        for (int t = 0; t < 5; t++) {
            m.record(new float[] {0, t, -t, 0, 0, 0});
        }
        m.sync(); // checkpoint after 5 steps
        m.record(new float[] {0, 99, 99, 0, 0, 0});
        m.close();
        assertEquals(0, m.steps() - 6);
        rejects(IllegalStateException.class, "is closed", () -> m.record(new float[6]));
        rejects(MalformedFileException.class, "not a partial <f4 file with rows of shape [3]",
                () -> StateMonitor.resume(f, "v", new int[] {1, 2, 3}, 6, 5));
        try (StateMonitor r = StateMonitor.resume(f, "v", new int[] {1, 2}, 6, 5)) {
            r.record(new float[] {0, 5, -5, 0, 0, 0});
            r.finish();
        }
        assertArrayEquals(new float[] {0, 0, 1, -1, 2, -2, 3, -3, 4, -4, 5, -5}, NumPy.readNpy(f).toTensor().data());
    }

    @Test
    void aWideTraceRowSpansSeveralBuffers() throws IOException {
        // 20,000 columns: one row is 80 KB, more than the 64 KiB buffer
        int k = 20_000;
        int[] all = new int[k];
        float[] v = new float[k];
        for (int j = 0; j < k; j++) {
            all[j] = k - 1 - j;
            v[j] = j;
        }
        Path f = tmp.resolve("wide.npy");
        try (StateMonitor m = StateMonitor.create(f, "v", all, k)) {
            m.record(v);
            m.record(v);
            m.finish();
        }
        float[] got = NumPy.readNpy(f).toTensor().data();
        for (int j = 0; j < k; j++) {
            assertEquals(k - 1 - j, got[j]);
            assertEquals(k - 1 - j, got[k + j]);
        }
    }
}
