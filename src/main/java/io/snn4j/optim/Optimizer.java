package io.snn4j.optim;

import io.snn4j.tensor.Parameter;
import java.util.List;

/**
 * A gradient-descent optimizer over a fixed list of {@link Parameter}s, as PyTorch's
 * {@code torch.optim.Optimizer} with one parameter group.
 *
 * <p>A training step is: {@link #zeroGrad()}, a forward and backward pass that accumulates into every
 * parameter's {@link Parameter#grad()}, then {@link #step()}, which updates every parameter's
 * {@link Parameter#data() values} in place from its gradient and calls {@link Parameter#changed()} so
 * that layers refresh what they derive from the values. Values, gradients and the learning rate are in
 * the units of the parameters (there are no physical units here).
 *
 * <p>Every parameter is updated at every step, also one whose gradient is all zeros (as PyTorch does
 * after {@code zero_grad(set_to_none=False)}; PyTorch skips parameters whose {@code grad} is
 * {@code None}, which a {@link Parameter} cannot be).
 *
 * <p>{@link #step()} first checks that every gradient is finite; if one is not, it throws
 * {@link IllegalStateException} naming the parameter and the index and changes neither the values nor
 * the optimizer's state, so the training loop can skip the batch. Implementations are not thread-safe:
 * one training loop owns an optimizer and its parameters.
 */
public interface Optimizer {
    /**
     * Updates every parameter's values from its gradient, in place, then calls
     * {@link Parameter#changed()} on each. The gradients are read, not cleared.
     *
     * @throws IllegalStateException if a gradient holds a NaN or an infinity; nothing is changed then
     */
    void step();

    /** Sets every parameter's gradient to zero. */
    default void zeroGrad() {
        for (Parameter p : parameters()) {
            p.zeroGrad();
        }
    }

    /** The parameters this optimizer updates, in the order given (an unmodifiable list). */
    List<Parameter> parameters();
}
