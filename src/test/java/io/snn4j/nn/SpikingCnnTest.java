package io.snn4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snn4j.module.LICell;
import io.snn4j.module.LIFCell;
import io.snn4j.optim.Adam;
import io.snn4j.tensor.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** A spiking CNN in a few lines, as in Norse's convolutional examples: Conv2d -> LIF -> SumPool2d -> Flatten -> Linear -> LI. */
class SpikingCnnTest {

    static SequentialState network() {
        return new SequentialState(
                Conv2d.builder(2, 4, 3).padding(1).seed(1).build(),     // (T, B, 2, 8, 8) -> (T, B, 4, 8, 8)
                Layer.of(new LIFCell()),
                new SumPool2d(2),                                       // -> (T, B, 4, 4, 4): spike counts per 2x2
                new Flatten(),                                          // -> (T, B, 64)
                Linear.initialized(64, 3, true, 2),
                Layer.of(new LICell()));                                // readout voltage (T, B, 3)
    }

    /** Event-camera-like input: 0/1 events of two polarities, a third of them on, scaled to drive the LIF layer. */
    static Tensor events(long seed, int steps, int batch) {
        SplittableRandom r = new SplittableRandom(seed);
        Tensor x = Tensor.zeros(steps, batch, 2, 8, 8);
        for (int k = 0; k < x.size(); k++) {
            x.data()[k] = r.nextInt(3) == 0 ? 8f : 0f;
        }
        return x;
    }

    @Test
    void runsOnASequenceAndThePoolCountsTheSpikes() {
        SequentialState net = network();
        Tensor x = events(1, 12, 2);
        long[] spikes = new long[1];
        double[] pooled = new double[1];
        boolean[] counts = {true};
        SequentialState.Result stepwise = net.run(x, null, (t, layer, out, state) -> {
            if (layer == 1) {
                spikes[0] += out.countNonZero();
            } else if (layer == 2) {
                for (float v : out.toArray()) {
                    pooled[0] += v;
                    counts[0] &= v == Math.rint(v) && v >= 0 && v <= 4;
                }
            }
        });
        assertArrayEquals(new int[] {12, 2, 3}, stepwise.output().shape());
        assertTrue(spikes[0] > 0, "the input must make the LIF layer spike for this test to mean something");
        // sum pooling with stride = kernel over an 8x8 map: every spike is counted in exactly one window
        assertEquals(spikes[0], pooled[0], 0.0, "pooled sum = number of LIF spikes");
        assertTrue(counts[0], "each pooled value is a spike count between 0 and 4");
        // the whole sequence layer by layer (all T*B images in one convolution) gives the same numbers
        assertEquals(stepwise.output(), net.forwardSequence(x, null).output());
    }

    @Test
    void trainsEndToEndThroughTheConvolution() {
        SequentialState net = network();
        // a learnable task: class 0 has events on polarity 0 only, class 1 on polarity 1 only, class 2 on both
        int[] labels = {0, 1, 2, 0, 1, 2, 0, 1};
        Tensor x = events(3, 10, labels.length);
        for (int t = 0; t < 10; t++) {
            for (int b = 0; b < labels.length; b++) {
                int silent = labels[b] == 0 ? 1 : labels[b] == 1 ? 0 : -1;
                if (silent >= 0) {
                    java.util.Arrays.fill(x.data(), ((t * labels.length + b) * 2 + silent) * 64, ((t * labels.length + b) * 2 + silent + 1) * 64, 0f);
                }
            }
        }
        Adam adam = Adam.builder(net.parameters()).lr(1e-2).build();
        float first = 0;
        float last = 0;
        for (int epoch = 0; epoch < 20; epoch++) {
            adam.zeroGrad();
            net.train(true);
            Tensor v = net.forwardSequence(x, null).output();
            Loss.Classification loss = Loss.maxOverTimeCrossEntropy(v, labels);
            net.backward(loss.grad(), false);
            net.train(false);
            float[] gw = net.parameters().get(0).grad();
            double norm = 0;
            for (float g : gw) {
                norm += g * g;
            }
            assertTrue(norm > 0, "the convolution's weight gets a gradient");
            adam.step();
            if (epoch == 0) {
                first = loss.value();
            }
            last = loss.value();
        }
        assertTrue(last < 0.5 * first, "the loss falls on a fixed batch: " + first + " -> " + last);
    }

    /** The example of the README text (notes/nirlayers-readme.md), verbatim apart from the assertions. */
    @Test
    void readmeExample() {
        SequentialState net = new SequentialState(
                Conv2d.builder(2, 4, 3).padding(1).seed(1).build(),    // nn.Conv2d(2, 4, 3, padding=1): (T, B, 2, 8, 8) -> (T, B, 4, 8, 8)
                Layer.of(new LIFCell()),
                new SumPool2d(2),                                      // -> (T, B, 4, 4, 4)
                new Flatten(),                                         // -> (T, B, 64)
                Linear.initialized(64, 3, true, 2),
                Layer.of(new LICell()));                               // readout voltage (T, B, 3)
        Tensor events = Tensor.zeros(12, 2, 2, 8, 8);                  // (T, B, polarity, H, W)
        Tensor v = net.forwardSequence(events, null).output();         // each convolution sees all T*B images at once

        assertArrayEquals(new int[] {12, 2, 3}, v.shape());
        // no events: the LIF layer is silent, so the readout integrates the Linear's bias alone, the same in every row
        assertEquals(v.step(11).step(0), v.step(11).step(1));
    }
}
