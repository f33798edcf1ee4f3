package io.curvature.optim;

import io.curvature.kernel.KernelProvider;
import io.curvature.kernel.Kernels;
import io.curvature.linalg.Lapack;
import io.curvature.linalg.LinearAlgebra;
import io.curvature.objective.ConcurrentUseException;
import io.curvature.objective.Objective;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The state of one run: the objective with its evaluation counters and guards, the workspace (allocated
 * once, off-heap), the clock and the trace. Evaluations that fail (non-finite value, an exception, a
 * budget or time limit reached) end the run by throwing {@link Stop}, which the loop turns into a
 * {@link Status}.
 */
final class Run implements AutoCloseable {

    static final ValueLayout.OfDouble D = ValueLayout.JAVA_DOUBLE;

    /** Ends a run with a status; no stack trace (it is control flow, not an error). */
    static final class Stop extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final Status status;

        Stop(Status status, String message) {
            this(status, message, null);
        }

        /** With the objective's exception as the cause, kept in the {@link Result}. */
        Stop(Status status, String message, Throwable cause) {
            super(message, cause, false, false);
            this.status = status;
        }
    }

    final Objective objective;
    final Options options;
    final Kernels k;
    final Lapack lapack;
    /** Whether Newton-CG preconditions with {@code diag(H)}: the settings' choice, or AUTO's plan. */
    boolean preconditionNewtonCg;
    /** Newton-CG iterations whose CG was preconditioned with {@code diag(H)}. */
    int diagonalPreconditioned;
    final int d;
    /** The work memory: the kernels may read the work vectors from their worker threads. */
    final RunMemory memory;
    final TraceRecorder trace;
    private final long startNanos = System.nanoTime();

    /** Current point and gradient; trial point and its gradient; direction; two scratch vectors. */
    final MemorySegment w;
    final MemorySegment g;
    final MemorySegment wNew;
    final MemorySegment gNew;
    final MemorySegment p;
    final MemorySegment s;
    final MemorySegment y;

    double f;
    double fNew;
    long valueEvaluations;
    long gradientEvaluations;
    long hvpEvaluations;
    long hessianEvaluations;
    int modifiedEigenvalues;
    int iterations;

    Run(Objective objective, double[] w0, Options options) {
        this.objective = objective;
        this.options = options;
        this.k = KernelProvider.of(options.kernels());
        this.lapack = LinearAlgebra.of(options.lapack());
        this.preconditionNewtonCg = switch (options.settings().newtonCgPreconditioner()) {
            case DIAGONAL -> true;
            case NONE -> false;
            case BY_DATA -> Auto.diagonalPreconditionerPays(objective);
        };
        this.d = objective.dimension();
        if (w0 == null || w0.length != d) {
            throw new IllegalArgumentException("w0 has " + (w0 == null ? "no" : Integer.toString(w0.length))
                    + " entries but the objective has dimension " + d);
        }
        for (int j = 0; j < d; j++) {
            if (!Double.isFinite(w0[j])) {
                throw new IllegalArgumentException("w0[" + j + "] is " + w0[j] + " (the start must be finite)");
            }
        }
        // taken after the checks and given back if setting up fails: a thread's slab left in use would stay so
        this.memory = new RunMemory();
        try {
            this.trace = new TraceRecorder(memory, options.maxIterations() + 1L);
            this.w = vector();
            this.g = vector();
            this.wNew = vector();
            this.gNew = vector();
            this.p = vector();
            this.s = vector();
            this.y = vector();
        } catch (RuntimeException | Error e) {
            memory.close();
            throw e;
        }
        MemorySegment.copy(w0, 0, w, D, 0, d);
    }

    /** A new zeroed work vector of {@code d} doubles (workspace: call while setting up, not per iteration). */
    MemorySegment vector() {
        return memory.allocate(Math.max(1, d) * 8L, 64);
    }

    /** A new zeroed {@code d x d} work matrix; running out of memory is an exception that says how much was asked. */
    MemorySegment matrix() {
        return matrix(d);
    }

    /** A new zeroed {@code order x order} work matrix, as {@link #matrix()}. */
    MemorySegment matrix(int order) {
        long bytes = Math.max(1, (long) order * order) * 8L;
        try {
            return memory.allocate(bytes, 64);
        } catch (OutOfMemoryError e) {
            throw new IllegalStateException("out of memory for a " + order + " x " + order + " matrix (" + bytes / 1_000_000
                    + " MB): use a method that needs only vectors (lbfgs, newton-cg, trust-region)", e);
        }
    }

    double seconds() {
        return (System.nanoTime() - startNanos) * 1e-9;
    }

    private void budget() {
        if (valueEvaluations >= options.maxEvaluations()) {
            throw new Stop(Status.MAX_EVALUATIONS, "the budget of " + options.maxEvaluations() + " evaluations ran out");
        }
        if (seconds() > options.timeLimitSeconds()) {
            throw new Stop(Status.TIME_LIMIT, "the time limit of " + options.timeLimitSeconds() + " s passed");
        }
    }

    /** {@code f(at)} and its gradient into {@code grad}. */
    double evaluate(MemorySegment at, MemorySegment grad) {
        budget();
        double v;
        try {
            v = objective.valueAndGradient(at, grad);
        } catch (ConcurrentUseException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new Stop(Status.OBJECTIVE_FAILED, "the objective threw " + e, e);
        }
        valueEvaluations++;
        gradientEvaluations++;
        if (!Double.isFinite(v)) {
            throw new Stop(Status.NON_FINITE, "the objective value is " + v + " at evaluation " + valueEvaluations
                    + overflowHint(v));
        }
        for (int j = 0; j < d; j++) {
            double gj = grad.getAtIndex(D, j);
            if (!Double.isFinite(gj)) {
                throw new Stop(Status.NON_FINITE, "gradient component " + j + " is " + gj + " at evaluation "
                        + valueEvaluations + overflowHint(gj));
            }
        }
        return v;
    }

    /** For an infinite value: the likely cause, so the message says what to do. */
    static String overflowHint(double v) {
        return Double.isInfinite(v) ? " (an overflow: the data or the weights are too large for double precision; "
                + "scale the features, e.g. standardize them)" : "";
    }

    /** {@code out = H(at) v}. */
    void hessianVector(MemorySegment at, MemorySegment v, MemorySegment out) {
        try {
            objective.hessianVector(at, v, out);
        } catch (ConcurrentUseException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new Stop(Status.OBJECTIVE_FAILED, "the Hessian-vector product threw " + e, e);
        }
        hvpEvaluations++;
    }

    /** The dense Hessian at {@code at} into {@code h}, checked finite. */
    void hessian(MemorySegment at, MemorySegment h) {
        try {
            objective.hessian(at, h);
        } catch (ConcurrentUseException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new Stop(Status.OBJECTIVE_FAILED, "the Hessian threw " + e, e);
        }
        hessianEvaluations++;
        checkFinite(h);
    }

    /**
     * A least-squares GLM's normal equations into {@code ne} ({@link io.curvature.objective.GlmBase#normalEquations}),
     * checked finite, counted as a Hessian.
     */
    void normalEquations(io.curvature.objective.GlmBase glm, MemorySegment ne) {
        try {
            glm.normalEquations(ne);
        } catch (ConcurrentUseException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new Stop(Status.OBJECTIVE_FAILED, "the normal equations threw " + e, e);
        }
        hessianEvaluations++;
        checkFinite(ne, d + 1);
    }

    /**
     * A GLM's Hessian from every {@code stride}-th row into {@code h}, its products in single precision if
     * {@code single} and possible, checked finite, counted as a Hessian.
     */
    void subsampledHessian(io.curvature.objective.Glm glm, int stride, boolean single, MemorySegment at,
                           MemorySegment h) {
        try {
            glm.subsampledHessian(at, h, stride, single);
        } catch (ConcurrentUseException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new Stop(Status.OBJECTIVE_FAILED, "the Hessian threw " + e, e);
        }
        hessianEvaluations++;
        checkFinite(h);
    }

    /**
     * A GLM's Hessian with single-precision products into {@code h} ({@link io.curvature.objective.Glm#singlePrecisionHessian}),
     * checked finite, counted as a Hessian; {@code false}, nothing computed, where no such route exists.
     */
    boolean singlePrecisionHessian(io.curvature.objective.Glm glm, MemorySegment at, MemorySegment h) {
        boolean done;
        try {
            done = glm.singlePrecisionHessian(at, h);
        } catch (ConcurrentUseException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new Stop(Status.OBJECTIVE_FAILED, "the Hessian threw " + e, e);
        }
        if (done) {
            hessianEvaluations++;
            checkFinite(h);
        }
        return done;
    }

    private void checkFinite(MemorySegment h) {
        checkFinite(h, d);
    }

    /** Every entry of the {@code order x order} matrix {@code h} finite, else a {@link Status#NON_FINITE} stop. */
    private static void checkFinite(MemorySegment h, int order) {
        for (long i = 0; i < (long) order * order; i++) {
            if (!Double.isFinite(h.getAtIndex(D, i))) {
                throw new Stop(Status.NON_FINITE, "Hessian entry (" + i / order + "," + i % order + ") is "
                        + h.getAtIndex(D, i) + overflowHint(h.getAtIndex(D, i)));
            }
        }
    }

    private boolean startEvaluated;

    /** Evaluates {@code f} and the gradient at the start point once (AUTO may already have, timing it). */
    void evaluateStart() {
        if (!startEvaluated) {
            f = evaluate(w, g);
            startEvaluated = true;
        }
    }

    /** {@code ||v||_inf}. */
    double normInf(MemorySegment v) {
        double m = 0;
        for (int j = 0; j < d; j++) {
            m = Math.max(m, Math.abs(v.getAtIndex(D, j)));
        }
        return m;
    }

    /** {@code dst = a + t b}. */
    void combine(MemorySegment dst, MemorySegment a, double t, MemorySegment b) {
        MemorySegment.copy(a, 0, dst, 0, d * 8L);
        k.axpy(d, t, b, 0, dst, 0);
    }

    /** {@code dst = -src}. */
    void negate(MemorySegment dst, MemorySegment src) {
        MemorySegment.copy(src, 0, dst, 0, d * 8L);
        k.scal(d, -1, dst, 0);
    }

    /** {@code dst = a - b}. */
    void difference(MemorySegment dst, MemorySegment a, MemorySegment b) {
        combine(dst, a, -1.0, b);
    }

    double dot(MemorySegment a, MemorySegment b) {
        return k.dot(d, a, 0, b, 0);
    }

    double norm2(MemorySegment a) {
        return k.nrm2(d, a, 0);
    }

    /** Makes the trial point current: swaps nothing, copies (the segments stay where they are). */
    void accept() {
        MemorySegment.copy(wNew, 0, w, 0, d * 8L);
        MemorySegment.copy(gNew, 0, g, 0, d * 8L);
        f = fNew;
    }

    double[] currentPoint() {
        return w.toArray(D);
    }

    @Override
    public void close() {
        memory.close();
    }
}
