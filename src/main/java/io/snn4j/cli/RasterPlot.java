package io.snn4j.cli;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Draws a spike raster (time on x, neuron on y; excitatory neurons in blue and inhibitory in red, with a
 * legend, when the network has both) above the population rate (Hz per neuron, in bins of about 5 ms),
 * with round ticks on every axis (time in ms, or in s from 10 s on), and writes it as a PNG. Headless; if
 * the platform has no fonts the labels are left out and everything else is drawn. Stateless and
 * thread-safe (each call draws its own image).
 */
public final class RasterPlot {
    /** Image width in pixels. */
    public static final int WIDTH = 1000;
    /** Image height in pixels. */
    public static final int HEIGHT = 700;
    /** The plot area of the raster (left, top, right, bottom), for tests. */
    static final int LEFT = 80, RIGHT = WIDTH - 30, RASTER_TOP = 40, RASTER_BOTTOM = 470;
    /** The plot area of the rate trace. */
    static final int RATE_TOP = 520, RATE_BOTTOM = HEIGHT - 60;
    static final Color EXCITATORY = new Color(30, 90, 200);
    static final Color INHIBITORY = new Color(210, 40, 40);
    static final Color AXIS = Color.BLACK;

    private RasterPlot() {
    }

    /** Where the legend's colour swatches are drawn (left x of the excitatory and inhibitory ones, top y), for tests. */
    static final int LEGEND_E = RIGHT - 190, LEGEND_I = RIGHT - 85, LEGEND_TOP = RASTER_TOP - 20, SWATCH = 8;
    /** Rate bins are at least this many pixels wide, so that a long run is not a solid band. */
    static final int MIN_BIN_PIXELS = 2;

    /**
     * The time axis of a run of {@code steps} steps of {@code dt} seconds: milliseconds up to 10 s, seconds
     * beyond, with round ticks.
     *
     * @param axis  the axis in the display unit, from 0
     * @param scale display units per second (1000 or 1)
     * @param unit  "ms" or "s"
     */
    record TimeAxis(LearningCurve.Axis axis, double scale, String unit) {
        static TimeAxis of(int steps, double dt) {
            double seconds = steps * dt;
            double scale = seconds < 10 ? 1000 : 1;
            return new TimeAxis(fromZero(seconds * scale), scale, scale == 1000 ? "ms" : "s");
        }

        /** The pixel column of time {@code seconds}. */
        int x(double seconds) {
            return axis.pixel(seconds * scale, LEFT, RIGHT);
        }

        /** The tick labels, in order. */
        List<String> labels() {
            List<String> l = new java.util.ArrayList<>();
            for (int k = 0; k <= axis.ticks(); k++) {
                l.add(LearningCurve.format(axis.tick(k), axis.step()));
            }
            return l;
        }
    }

    /** A round axis from 0 that covers {@code max} (0 to 1 when {@code max} is 0). */
    static LearningCurve.Axis fromZero(double max) {
        LearningCurve.Axis a = LearningCurve.Axis.around(0, max);
        return new LearningCurve.Axis(0, a.end(), a.step());
    }

    /** The neuron axis: round integer ticks from 0 to at least {@code neurons}. */
    static LearningCurve.Axis neuronAxis(int neurons) {
        double step = Math.max(1, LearningCurve.niceStep(neurons / 5.0));
        return new LearningCurve.Axis(0, Math.max(1, Math.ceil(neurons / step)) * step, step);
    }

    /** Steps per rate bin: about 5 ms, and at least {@link #MIN_BIN_PIXELS} pixels wide. */
    static int binSteps(int steps, double dt) {
        int byTime = Math.max(1, (int) Math.round(0.005 / dt));
        long byWidth = ((long) steps * MIN_BIN_PIXELS + (RIGHT - LEFT) - 1) / (RIGHT - LEFT);
        return (int) Math.max(byTime, byWidth);
    }

    /**
     * The population rate per bin of {@code bin} steps, in Hz per neuron: spikes in the bin over neurons
     * times the bin's duration; the last bin may be shorter and is divided by its own width.
     */
    static double[] rates(List<int[]> spikeTimes, int steps, double dt, int bin) {
        int bins = (int) (((long) steps + bin - 1) / bin);
        double[] rate = new double[bins];
        for (int[] ts : spikeTimes) {
            for (int t : ts) {
                if (t >= 0 && t < steps) {
                    rate[t / bin] += 1;
                }
            }
        }
        int neurons = Math.max(1, spikeTimes.size());
        for (int b = 0; b < bins; b++) {
            int width = Math.min(bin, steps - b * bin);
            rate[b] /= neurons * (width * dt);
        }
        return rate;
    }

    /**
     * Draws the raster of {@code spikeTimes} (per neuron, step indices) over {@code steps} steps of
     * {@code dt} seconds. Step {@code t} is drawn at time {@code t * dt} on the same scale as the ticks.
     * Neurons below {@code excitatory} are drawn as excitatory, the others as inhibitory, with a legend only
     * when both kinds are there ({@code excitatory} of 0 or at least the neuron count: one colour, no legend).
     */
    public static BufferedImage draw(List<int[]> spikeTimes, int steps, double dt, int excitatory, String title) {
        int[] ids = new int[spikeTimes.size()];
        for (int j = 0; j < ids.length; j++) {
            ids[j] = j;
        }
        return draw(spikeTimes, ids, ids.length, steps, dt, excitatory, title);
    }

    /**
     * Draws the raster of a sample of a network's neurons: {@code spikeTimes.get(k)} are the spike times of
     * neuron {@code neuronIds[k]} (ascending ids, each in {@code [0, neurons)}), drawn at that neuron's row
     * of an axis of all {@code neurons}; the rate trace is the sample's mean rate. Otherwise as
     * {@link #draw(List, int, double, int, String)}.
     */
    public static BufferedImage draw(List<int[]> spikeTimes, int[] neuronIds, int neurons, int steps, double dt,
            int excitatory, String title) {
        if (steps < 1 || !(dt > 0)) {
            throw new IllegalArgumentException("a raster needs steps >= 1 and dt > 0, got " + steps + " and " + dt);
        }
        if (neuronIds.length != spikeTimes.size()) {
            throw new IllegalArgumentException(spikeTimes.size() + " spike trains for " + neuronIds.length + " neurons");
        }
        for (int k = 0; k < neuronIds.length; k++) {
            if (neuronIds[k] < 0 || neuronIds[k] >= neurons || (k > 0 && neuronIds[k] <= neuronIds[k - 1])) {
                throw new IllegalArgumentException("neuron ids must ascend within [0, " + neurons + "), got " + neuronIds[k]
                        + " at " + k);
            }
        }
        System.setProperty("java.awt.headless", "true");
        boolean split = excitatory > 0 && excitatory < neurons;
        BufferedImage img = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);
        TimeAxis time = TimeAxis.of(steps, dt);
        LearningCurve.Axis rows = neuronAxis(neurons);
        int h = RASTER_BOTTOM - RASTER_TOP;
        // spikes: a mark from the start of the spike's step, as wide as the step (1 to 6 pixels) and up to 4
        // rows tall when neurons are far apart, inside the axes
        double stepPixels = (time.x(dt * 1000) - time.x(0)) / 1000.0;
        int markWidth = (int) Math.max(1, Math.min(6, Math.floor(stepPixels)));
        int markHeight = (int) Math.max(1, Math.min(4, Math.floor((double) h / rows.end()) - 1));
        for (int k = 0; k < neuronIds.length; k++) {
            int j = neuronIds[k];
            int y = rows.pixel(j, RASTER_BOTTOM - 1, RASTER_TOP);
            int rgb = (split && j >= excitatory ? INHIBITORY : EXCITATORY).getRGB();
            for (int t : spikeTimes.get(k)) {
                int x = Math.max(LEFT + 1, Math.min(RIGHT - 1, time.x(t * dt)));
                for (int dx = 0; dx < markWidth && x + dx < RIGHT; dx++) {
                    for (int dy = 0; dy < markHeight && y - dy > RASTER_TOP; dy++) {
                        img.setRGB(x + dx, y - dy, rgb);
                    }
                }
            }
        }
        // population rate: a step line, one level per bin, from the bin's start to its end
        int bin = binSteps(steps, dt);
        double[] rate = rates(spikeTimes, steps, dt, bin);
        double max = 0;
        for (double r : rate) {
            max = Math.max(max, r);
        }
        LearningCurve.Axis rateAxis = fromZero(max);
        g.setColor(Color.DARK_GRAY);
        g.setStroke(new BasicStroke(1.5f));
        int prevY = -1;
        for (int b = 0; b < rate.length; b++) {
            int x0 = time.x((double) b * bin * dt), x1 = time.x(Math.min((long) (b + 1) * bin, steps) * dt);
            int y = rateAxis.pixel(rate[b], RATE_BOTTOM, RATE_TOP);
            if (prevY >= 0) {
                g.drawLine(x0, prevY, x0, y);
            }
            g.drawLine(x0, y, x1, y);
            prevY = y;
        }
        // axes and round ticks
        g.setColor(AXIS);
        g.setStroke(new BasicStroke(1f));
        g.drawLine(LEFT, RASTER_TOP, LEFT, RASTER_BOTTOM);
        g.drawLine(LEFT, RASTER_BOTTOM, RIGHT, RASTER_BOTTOM);
        g.drawLine(LEFT, RATE_TOP, LEFT, RATE_BOTTOM);
        g.drawLine(LEFT, RATE_BOTTOM, RIGHT, RATE_BOTTOM);
        List<String> timeLabels = time.labels();
        for (int k = 0; k < timeLabels.size(); k++) {
            int x = time.axis().pixel(time.axis().tick(k), LEFT, RIGHT);
            g.drawLine(x, RASTER_BOTTOM, x, RASTER_BOTTOM + 5);
            g.drawLine(x, RATE_BOTTOM, x, RATE_BOTTOM + 5);
            label(g, timeLabels.get(k), x, RATE_BOTTOM + 20, true);
        }
        for (int k = 0; k <= rows.ticks(); k++) {
            int y = rows.pixel(rows.tick(k), RASTER_BOTTOM - 1, RASTER_TOP);
            g.drawLine(LEFT - 5, y, LEFT, y);
            label(g, LearningCurve.format(rows.tick(k), rows.step()), LEFT - 8, y + 4, false);
        }
        for (int k = 0; k <= rateAxis.ticks(); k++) {
            int y = rateAxis.pixel(rateAxis.tick(k), RATE_BOTTOM, RATE_TOP);
            g.drawLine(LEFT - 5, y, LEFT, y);
            label(g, LearningCurve.format(rateAxis.tick(k), rateAxis.step()), LEFT - 8, y + 4, false);
        }
        label(g, "time (" + time.unit() + ")", LEFT + (RIGHT - LEFT) / 2, HEIGHT - 15, true);
        verticalLabel(g, "neuron", 22, (RASTER_TOP + RASTER_BOTTOM) / 2);
        verticalLabel(g, "rate (Hz)", 22, (RATE_TOP + RATE_BOTTOM) / 2);
        // with a legend at the top right, the title starts at the plot's left edge so that the two never meet
        label(g, title, split ? LEFT : WIDTH / 2, 25, split ? null : Boolean.TRUE);
        if (split) {
            legend(g, EXCITATORY, "excitatory", LEGEND_E);
            legend(g, INHIBITORY, "inhibitory", LEGEND_I);
        }
        g.dispose();
        return img;
    }

    private static void legend(Graphics2D g, Color colour, String text, int x) {
        g.setColor(colour);
        g.fillRect(x, LEGEND_TOP, SWATCH, SWATCH);
        g.setColor(AXIS);
        label(g, text, x + SWATCH + 6, LEGEND_TOP + SWATCH, null);
    }

    /**
     * Loads and initialises what drawing and encoding a plot needs (Java2D, fonts, the PNG writer: about
     * 0.3 s at JVM start) on a daemon thread, so that it overlaps the simulation on a second core instead
     * of adding to a short run's wall time. Draws nothing anyone sees; failures are ignored (the real plot
     * reports its own).
     */
    static void prepareInBackground() {
        Thread t = new Thread(() -> {
            try {
                BufferedImage img = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
                Graphics2D g = img.createGraphics();
                g.setColor(Color.WHITE);
                g.fillRect(0, 0, 8, 8);
                g.setStroke(new BasicStroke(1f));
                label(g, "0", 4, 6, true);
                g.dispose();
                OutputFile.png(img);
            } catch (Throwable ignored) { // the real plot will say what is wrong
            }
        }, "snn4j-plot-preload");
        t.setDaemon(true);
        t.start();
    }

    /**
     * Writes the image as a PNG: to a temporary file in the same folder, then moved into place (a folder at
     * {@code file} is never replaced). Errors name {@code option} and the file.
     */
    public static void write(BufferedImage img, String option, Path file) throws IOException {
        OutputFile.writeAtomically(option, file, OutputFile.png(img));
    }

    /** Draws text ending at x ({@code centred} false), centred on x (true) or starting at x (null). */
    private static void label(Graphics2D g, String text, int x, int y, Boolean centred) {
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
            int width = g.getFontMetrics().stringWidth(text);
            g.drawString(text, centred == null ? x : centred ? x - width / 2 : x - width, y);
        } catch (Throwable fontsMissing) { // a platform without fonts: draw the rest without labels
        }
    }

    private static void verticalLabel(Graphics2D g, String text, int x, int y) {
        try {
            AffineTransform saved = g.getTransform();
            g.rotate(-Math.PI / 2, x, y);
            label(g, text, x, y, true);
            g.setTransform(saved);
        } catch (Throwable fontsMissing) {
        }
    }
}
