package io.snn4j.io;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.snn4j.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Mutates valid safetensors, .npy (C and Fortran order) and .npz files (bit flips, truncations,
 * overwritten length fields, inserted bytes) for 16,000 seeded iterations: every result must be a
 * successful read or a clean IOException; nothing else (no OutOfMemoryError, no
 * NegativeArraySizeException, no IndexOutOfBoundsException).
 */
class FuzzTest {
    static final int ITERATIONS = 4000;
    static final long LIMIT = 1 << 20;

    interface Parser {
        Object parse(byte[] bytes) throws IOException;
    }

    static byte[] mutate(byte[] valid, SplittableRandom r, int[] lengthFields) {
        byte[] b = valid.clone();
        switch (r.nextInt(5)) {
            case 0 -> {
                int flips = 1 + r.nextInt(8);
                for (int k = 0; k < flips; k++) {
                    int at = r.nextInt(b.length);
                    b[at] ^= (byte) (1 << r.nextInt(8));
                }
            }
            case 1 -> b = Arrays.copyOf(b, r.nextInt(b.length));
            case 2 -> {
                // overwrite a length field with an awkward value
                int at = lengthFields[r.nextInt(lengthFields.length)];
                long[] awkward = {0, 1, -1, Integer.MAX_VALUE, Integer.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE, b.length,
                    b.length - 9, 1L << 32, r.nextLong()};
                long v = awkward[r.nextInt(awkward.length)];
                ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
                if (at + 8 <= b.length && r.nextBoolean()) {
                    bb.putLong(at, v);
                } else if (at + 4 <= b.length) {
                    bb.putInt(at, (int) v);
                } else if (at + 2 <= b.length) {
                    bb.putShort(at, (short) v);
                }
            }
            case 3 -> {
                int at = r.nextInt(b.length);
                byte[] c = new byte[b.length + 1 + r.nextInt(16)];
                System.arraycopy(b, 0, c, 0, at);
                for (int k = at; k < at + c.length - b.length; k++) {
                    c[k] = (byte) r.nextInt(256);
                }
                System.arraycopy(b, at, c, at + c.length - b.length, b.length - at);
                b = c;
            }
            default -> {
                // replace a random run with random bytes
                int at = r.nextInt(b.length);
                int len = Math.min(b.length - at, 1 + r.nextInt(32));
                for (int k = at; k < at + len; k++) {
                    b[k] = (byte) r.nextInt(256);
                }
            }
        }
        return b;
    }

    static void fuzz(String format, byte[] valid, int[] lengthFields, long seed, Parser parser) {
        SplittableRandom r = new SplittableRandom(seed);
        int ok = 0, rejected = 0;
        for (int it = 0; it < ITERATIONS; it++) {
            byte[] b = mutate(valid, r, lengthFields);
            try {
                parser.parse(b);
                ok++;
            } catch (IOException e) {
                rejected++;
                assertTrue(e.getMessage() != null && e.getMessage().contains("fuzz"), "message names the file: " + e.getMessage());
            } catch (Throwable t) {
                fail(format + " iteration " + it + " (seed " + seed + "): " + t + " instead of an IOException", t);
            }
        }
        assertTrue(rejected > ITERATIONS / 4, format + ": only " + rejected + " of " + ITERATIONS + " mutations rejected");
        assertTrue(ok + rejected == ITERATIONS);
    }

    static Map<String, Tensor> tensors() {
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put("weight", FormatsTest.random(11, 6, 5));
        m.put("bias", FormatsTest.random(12, 6));
        m.put("tau", Tensor.scalar(0.01f));
        return m;
    }

    @Test
    void safetensors() {
        byte[] valid = SafeTensors.toBytes(tensors(), Map.of("format", "pt"));
        long n = ByteBuffer.wrap(valid).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        fuzz("safetensors", valid, new int[] {0, 4, 8, 20, (int) n / 2, (int) n}, 0xF0221L,
                b -> SafeTensors.parse(b, "fuzz.safetensors", LIMIT));
    }

    @Test
    void npy() {
        byte[] valid = NumPy.toNpyBytes(FormatsTest.random(13, 4, 7));
        fuzz("npy", valid, new int[] {6, 8, 10, 40, 60}, 0xF0222L, b -> NumPy.parseNpy(b, "fuzz.npy", LIMIT));
    }

    @Test
    void fortranOrderNpy() {
        // the transposing read path: positions computed from the (mutated) shape must stay inside the data
        byte[] valid = FormatsTest.fortranNpy("<f8", 3, 4, 5);
        fuzz("fortran npy", valid, new int[] {6, 8, 10, 40, 60}, 0xF0224L, b -> NumPy.parseNpy(b, "fuzz.npy", LIMIT));
    }

    @Test
    void npz() throws IOException {
        java.nio.file.Path f = java.nio.file.Files.createTempFile("fuzz", ".npz");
        try {
            NumPy.writeNpz(f, tensors());
            byte[] valid = java.nio.file.Files.readAllBytes(f);
            // zip local header: sizes at 18 and 22, name length at 26; the second entry's header further on
            int second = 30 + "weight.npy".length() + NumPy.toNpyBytes(tensors().get("weight")).length;
            fuzz("npz", valid, new int[] {18, 22, 26, second + 18, second + 22, valid.length - 10, valid.length - 6},
                    0xF0223L, b -> NumPy.parseNpz(b, "fuzz.npz", LIMIT));
        } finally {
            java.nio.file.Files.deleteIfExists(f);
        }
    }
}
