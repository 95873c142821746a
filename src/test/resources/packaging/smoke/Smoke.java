package smoke;

import io.snn4j.functional.LIFParameters;
import io.snn4j.module.LIF;
import io.snn4j.module.LIFRecurrent;
import io.snn4j.module.RecurrentOptions;
import io.snn4j.tensor.Tensor;
import org.ejml.data.FMatrixRMaj;

/**
 * An application of a few lines that PackagingIT compiles against the standalone jar alone (or the
 * library jar and EJML as modules) and runs on JDK 17, with and without the vector module. It prints the
 * Java version and a fingerprint of the spikes of a feed-forward and a recurrent LIF layer, which must
 * be the same on the SIMD and the scalar path.
 */
public final class Smoke {
    private Smoke() {
    }

    public static void main(String[] args) {
        Tensor x = Tensor.full(1.5f, 60, 4, 40);                   // (T, B, N_in)
        long feedForward = new LIF(LIFParameters.DEFAULT, 0.001).forward(x).output().countNonZero();

        FMatrixRMaj wIn = new FMatrixRMaj(24, 40);                  // (H, N_in): an EJML type from the jar
        for (int k = 0; k < wIn.data.length; k++) {
            wIn.data[k] = ((k * 37) % 11 - 3) * 0.004f;
        }
        LIFRecurrent recurrent = new LIFRecurrent(40, 24, LIFParameters.DEFAULT,
                RecurrentOptions.DEFAULT.withSeed(7).withInputWeights(wIn));
        Tensor z = recurrent.forward(x).output();                  // (T, B, H) spikes, 0 or 1
        long fingerprint = 0;
        long spikes = 0;
        for (int k = 0; k < z.size(); k++) {
            if (z.data()[z.offset() + k] != 0f) {
                spikes++;
                fingerprint = fingerprint * 31 + k;
            }
        }
        System.out.println("java " + System.getProperty("java.specification.version"));
        System.out.println("feed-forward spikes " + feedForward);
        System.out.println("recurrent spikes " + spikes + " fingerprint " + Long.toHexString(fingerprint));
    }
}
