package io.snn4j.functional;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;

/**
 * Text forms that read like Norse's (Python and torch) reprs: torch's tensor printing for parameters and
 * Python's float repr for dt. Stateless.
 */
public final class Reprs {
    private Reprs() {
    }

    /**
     * Torch-style tensor text: integer values print as {@code 200.}, others with 4 decimals, switching to
     * scientific notation for very large or very small magnitudes; a vector is bracketed and padded to a
     * common width.
     */
    public static String tensor(float[] values, boolean vector) {
        boolean allInts = true;
        double maxAbs = 0, minAbs = Double.POSITIVE_INFINITY;
        for (float v : values) {
            if (!Float.isFinite(v)) {
                continue;
            }
            if (v != Math.rint(v)) {
                allInts = false;
            }
            double a = Math.abs(v);
            if (a > 0) {
                maxAbs = Math.max(maxAbs, a);
                minAbs = Math.min(minAbs, a);
            }
        }
        boolean sci = maxAbs > 0 && (maxAbs > 1e8 || (!allInts && (minAbs < 1e-4 || maxAbs / minAbs > 1000)));
        String[] parts = new String[values.length];
        int width = 0;
        for (int k = 0; k < values.length; k++) {
            float v = values[k];
            String s;
            if (Float.isNaN(v)) {
                s = "nan";
            } else if (Float.isInfinite(v)) {
                s = v > 0 ? "inf" : "-inf";
            } else if (sci) {
                s = String.format(Locale.ROOT, "%.4e", (double) v);
            } else if (allInts) {
                s = new BigDecimal(v).toBigInteger() + ".";
                if (v == 0 && 1 / v < 0) {
                    s = "-0.";
                }
            } else {
                s = String.format(Locale.ROOT, "%.4f", (double) v);
            }
            parts[k] = s;
            width = Math.max(width, s.length());
        }
        if (!vector) {
            return "tensor(" + parts[0] + ")";
        }
        StringBuilder b = new StringBuilder("tensor([");
        for (int k = 0; k < parts.length; k++) {
            if (k > 0) {
                b.append(", ");
            }
            b.append(" ".repeat(width - parts[k].length())).append(parts[k]);
        }
        return b.append("])").toString();
    }

    /** Python's {@code repr(float)}: shortest round-trip digits, scientific below 1e-4 and from 1e16. */
    public static String pyFloat(double d) {
        if (Double.isNaN(d)) {
            return "nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        if (d == 0) {
            return 1 / d < 0 ? "-0.0" : "0.0";
        }
        BigDecimal bd = new BigDecimal(Double.toString(d)).stripTrailingZeros();
        String digits = bd.unscaledValue().abs().toString();
        int exp = digits.length() - 1 - bd.scale();
        String sign = d < 0 ? "-" : "";
        if (exp < -4 || exp >= 16) {
            String mant = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            return sign + mant + "e" + (exp < 0 ? "-" : "+") + String.format(Locale.ROOT, "%02d", Math.abs(exp));
        }
        String plain = bd.abs().toPlainString();
        if (!plain.contains(".")) {
            plain += ".0";
        }
        return sign + plain;
    }

    /** {@code Name(a=.., b=..)} from ordered fields; strings are quoted as Python does. */
    public static String namedTuple(String name, Map<String, ?> fields) {
        StringBuilder b = new StringBuilder(name).append('(');
        boolean first = true;
        for (Map.Entry<String, ?> e : fields.entrySet()) {
            if (!first) {
                b.append(", ");
            }
            first = false;
            Object v = e.getValue();
            b.append(e.getKey()).append('=');
            if (v instanceof String s) {
                b.append('\'').append(s).append('\'');
            } else if (v instanceof Double dv) {
                b.append(pyFloat(dv));
            } else {
                b.append(v);
            }
        }
        return b.append(')').toString();
    }
}
