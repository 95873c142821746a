package io.snn4j.golden;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.snn4j.functional.LIFParameters;
import io.snn4j.functional.Param;
import io.snn4j.module.LICell;
import io.snn4j.module.LIFCell;
import io.snn4j.nn.Layer;
import io.snn4j.nn.Linear;
import io.snn4j.nn.Loss;
import io.snn4j.nn.SequentialState;
import io.snn4j.optim.Adam;
import io.snn4j.tensor.Parameter;
import io.snn4j.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Norse's network gradient cases: {@code Linear(fc1) -> LIFCell -> Linear(fc2) -> LICell} over a constant
 * input current, cross-entropy on the maximum over time of the LI voltage, the weight gradients and one
 * Adam step. Checked both ways a network runs: stepped one time step at a time (as Norse ran it) and
 * layer by layer over the whole sequence (as training runs it).
 */
class NetworkGradientConformanceTest {

    @SuppressWarnings("unchecked")
    @ParameterizedTest(name = "{0}, stepwise={1}")
    @ValueSource(strings = {"grad_network_linear_lif_linear_li:true", "grad_network_linear_lif_linear_li:false",
            "grad_network_linear_lif_linear_li_tanh:true", "grad_network_linear_lif_linear_li_tanh:false"})
    void gradientsAndOneAdamStepMatchNorse(String spec) {
        String name = spec.split(":")[0];
        boolean stepwise = Boolean.parseBoolean(spec.split(":")[1]);
        Map<String, Object> c = GradientConformanceTest.load(name);
        Map<String, Object> init = (Map<String, Object>) c.get("initial_parameters");
        LIFParameters lif = LIFParameters.DEFAULT.withMethod((String) c.get("method"),
                Param.of(((Number) c.get("alpha")).floatValue()));
        double dt = ((Number) c.get("dt")).doubleValue();
        SequentialState net = new SequentialState(
                Linear.of(GradientConformanceTest.t(init, "fc1.weight"), GradientConformanceTest.t(init, "fc1.bias")),
                Layer.of(new LIFCell(lif, dt)),
                Linear.of(GradientConformanceTest.t(init, "fc2.weight"), GradientConformanceTest.t(init, "fc2.bias")),
                Layer.of(new LICell(io.snn4j.functional.LIParameters.DEFAULT, dt)));
        Tensor current = GradientConformanceTest.t(c, "input_current");
        int steps = ((Number) c.get("steps")).intValue();
        Tensor x = Tensor.zeros(steps, current.dim(0), current.dim(1));
        for (int t = 0; t < steps; t++) {
            x.step(t).copyFrom(current);
        }
        List<Object> labelList = (List<Object>) c.get("labels");
        int[] labels = labelList.stream().mapToInt(o -> ((Number) o).intValue()).toArray();

        net.train(true);
        Tensor[] hidden = new Tensor[1];
        SequentialState.Result r;
        if (stepwise) {
            Tensor spikes = Tensor.zeros(GradientConformanceTest.t(c, "hidden_spikes").shape());
            r = net.run(x, null, (t, layer, out, state) -> {
                if (layer == 1) {
                    spikes.step(t).copyFrom(out);
                }
            });
            hidden[0] = spikes;
        } else {
            SequentialState front = new SequentialState(net.layers().subList(0, 2));
            SequentialState back = new SequentialState(net.layers().subList(2, 4));
            hidden[0] = front.forwardSequence(x, null).output();
            r = back.forwardSequence(hidden[0], null);
        }
        Conformance.assertBits("hidden_spikes", GradientConformanceTest.t(c, "hidden_spikes"), hidden[0]);
        Conformance.assertBits("li_v", GradientConformanceTest.t(c, "li_v"), r.output());
        Loss.Classification loss = Loss.maxOverTimeCrossEntropy(r.output(), labels);
        Conformance.assertBits("logits", GradientConformanceTest.t(c, "logits"), loss.logits());
        assertEquals(((Number) c.get("loss_value")).floatValue(), loss.value(), 1e-6f, "loss");

        net.backward(loss.grad(), false);
        Map<String, Parameter> params = net.namedParameters();
        assertArrayEquals(new String[] {"0.weight", "0.bias", "2.weight", "2.bias"}, params.keySet().toArray());
        Map<String, Object> grad = (Map<String, Object>) c.get("grad");
        Map<String, Object> after = (Map<String, Object>) c.get("parameters_after_one_adam_step");
        String[][] names = {{"0.weight", "fc1.weight"}, {"0.bias", "fc1.bias"}, {"2.weight", "fc2.weight"},
                {"2.bias", "fc2.bias"}};
        for (String[] n : names) {
            GradientConformanceTest.assertGrad("grad " + n[1], GradientConformanceTest.t(grad, n[1]),
                    params.get(n[0]).gradTensor());
        }
        Map<String, Object> adam = (Map<String, Object>) c.get("adam");
        List<Object> betas = (List<Object>) adam.get("betas");
        Adam opt = Adam.builder(net.parameters()).lr(((Number) adam.get("lr")).doubleValue())
                .betas(((Number) betas.get(0)).doubleValue(), ((Number) betas.get(1)).doubleValue())
                .eps(((Number) adam.get("eps")).doubleValue())
                .weightDecay(((Number) adam.get("weight_decay")).doubleValue()).build();
        opt.step();
        for (String[] n : names) {
            GradientConformanceTest.assertGrad("after one Adam step " + n[1], GradientConformanceTest.t(after, n[1]),
                    params.get(n[0]).tensor());
        }
        // the layers use the updated weights on the next call
        Linear fc1 = (Linear) net.layers().get(0);
        assertArrayEquals(GradientConformanceTest.t(after, "fc1.weight").toArray(), fc1.weight().data, 2e-7f);
    }
}
