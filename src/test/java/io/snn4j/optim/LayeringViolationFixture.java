package io.snn4j.optim;

import org.ejml.data.FMatrixRMaj;

/**
 * Not a test and never run: a class in the optim package that depends on EJML, which the rule
 * "optim depends only on tensor" must report ({@code LayeringTest}).
 */
final class LayeringViolationFixture {
    private LayeringViolationFixture() {
    }

    static void violation(FMatrixRMaj matrix) {
    }
}
