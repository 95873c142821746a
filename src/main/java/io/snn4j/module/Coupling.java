package io.snn4j.module;

import io.snn4j.internal.SeededRandom;
import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.CommonOps_FDRM;

/** The compartment coupling of the multi-compartment cells: {@code g_coupling} and its transpose. */
final class Coupling {
    final FMatrixRMaj g;
    final float[] gT;

    Coupling(FMatrixRMaj given, int hidden, SeededRandom random) {
        FMatrixRMaj g = given == null ? null : given.copy();
        if (g == null) {
            // Norse: randn(h, h) / sqrt(h), drawn after the input and recurrent weights
            g = new FMatrixRMaj(hidden, hidden);
            float scale = (float) Math.sqrt(hidden);
            for (int k = 0; k < g.data.length; k++) {
                g.data[k] = (float) random.nextGaussian() / scale;
            }
        } else {
            RecurrentModule.requireMatrix("g_coupling", g, hidden, hidden);
        }
        this.g = g;
        this.gT = CommonOps_FDRM.transpose(g, null).data;
    }
}
