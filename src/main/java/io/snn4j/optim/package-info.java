/**
 * Optimizers with PyTorch's update rules, in its float32 operation order: {@link io.snn4j.optim.SGD}
 * (momentum, dampening, Nesterov, weight decay) and {@link io.snn4j.optim.Adam} (bias correction,
 * AMSGrad, weight decay), over a fixed list of {@link io.snn4j.tensor.Parameter}s whose values they
 * update in place.
 *
 * <p>Depends on {@code io.snn4j.tensor} and the JDK only. A step that meets a non-finite gradient throws
 * {@link java.lang.IllegalStateException} and changes nothing. Not thread-safe: one training loop owns an
 * optimizer and its parameters.
 */
package io.snn4j.optim;
