package io.snn4j.tensor;

import io.jhdf.HdfFile;
import io.snn4j.module.LIFCell;
import java.awt.Color;
import jdk.incubator.vector.FloatVector;

/**
 * Not a test and never run: a class in the tensor package that breaks the layering rules on purpose
 * (it uses a module, the vector API, java.desktop and jhdf), so that {@code LayeringTest} can show that
 * each rule reports such a class.
 */
final class LayeringViolationFixture {
    private LayeringViolationFixture() {
    }

    static void violations(LIFCell cell, FloatVector vector, Color color, HdfFile file) {
    }
}
