/**
 * Streaming spiking-network inference on Apache Flink: {@link io.snn4j.flink.SnnInference} puts an snn4j
 * network on a keyed stream of {@link io.snn4j.flink.StepInput} elements (one time step of one key's
 * input each) and emits one {@link io.snn4j.flink.StepOutput} per element. Each key's neuron state lives
 * in Flink's keyed state ({@link io.snn4j.flink.KeyState}, serialized by
 * {@link io.snn4j.flink.KeyStateSerializer}, not Kryo), so it is checkpointed and restored exactly after a
 * failure, and an idle key's state can expire. The elements travel with serializers of their own
 * ({@link io.snn4j.flink.StepInputSerializer}, {@link io.snn4j.flink.StepOutputSerializer}, attached to the
 * classes by Flink's {@code @TypeInfo}), not Flink's reflective POJO serializer or Kryo. Elements of
 * many keys may be stepped together as one batch through the SIMD kernels; the numbers equal stepping
 * each key alone, bit for bit.
 */
package io.snn4j.flink;
