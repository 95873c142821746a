package io.snn4j.cli;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Draws the learning curve of a training run as a PNG: the training loss per epoch in the upper panel,
 * the training accuracy and (when given) the test accuracy per epoch, in percent, in the lower panel,
 * each with labelled axes, round tick values, a light grid and a legend. Epochs are numbered from 1 on
 * the x axis; the loss axis starts at 0 for non-negative losses, the accuracy axis ends at 100 % and
 * starts at a round value at or below the lowest accuracy.
 *
 * <p>Values are per epoch: {@code loss[e]} (any real number, in the loss's units) and accuracies as
 * fractions in {@code [0, 1]}. A NaN or infinite value is left out and breaks the line there (a diverged
 * epoch), so a run that went wrong can still be plotted. Headless; if the platform has no fonts the
 * labels are left out and everything else is drawn. Stateless and thread-safe (each call draws its own
 * image).
 */
public final class LearningCurve {
    /** Image width in pixels. */
    public static final int WIDTH = 900;
    /** Image height in pixels. */
    public static final int HEIGHT = 700;
    /** The plot areas (left, right; top and bottom of each panel), for tests. */
    static final int LEFT = 90, RIGHT = WIDTH - 40;
    static final int LOSS_TOP = 50, LOSS_BOTTOM = 300;
    static final int ACC_TOP = 380, ACC_BOTTOM = HEIGHT - 80;
    static final Color LOSS = new Color(200, 60, 30);
    static final Color TRAIN = new Color(30, 90, 200);
    static final Color TEST = new Color(20, 150, 70);
    static final Color GRID = new Color(225, 225, 225);
    static final Color AXIS = Color.BLACK;
    private static final int MARKERS_UP_TO = 60;

    private LearningCurve() {
    }

    /**
     * Draws the curve and writes it as a PNG to {@code png}, atomically: the image goes to a temporary
     * file in the same folder, which is flushed to disk and then moved over {@code png} (an existing file
     * is replaced).
     *
     * @param png the file to write; its folder must exist
     * @param loss the training loss of each epoch, at least one value
     * @param trainAccuracy the training accuracy of each epoch as a fraction, or null
     * @param testAccuracy the test accuracy of each epoch as a fraction, or null
     * @throws IOException naming the path if it is an existing directory, its folder does not exist, or
     *     writing fails (no temporary file is left behind)
     * @throws IllegalArgumentException as {@link #draw}
     */
    public static void write(Path png, double[] loss, double[] trainAccuracy, double[] testAccuracy) throws IOException {
        if (png == null) {
            throw new IllegalArgumentException("png is null");
        }
        if (Files.isDirectory(png)) {
            throw new IOException(png + ": is a directory; give the path of a PNG file");
        }
        BufferedImage img = draw(loss, trainAccuracy, testAccuracy);
        byte[] encoded;
        try {
            encoded = OutputFile.png(img);
        } catch (IOException e) {
            throw new IOException(png + ": " + e.getMessage(), e);
        }
        Path target = png.toAbsolutePath();
        Path dir = target.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new IOException(png + ": the folder " + dir + " does not exist");
        }
        // a temporary name of our own (not createTempFile), so that the PNG gets the usual permissions
        Path tmp = dir.resolve("." + target.getFileName() + "." + Long.toHexString(System.nanoTime()) + "-"
                + Integer.toHexString(ThreadLocalRandom.current().nextInt()) + ".tmp");
        FileChannel created;
        try {
            created = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new IOException(png + ": cannot create a temporary file in " + dir + ": " + e.getMessage(), e);
        }
        boolean moved = false;
        try {
            try (FileChannel ch = created) {
                ByteBuffer b = ByteBuffer.wrap(encoded);
                while (b.hasRemaining()) {
                    ch.write(b);
                }
                ch.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            moved = true;
        } catch (IOException e) {
            throw new IOException(png + ": cannot write the learning curve: " + e.getMessage(), e);
        } finally {
            if (!moved) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) { // best effort; the original error is what matters
                }
            }
        }
    }

    /**
     * Draws the curve into a new {@link #WIDTH} x {@link #HEIGHT} RGB image.
     *
     * @param loss the training loss of each epoch, at least one value; non-finite values are left out
     * @param trainAccuracy the training accuracy of each epoch as a fraction in {@code [0, 1]}, or null
     * @param testAccuracy the test accuracy of each epoch as a fraction in {@code [0, 1]}, or null
     * @throws IllegalArgumentException if {@code loss} is null or empty, an accuracy array has not one
     *     value per epoch, or an accuracy is a number outside {@code [0, 1]} (naming the array and index)
     */
    public static BufferedImage draw(double[] loss, double[] trainAccuracy, double[] testAccuracy) {
        if (loss == null || loss.length == 0) {
            throw new IllegalArgumentException("loss needs at least one epoch, got " + (loss == null ? "null" : "none"));
        }
        int epochs = loss.length;
        checkAccuracy("trainAccuracy", trainAccuracy, epochs);
        checkAccuracy("testAccuracy", testAccuracy, epochs);
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }

        BufferedImage img = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);

        int xStep = (int) Math.max(1, niceStep(epochs / 8.0));
        int xEnd = (int) Math.ceil((double) epochs / xStep) * xStep;
        Axis x = new Axis(0, xEnd, xStep);

        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (double v : loss) {
            if (Double.isFinite(v)) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        Axis lossAxis = lo > hi ? new Axis(0, 1, 0.2) : Axis.around(Math.min(lo, 0), hi);

        double accLo = 1;
        for (double[] a : new double[][] {trainAccuracy, testAccuracy}) {
            if (a != null) {
                for (double v : a) {
                    if (Double.isFinite(v)) {
                        accLo = Math.min(accLo, v);
                    }
                }
            }
        }
        Axis accAxis = Axis.around(Math.min(accLo, 0.9), 1);

        panel(g, x, lossAxis, LOSS_TOP, LOSS_BOTTOM, 1, "loss");
        panel(g, x, accAxis, ACC_TOP, ACC_BOTTOM, 100, "accuracy (%)");
        series(g, loss, x, lossAxis, LOSS_TOP, LOSS_BOTTOM, LOSS);
        if (trainAccuracy != null) {
            series(g, trainAccuracy, x, accAxis, ACC_TOP, ACC_BOTTOM, TRAIN);
        }
        if (testAccuracy != null) {
            series(g, testAccuracy, x, accAxis, ACC_TOP, ACC_BOTTOM, TEST);
        }

        g.setColor(AXIS);
        label(g, "training loss", (LEFT + RIGHT) / 2, LOSS_TOP - 18, true);
        label(g, "accuracy", (LEFT + RIGHT) / 2, ACC_TOP - 18, true);
        label(g, "epoch", (LEFT + RIGHT) / 2, HEIGHT - 25, true);
        int legendY = ACC_BOTTOM - 20;
        int legendX = RIGHT - 130;
        if (trainAccuracy != null) {
            legend(g, "train", TRAIN, legendX, legendY - (testAccuracy != null ? 20 : 0));
        }
        if (testAccuracy != null) {
            legend(g, "test", TEST, legendX, legendY);
        }
        g.dispose();
        return img;
    }

    private static void checkAccuracy(String name, double[] a, int epochs) {
        if (a == null) {
            return;
        }
        if (a.length != epochs) {
            throw new IllegalArgumentException(name + " has " + a.length + " values, expected one per epoch: " + epochs
                    + " (the length of loss)");
        }
        for (int e = 0; e < a.length; e++) {
            if (Double.isFinite(a[e]) && (a[e] < 0 || a[e] > 1)) {
                throw new IllegalArgumentException(name + "[" + e + "] = " + a[e]
                        + " is not a fraction in [0, 1] (give accuracies as fractions, not percent)");
            }
        }
    }

    /** Grid, axes, ticks and tick labels of one panel; y tick labels are the values times {@code scale}. */
    private static void panel(Graphics2D g, Axis x, Axis y, int top, int bottom, double scale, String yLabel) {
        g.setStroke(new BasicStroke(1f));
        g.setColor(GRID);
        for (int k = 1; k < y.ticks(); k++) {
            int py = y.pixel(y.tick(k), bottom, top);
            g.drawLine(LEFT + 1, py, RIGHT, py);
        }
        g.setColor(AXIS);
        g.drawLine(LEFT, top, LEFT, bottom);
        g.drawLine(LEFT, bottom, RIGHT, bottom);
        for (int k = 0; k <= y.ticks(); k++) {
            int py = y.pixel(y.tick(k), bottom, top);
            g.drawLine(LEFT - 5, py, LEFT, py);
            label(g, format(y.tick(k) * scale, y.step * scale), LEFT - 8, py + 5, false);
        }
        for (int k = 0; k <= x.ticks(); k++) {
            int px = x.pixel(x.tick(k), LEFT, RIGHT);
            g.drawLine(px, bottom, px, bottom + 5);
            label(g, format(x.tick(k), x.step), px, bottom + 20, true);
        }
        verticalLabel(g, yLabel, 28, (top + bottom) / 2);
    }

    /** One series: a polyline through the finite values, broken at non-finite ones, with markers. */
    private static void series(Graphics2D g, double[] values, Axis x, Axis y, int top, int bottom, Color colour) {
        g.setColor(colour);
        g.setStroke(new BasicStroke(2f));
        int prevX = 0, prevY = 0;
        boolean prev = false;
        for (int e = 0; e < values.length; e++) {
            if (!Double.isFinite(values[e])) {
                prev = false;
                continue;
            }
            int px = x.pixel(e + 1, LEFT, RIGHT);
            int py = y.pixel(values[e], bottom, top);
            if (prev) {
                g.drawLine(prevX, prevY, px, py);
            }
            if (values.length <= MARKERS_UP_TO || !prev) {
                g.fillRect(px - 3, py - 3, 7, 7);
            }
            prevX = px;
            prevY = py;
            prev = true;
        }
    }

    private static void legend(Graphics2D g, String text, Color colour, int x, int y) {
        g.setColor(colour);
        g.setStroke(new BasicStroke(2f));
        g.drawLine(x, y - 5, x + 30, y - 5);
        g.fillRect(x + 12, y - 8, 7, 7);
        g.setColor(AXIS);
        label(g, text, x + 40, y, null);
    }

    /**
     * A linear axis from {@code start} to {@code end} with ticks every {@code step}, all round numbers
     * (1, 2 or 5 times a power of ten).
     */
    record Axis(double start, double end, double step) {
        /** The round axis that covers {@code [lo, hi]} with about five ticks. */
        static Axis around(double lo, double hi) {
            if (!(hi > lo)) { // one value: a range around it (from 0 for 0)
                if (lo == 0) {
                    hi = 1;
                } else {
                    double pad = Math.abs(lo) * 0.1;
                    lo -= pad;
                    hi += pad;
                }
            }
            double step = niceStep((hi - lo) / 5);
            return new Axis(Math.floor(lo / step + 1e-9) * step, Math.ceil(hi / step - 1e-9) * step, step);
        }

        /** The number of tick intervals. */
        int ticks() {
            return (int) Math.round((end - start) / step);
        }

        /** The value of tick {@code k}, computed from the integers so that it stays round. */
        double tick(int k) {
            return (Math.round(start / step) + k) * step;
        }

        /** The pixel of {@code v} between the pixels {@code from} (at start) and {@code to} (at end). */
        int pixel(double v, int from, int to) {
            return (int) Math.round(from + (v - start) / (end - start) * (to - from));
        }
    }

    /** The smallest of 1, 2, 5 times a power of ten that is at least {@code raw}. */
    static double niceStep(double raw) {
        double p = Math.pow(10, Math.floor(Math.log10(Math.max(raw, 1e-12))));
        for (double m : new double[] {1, 2, 5}) {
            if (m * p >= raw * (1 - 1e-9)) {
                return m * p;
            }
        }
        return 10 * p;
    }

    /** {@code v} with as many decimals as a tick {@code step} needs, without a "-0". */
    static String format(double v, double step) {
        int decimals = (int) Math.max(0, Math.ceil(-Math.log10(step) - 1e-9));
        if (Math.abs(v) < step * 1e-6) {
            v = 0;
        }
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    /** Draws text ending at x ({@code centred} false), centred on x (true) or starting at x (null). */
    private static void label(Graphics2D g, String text, int x, int y, Boolean centred) {
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
            int width = g.getFontMetrics().stringWidth(text);
            int left = centred == null ? x : centred ? x - width / 2 : x - width;
            g.drawString(text, left, y);
        } catch (Throwable fontsMissing) { // a platform without fonts: draw the rest without labels
        }
    }

    private static void verticalLabel(Graphics2D g, String text, int x, int y) {
        AffineTransform saved = g.getTransform();
        try {
            g.rotate(-Math.PI / 2, x, y);
            label(g, text, x, y, true);
        } catch (Throwable fontsMissing) {
        } finally {
            g.setTransform(saved);
        }
    }
}
