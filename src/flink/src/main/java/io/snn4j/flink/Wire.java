package io.snn4j.flink;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * The binary pieces shared by this package's serializers (big-endian, Flink's data views): arrays as an
 * {@code int} length (-1 for null) followed by the elements (floats as their raw IEEE bits, so a read value
 * is bit for bit the written one), strings as an {@code int} length (-1 for null) and UTF-16 chars.
 * Lengths are checked on reading against {@link #MAX_LENGTH}, so corrupt bytes give an {@link IOException}
 * naming the field, never a huge allocation. Arrays of 4-byte elements go through a per-thread byte buffer
 * in chunks of {@link #CHUNK} bytes: one bulk write or read per chunk instead of a call per element (a
 * 4096-float input element cost Flink about 14 us to carry with a call per element). Thread-safe.
 */
final class Wire {
    /** The most elements one array or string may hold (16 Mi). */
    static final int MAX_LENGTH = 1 << 24;

    /** Bytes per bulk write or read of an array's elements. */
    static final int CHUNK = 8192;
    /** Big-endian ints in a byte array: the byte order of Flink's {@code writeInt}. */
    private static final VarHandle INT_BE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final ThreadLocal<byte[]> SCRATCH = ThreadLocal.withInitial(() -> new byte[CHUNK]);

    private Wire() {
    }

    static void writeFloats(float[] a, DataOutputView out) throws IOException {
        if (a == null) {
            out.writeInt(-1);
            return;
        }
        out.writeInt(a.length);
        byte[] buf = SCRATCH.get();
        for (int j0 = 0; j0 < a.length; j0 += CHUNK / 4) {
            int n = Math.min(CHUNK / 4, a.length - j0);
            for (int j = 0; j < n; j++) {
                INT_BE.set(buf, 4 * j, Float.floatToRawIntBits(a[j0 + j]));
            }
            out.write(buf, 0, 4 * n);
        }
    }

    static void writeInts(int[] a, DataOutputView out) throws IOException {
        if (a == null) {
            out.writeInt(-1);
            return;
        }
        out.writeInt(a.length);
        byte[] buf = SCRATCH.get();
        for (int j0 = 0; j0 < a.length; j0 += CHUNK / 4) {
            int n = Math.min(CHUNK / 4, a.length - j0);
            for (int j = 0; j < n; j++) {
                INT_BE.set(buf, 4 * j, a[j0 + j]);
            }
            out.write(buf, 0, 4 * n);
        }
    }

    static void writeString(String s, DataOutputView out) throws IOException {
        if (s == null) {
            out.writeInt(-1);
            return;
        }
        out.writeInt(s.length());
        out.writeChars(s);
    }

    /** The length read from {@code in}: -1 (null) or in [0, MAX_LENGTH]; {@code what} names the field in the error. */
    static int readLength(DataInputView in, String type, String what) throws IOException {
        int n = in.readInt();
        if (n < -1 || n > MAX_LENGTH) {
            throw new IOException("corrupt " + type + ": " + what + " has length " + n + " outside [0, " + MAX_LENGTH + "]");
        }
        return n;
    }

    /** Reads an array written by {@link #writeFloats} (null for length -1). */
    static float[] readFloats(DataInputView in, String type, String what) throws IOException {
        return readFloats(in, readLength(in, type, what));
    }

    /** Reads {@code n} floats (null for -1; n already checked). */
    static float[] readFloats(DataInputView in, int n) throws IOException {
        if (n < 0) {
            return null;
        }
        float[] a = new float[n];
        byte[] buf = SCRATCH.get();
        for (int j0 = 0; j0 < n; j0 += CHUNK / 4) {
            int m = Math.min(CHUNK / 4, n - j0);
            in.readFully(buf, 0, 4 * m);
            for (int j = 0; j < m; j++) {
                a[j0 + j] = Float.intBitsToFloat((int) INT_BE.get(buf, 4 * j));
            }
        }
        return a;
    }

    /** Reads an array written by {@link #writeInts} (null for length -1). */
    static int[] readInts(DataInputView in, String type, String what) throws IOException {
        int n = readLength(in, type, what);
        if (n < 0) {
            return null;
        }
        int[] a = new int[n];
        byte[] buf = SCRATCH.get();
        for (int j0 = 0; j0 < n; j0 += CHUNK / 4) {
            int m = Math.min(CHUNK / 4, n - j0);
            in.readFully(buf, 0, 4 * m);
            for (int j = 0; j < m; j++) {
                a[j0 + j] = (int) INT_BE.get(buf, 4 * j);
            }
        }
        return a;
    }

    /** Reads a string written by {@link #writeString} (null for length -1). */
    static String readString(DataInputView in, String type, String what) throws IOException {
        int n = readLength(in, type, what);
        if (n < 0) {
            return null;
        }
        char[] c = new char[n];
        for (int j = 0; j < n; j++) {
            c[j] = in.readChar();
        }
        return new String(c);
    }

    /**
     * Copies one length-prefixed array of 4-byte elements ({@code chars} false) or one string ({@code chars}
     * true) from {@code in} to {@code out}, a chunk at a time through a byte array (a growing output such as
     * Flink's {@code DataOutputSerializer} does not grow for {@code write(DataInputView, int)}).
     */
    static void copyArray(DataInputView in, DataOutputView out, boolean chars, String type, String what) throws IOException {
        int n = readLength(in, type, what);
        out.writeInt(n);
        long bytes = (long) Math.max(n, 0) * (chars ? 2 : 4);
        byte[] buf = SCRATCH.get();
        for (long done = 0; done < bytes; ) {
            int m = (int) Math.min(CHUNK, bytes - done);
            in.readFully(buf, 0, m);
            out.write(buf, 0, m);
            done += m;
        }
    }
}
