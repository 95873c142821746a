/** JMH benchmarks of the Flink integration ({@code scripts/flink-bench}). */
package io.snn4j.flink.bench;
