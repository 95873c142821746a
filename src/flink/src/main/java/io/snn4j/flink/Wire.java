package io.snn4j.flink;

import java.io.IOException;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * The binary pieces shared by this package's serializers (big-endian, Flink's data views): arrays as an
 * {@code int} length (-1 for null) followed by the elements (floats as their raw IEEE bits, so a read value
 * is bit for bit the written one), strings as an {@code int} length (-1 for null) and UTF-16 chars.
 * Lengths are checked on reading against {@link #MAX_LENGTH}, so corrupt bytes give an {@link IOException}
 * naming the field, never a huge allocation. Stateless; thread-safe.
 */
final class Wire {
    /** The most elements one array or string may hold (16 Mi). */
    static final int MAX_LENGTH = 1 << 24;

    private Wire() {
    }

    static void writeFloats(float[] a, DataOutputView out) throws IOException {
        if (a == null) {
            out.writeInt(-1);
            return;
        }
        out.writeInt(a.length);
        for (float v : a) {
            out.writeInt(Float.floatToRawIntBits(v));
        }
    }

    static void writeInts(int[] a, DataOutputView out) throws IOException {
        if (a == null) {
            out.writeInt(-1);
            return;
        }
        out.writeInt(a.length);
        for (int v : a) {
            out.writeInt(v);
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
        for (int j = 0; j < n; j++) {
            a[j] = Float.intBitsToFloat(in.readInt());
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
        for (int j = 0; j < n; j++) {
            a[j] = in.readInt();
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
     * true) from {@code in} to {@code out}, element by element (a growing output such as Flink's
     * {@code DataOutputSerializer} does not grow for a bulk copy from a view).
     */
    static void copyArray(DataInputView in, DataOutputView out, boolean chars, String type, String what) throws IOException {
        int n = readLength(in, type, what);
        out.writeInt(n);
        for (int j = 0; j < n; j++) {
            if (chars) {
                out.writeChar(in.readChar());
            } else {
                out.writeInt(in.readInt());
            }
        }
    }
}
