package io.snn4j.internal.vectorization;

/**
 * The coefficient slots of every kernel, named once: a model's coefficient function fills slot
 * {@code X} with the value the kernel reads from {@code c[X]} (see {@link io.snn4j.functional.Coefficients}).
 * The products with {@code dt} are float32 products, as Norse computes them. Backward kernels read the
 * forward slots and {@code ALPHA} (the surrogate's sharpness) after them. Constants only.
 */
public final class Slots {
    private Slots() {
    }

    /** LIF ({@link Kernels#lif}) and its refractory form ({@link Kernels#lifRefrac}). */
    public static final class Lif {
        /** {@code dt * tau_mem_inv}. */
        public static final int A_MEM = 0;
        /** {@code -dt * tau_syn_inv}. */
        public static final int A_SYN = 1;
        /** {@code v_leak}. */
        public static final int V_LEAK = 2;
        /** {@code v_th}. */
        public static final int V_TH = 3;
        /** {@code v_reset}. */
        public static final int V_RESET = 4;
        /** The number of LIF slots. */
        public static final int COUNT = 5;
        /** {@code rho_reset} (refractory form, after the LIF slots). */
        public static final int RHO_RESET = 5;
        /** {@code alpha} (backward, after the LIF slots). */
        public static final int ALPHA = 5;

        private Lif() {
        }
    }

    /** The leaky integrator ({@link Kernels#li}). */
    public static final class Li {
        /** {@code dt * tau_mem_inv}. */
        public static final int A_MEM = 0;
        /** {@code -dt * tau_syn_inv}. */
        public static final int A_SYN = 1;
        /** {@code v_leak}. */
        public static final int V_LEAK = 2;
        /** The number of slots. */
        public static final int COUNT = 3;

        private Li() {
        }
    }

    /** The box LIF ({@link Kernels#lifBox}) and Norse's current encoder ({@link Kernels#lifCurrentEncoder}). */
    public static final class LifBox {
        /** {@code dt * tau_mem_inv}. */
        public static final int A_MEM = 0;
        /** {@code v_leak}. */
        public static final int V_LEAK = 1;
        /** {@code v_th}. */
        public static final int V_TH = 2;
        /** {@code v_reset}. */
        public static final int V_RESET = 3;
        /** The number of slots. */
        public static final int COUNT = 4;
        /** 1 for {@code reset_subtract}, 0 for {@code reset_value} (box LIF only, after the shared slots). */
        public static final int SUBTRACT = 4;

        private LifBox() {
        }
    }

    /** The box LI ({@link Kernels#liBox}). */
    public static final class LiBox {
        /** {@code dt * tau_mem_inv}. */
        public static final int A_MEM = 0;
        /** {@code v_leak}. */
        public static final int V_LEAK = 1;
        /** The number of slots. */
        public static final int COUNT = 2;

        private LiBox() {
        }
    }

    /** Integrate-and-fire ({@link Kernels#iaf}). */
    public static final class Iaf {
        /** {@code v_th}. */
        public static final int V_TH = 0;
        /** {@code v_reset}. */
        public static final int V_RESET = 1;
        /** The number of slots. */
        public static final int COUNT = 2;

        private Iaf() {
        }
    }

    /** LSNN ({@link Kernels#lsnn}). */
    public static final class Lsnn {
        /** {@code dt * tau_mem_inv}. */
        public static final int A_MEM = 0;
        /** {@code -dt * tau_syn_inv}. */
        public static final int A_SYN = 1;
        /** {@code dt * tau_adapt_inv}. */
        public static final int A_ADAPT = 2;
        /** {@code v_leak}. */
        public static final int V_LEAK = 3;
        /** {@code v_th}. */
        public static final int V_TH = 4;
        /** {@code v_reset}. */
        public static final int V_RESET = 5;
        /** {@code beta}. */
        public static final int BETA = 6;
        /** The number of slots. */
        public static final int COUNT = 7;
        /** {@code alpha} (backward). */
        public static final int ALPHA = 7;

        private Lsnn() {
        }
    }

    /** Exponential and adaptive exponential LIF ({@link Kernels#lifEx}, {@link Kernels#lifAdEx}, refractory form). */
    public static final class LifAdEx {
        /** {@code dt * tau_mem_inv}. */
        public static final int A_MEM = 0;
        /** {@code -dt * tau_syn_inv}. */
        public static final int A_SYN = 1;
        /** {@code v_leak}. */
        public static final int V_LEAK = 2;
        /** {@code v_th}. */
        public static final int V_TH = 3;
        /** {@code v_reset}. */
        public static final int V_RESET = 4;
        /** {@code delta_T}. */
        public static final int DELTA_T = 5;
        /** The number of LIFEx slots. */
        public static final int EX_COUNT = 6;
        /** {@code dt * tau_ada_inv}. */
        public static final int A_ADA = 6;
        /** {@code adaptation_current}. */
        public static final int ADAPTATION_CURRENT = 7;
        /** {@code adaptation_spike}. */
        public static final int ADAPTATION_SPIKE = 8;
        /** The number of LIFAdEx slots. */
        public static final int COUNT = 9;
        /** {@code rho_reset} (refractory form). */
        public static final int RHO_RESET = 9;

        private LifAdEx() {
        }
    }

    /** Izhikevich ({@link Kernels#izhikevich}). */
    public static final class Izhikevich {
        /** {@code tau_inv * dt} (computed in double, rounded once). */
        public static final int KV = 0;
        /** {@code tau_inv * dt * a} (computed in double, rounded once). */
        public static final int KU = 1;
        /** {@code sq}. */
        public static final int SQ = 2;
        /** {@code mn}. */
        public static final int MN = 3;
        /** {@code bias}. */
        public static final int BIAS = 4;
        /** {@code b}. */
        public static final int B = 5;
        /** {@code v_th}. */
        public static final int V_TH = 6;
        /** {@code c} (the voltage after a spike). */
        public static final int C = 7;
        /** {@code d} (the jump of u after a spike). */
        public static final int D = 8;
        /** The number of slots. */
        public static final int COUNT = 9;

        private Izhikevich() {
        }
    }

    /** Conductance-based LIF ({@link Kernels#cobaLif}). */
    public static final class CobaLif {
        /** {@code -dt * tau_syn_exc_inv}. */
        public static final int A_E = 0;
        /** {@code -dt * tau_syn_inh_inv}. */
        public static final int A_I = 1;
        /** {@code dt * c_m_inv}. */
        public static final int A_MEM = 2;
        /** {@code g_l}. */
        public static final int G_L = 3;
        /** {@code e_rev_I}. */
        public static final int E_REV_I = 4;
        /** {@code e_rev_E}. */
        public static final int E_REV_E = 5;
        /** {@code v_rest}. */
        public static final int V_REST = 6;
        /** {@code v_reset}. */
        public static final int V_RESET = 7;
        /** {@code v_thresh}. */
        public static final int V_TH = 8;
        /** The number of slots. */
        public static final int COUNT = 9;

        private CobaLif() {
        }
    }

    /** The multi-compartment refractory LIF ({@link Kernels#lifMcRefrac}). */
    public static final class LifMc {
        /** {@code tau_mem_inv} (Norse's old order multiplies by dt later). */
        public static final int TAU_MEM = 0;
        /** {@code -dt * tau_syn_inv}. */
        public static final int A_SYN = 1;
        /** {@code v_leak}. */
        public static final int V_LEAK = 2;
        /** {@code v_th}. */
        public static final int V_TH = 3;
        /** {@code v_reset}. */
        public static final int V_RESET = 4;
        /** {@code rho_reset}. */
        public static final int RHO_RESET = 5;
        /** {@code dt}. */
        public static final int DT = 6;
        /** The coupling's scale (dt when fixed, 1 as Norse). */
        public static final int COUPLING_SCALE = 7;
        /** The number of slots. */
        public static final int COUNT = 8;

        private LifMc() {
        }
    }
}
