/**
 * The example job of the Flink integration: the Norse-trained digits network over a synthetic stream
 * of many keys on a local Flink mini-cluster ({@code scripts/flink-example}).
 */
package io.snn4j.flink.example;
