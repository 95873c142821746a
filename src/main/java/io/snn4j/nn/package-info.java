/**
 * Layers that are not neurons, and training: {@link io.snn4j.nn.Linear}, {@link io.snn4j.nn.Lift},
 * {@link io.snn4j.nn.SequentialState} (a chain of layers whose states it threads, as Norse's
 * {@code SequentialState}), {@link io.snn4j.nn.Graph} (any directed graph of layers, recurrent edges
 * included), the encoders ({@link io.snn4j.nn.ConstantCurrentLIFEncoder},
 * {@link io.snn4j.nn.PoissonEncoder}), the helper layers that NIR graphs need (among them PyTorch's
 * {@link io.snn4j.nn.Conv1d}, {@link io.snn4j.nn.Conv2d}, {@link io.snn4j.nn.SumPool2d},
 * {@link io.snn4j.nn.AvgPool2d} and NIR's {@link io.snn4j.nn.Delay}), the losses
 * ({@link io.snn4j.nn.Loss}) and a training loop ({@link io.snn4j.nn.Trainer}).
 *
 * <p>Depends on {@code io.snn4j.module}, {@code io.snn4j.functional}, {@code io.snn4j.optim},
 * {@code io.snn4j.internal} and {@code io.snn4j.tensor} (and EJML). Layers document their own
 * thread-safety; a layer in training mode, and a {@code Trainer}, are used by one thread at a time.
 */
package io.snn4j.nn;
