/**
 * The {@code snn} command line ({@code demo}, {@code run}, {@code train}, {@code bench}, {@code plot}),
 * built with picocli and drawing its plots with java.desktop (AWT, ImageIO). It ships in the CLI jar
 * only ({@code snn4j-VERSION-cli.jar}, which {@code scripts/snn} runs), together with its example data
 * ({@code digits/*.npy}); the library jars leave this package out, and no library package depends on
 * it. Not an API for applications: use the library packages instead.
 */
package io.snn4j.cli;
