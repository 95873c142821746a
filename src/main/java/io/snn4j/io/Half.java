package io.snn4j.io;

/**
 * IEEE 754 binary16 ("half", safetensors {@code F16}, NumPy {@code <f2}) to float32. Every half value is
 * exactly representable as a float, so the conversion is exact. Written by hand because the library's
 * baseline is Java 17 ({@code Float.float16ToFloat} arrived in Java 20). Stateless and thread-safe.
 */
final class Half {
    private Half() {
    }

    /** The float32 value of the binary16 bits {@code h}: NaN stays NaN, infinities and subnormals are exact. */
    static float toFloat(short h) {
        int bits = h & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exp = (bits >>> 10) & 0x1f;
        int mant = bits & 0x3ff;
        if (exp == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f80_0000 | (mant << 13));
        }
        if (exp == 0) {
            // zero or subnormal: mant * 2^-24, exact in float
            float v = mant * 0x1p-24f;
            return sign != 0 ? -v : v;
        }
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }
}
