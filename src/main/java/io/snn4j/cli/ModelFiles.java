package io.snn4j.cli;

import io.snn4j.io.NirImporter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * What the commands check about a {@code --model} file before reading it: that a JSON description is
 * not some other kind of file (a {@code .npy} given as the model used to fail with "Input length = 1"),
 * the {@code --nir-mode} names, and whether a NIR file looks like Norse's export. Stateless and
 * thread-safe.
 */
final class ModelFiles {
    private ModelFiles() {
    }

    /** Whether {@code file} is named as a NIR graph. */
    static boolean isNir(Path file) {
        return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".nir");
    }

    /**
     * Refuses a {@code --model} that should be a JSON description but is a binary file, naming what it looks
     * like (by its first bytes: NumPy, zip/npz, HDF5/NIR, safetensors, or any non-text data).
     */
    static void requireJsonDescription(String option, Path file) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(16);
        }
        String kind = null;
        if (head.length >= 6 && (head[0] & 0xff) == 0x93 && new String(head, 1, 5, java.nio.charset.StandardCharsets.ISO_8859_1)
                .equals("NUMPY")) {
            kind = "a NumPy .npy array";
        } else if (head.length >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) {
            kind = "a zip file (an .npz?)";
        } else if (head.length >= 8 && (head[0] & 0xff) == 0x89 && head[1] == 'H' && head[2] == 'D' && head[3] == 'F') {
            kind = "an HDF5 file (a NIR graph? name it .nir)";
        } else if (head.length >= 9 && ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN).getLong(0) > 0 && head[7] == 0
                && head[8] == '{') {
            kind = "a safetensors file (weights go to --weights)";
        } else {
            for (byte b : head) {
                if (b == 0) {
                    kind = "binary data";
                    break;
                }
            }
        }
        if (kind != null) {
            throw new IllegalArgumentException(option + " " + file + " is " + kind + ", not a JSON model description; "
                    + option + " takes a model.json (weights from --weights or the file it names) or a .nir graph");
        }
    }

    /** The message for a description that is not UTF-8 text. */
    static IllegalArgumentException notText(String option, Path file, Exception cause) {
        return new IllegalArgumentException(option + " " + file + " is not UTF-8 text, so not a JSON model description; "
                + option + " takes a model.json or a .nir graph", cause);
    }

    /** The constant of enum {@code type} named {@code text} (any case, '-' for '_'), else an error naming the option. */
    static <E extends Enum<E>> E option(Class<E> type, String text, String option) {
        String t = text.strip().replace('-', '_');
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(t)) {
                return e;
            }
        }
        throw new IllegalArgumentException(option + " must be one of " + java.util.Arrays.toString(type.getEnumConstants())
                .toLowerCase(java.util.Locale.ROOT) + ", got '" + text + "'");
    }

    /** Parses {@code --nir-mode}: {@code norse-import} or {@code norse-export}, any case, '-' or '_'. */
    static NirImporter.Mode nirMode(String text) {
        try {
            return NirImporter.Mode.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--nir-mode must be auto, norse-import (read as Norse's from_nir does) or "
                    + "norse-export (undo Norse's to_nir), got '" + text + "'", e);
        }
    }

    /** The option spelling of a mode. */
    static String name(NirImporter.Mode m) {
        return m.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

}
