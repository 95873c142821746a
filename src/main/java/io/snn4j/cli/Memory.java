package io.snn4j.cli;

import io.snn4j.internal.Heap;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The heap a command will need, estimated before it allocates, so that a run too large for the JVM is
 * refused with one line (the estimate and the {@code SNN_JAVA_OPTS=-Xmx...} that would fit it) instead of
 * an {@link OutOfMemoryError} after minutes of work. The estimates are rough upper bounds in bytes.
 * Thread-safe.
 */
final class Memory {
    /** For tests: the bytes the JVM is taken to have free; negative (the default) to ask the runtime. */
    static volatile long availableForTests = -1;

    private static final long GIB = 1L << 30;

    private Memory() {
    }

    /** Bytes the JVM can still allocate: its maximum heap minus what is in use. */
    static long available() {
        long forTests = availableForTests;
        if (forTests >= 0) {
            return forTests;
        }
        return Heap.available();
    }

    /**
     * Refuses a run that needs about {@code bytes} (for {@code what}) when the JVM has less free, with the
     * {@code -Xmx} that would fit it.
     */
    static void require(long bytes, String what) {
        if (bytes <= available()) {
            return;
        }
        System.gc(); // garbage counts as used until collected; ask once before refusing
        long free = available();
        if (bytes <= free) {
            return;
        }
        long used = Runtime.getRuntime().maxMemory() - free;
        throw new IllegalArgumentException("needs about " + size(bytes) + " of memory (" + what + "), more than the "
                + size(Math.max(free, 0)) + " this JVM has free; " + hint(Math.max(used, 0) + bytes));
    }

    /** The most heap in use so far: the sum of the heap pools' peaks (JMX). */
    static long peakHeapUsed() {
        long sum = 0;
        for (java.lang.management.MemoryPoolMXBean p : java.lang.management.ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == java.lang.management.MemoryType.HEAP && p.getPeakUsage() != null) {
                sum += p.getPeakUsage().getUsed();
            }
        }
        return sum;
    }

    /** One line for an {@link OutOfMemoryError} that the estimates did not foresee. */
    static String outOfMemory(OutOfMemoryError e) {
        long max = Runtime.getRuntime().maxMemory();
        return "out of memory (" + (e.getMessage() == null ? "Java heap space" : e.getMessage()) + ") with a maximum heap of "
                + size(max) + "; " + hint(2 * max);
    }

    /** The advice: an -Xmx of whole GiB with a quarter more than {@code bytes}. */
    private static String hint(long bytes) {
        long gib = Math.max(1, (bytes + bytes / 4 + GIB - 1) / GIB);
        return "give Java more with SNN_JAVA_OPTS=-Xmx" + gib + "g (scripts/snn passes it to java), or make the run smaller";
    }

    static String size(long bytes) {
        if (bytes >= GIB) {
            return String.format(Locale.ROOT, "%.1f GiB", bytes / (double) GIB);
        }
        return String.format(Locale.ROOT, "%.0f MiB", Math.ceil(bytes / (double) (1 << 20)));
    }

    /**
     * The demo's need: its sparse synapses as {@link BalancedNetwork#estimateBytes} counts them (8 bytes per
     * synapse, the builder's scratch, state and buffers), plus the spike record: {@link SpikeStats}'
     * accumulators per neuron and the raster sample's spike times at about 20 Hz, 8 bytes per spike (an int
     * in an array that grows by doubling; twice that with a checkpoint, which copies them).
     */
    static long demo(int neurons, int inDegree, int steps, double dt, boolean checkpoint) {
        return BalancedNetwork.estimateBytes(neurons, inDegree) + demoRecord(neurons, steps, dt, checkpoint) + (16L << 20);
    }

    /** The demo's spike record: accumulators per neuron and the raster sample's spike times (see {@link #demo}). */
    static long demoRecord(int neurons, int steps, double dt, boolean checkpoint) {
        double spikes = Math.min(neurons, RasterSample.MAX_NEURONS) * (double) steps * dt * 20.0;
        long perSpike = checkpoint ? 16 : 8;
        long accumulators = (long) SpikeStats.BYTES_PER_NEURON * neurons * (checkpoint ? 2 : 1);
        return accumulators + (long) Math.min(Long.MAX_VALUE / 4.0, spikes * perSpike);
    }

    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'[<>|=]?([a-z])(\\d+)'");

    /**
     * The run command's need for a {@code .npy} input read whole: the file's bytes, the decoded values
     * and the float32 tensor made from them (element size and kind from the header; one byte per element
     * if the header cannot be read).
     */
    static long npyInput(Path file) throws IOException {
        long size = Files.size(file);
        int item = 1;
        boolean floats = false;
        try (InputStream in = Files.newInputStream(file)) {
            String head = new String(in.readNBytes(4096), StandardCharsets.ISO_8859_1);
            Matcher m = DESCR.matcher(head);
            if (m.find()) {
                item = Math.max(1, Integer.parseInt(m.group(2)));
                floats = m.group(1).equals("f");
            }
        }
        // floats: decoded as float32, then copied; integers and booleans: decoded as long, then converted
        return size + (floats ? 8 : 12) * (size / item);
    }

    /** A weight or model file read whole: its bytes, the decoded tensors and a module's copies. */
    static long weights(Path file) throws IOException {
        return file == null || !Files.isRegularFile(file) ? 0 : 3 * Files.size(file);
    }
}
