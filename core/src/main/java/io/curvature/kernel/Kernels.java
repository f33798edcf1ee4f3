package io.curvature.kernel;

import java.lang.foreign.MemorySegment;

/**
 * The numeric kernels of Curvature, on doubles in {@link MemorySegment}s.
 *
 * <p>Conventions: every offset is an <em>element</em> index (bytes / 8) into its segment; vectors are
 * contiguous; matrices are row-major {@link MatrixView}s. Arguments are checked before any work
 * (shapes, offsets, segment sizes) and a bad call is an {@link IllegalArgumentException} that names the
 * argument. Outputs must not overlap inputs unless stated. Segments are not owned: the caller keeps
 * them open for the duration of the call.
 *
 * <p>The row-block operations ({@code gemv}, {@code gemvT}, {@code glm}, {@code hvp}, {@code gram},
 * {@code augmentedGram}) take a
 * thread count; their results are bitwise identical for any thread count (see {@link RowBlocks}).
 * With one thread they allocate nothing.
 *
 * <p>Implementations: {@link ScalarKernels} (plain loops, the reference) and {@link VectorKernels}
 * ({@code jdk.incubator.vector}); {@link KernelProvider} picks one.
 */
public interface Kernels {

    /** {@return a short name for reports: {@code "scalar"} or {@code "vector"} with the species} */
    String name();

    /**
     * {@code sum_k x[k] y[k]} over {@code n} elements.
     *
     * @param n the number of elements
     * @param x the first vector
     * @param xOff its first element
     * @param y the second vector
     * @param yOff its first element
     * @return the dot product
     */
    double dot(int n, MemorySegment x, long xOff, MemorySegment y, long yOff);

    /**
     * {@code y += alpha x} over {@code n} elements.
     *
     * @param n the number of elements
     * @param alpha the scale of {@code x}
     * @param x the vector added
     * @param xOff its first element
     * @param y the vector updated
     * @param yOff its first element
     */
    void axpy(int n, double alpha, MemorySegment x, long xOff, MemorySegment y, long yOff);

    /**
     * {@code x *= alpha} over {@code n} elements.
     *
     * @param n the number of elements
     * @param alpha the factor
     * @param x the vector, scaled in place
     * @param xOff its first element
     */
    void scal(int n, double alpha, MemorySegment x, long xOff);

    /**
     * The Euclidean norm of {@code n} elements without overflow or underflow in the intermediate sum of
     * squares (a rescaled second pass when the plain sum leaves the normal range). NaN if any element is NaN.
     *
     * @param n the number of elements
     * @param x the first vector
     * @param xOff its first element
     * @return {@code ||x||_2}
     */
    double nrm2(int n, MemorySegment x, long xOff);

    /**
     * {@code out = A v}: {@code v} has {@code A.cols()} elements, {@code out} {@code A.rows()}.
     *
     * @param a the matrix
     * @param v the vector
     * @param vOff its first element
     * @param out the result
     * @param outOff its first element
     * @param threads threads to use, {@code >= 1}
     */
    void gemv(MatrixView a, MemorySegment v, long vOff, MemorySegment out, long outOff, int threads);

    /**
     * {@code out = A^T r}: {@code r} has {@code A.rows()} elements, {@code out} {@code A.cols()}.
     *
     * @param a the matrix
     * @param r the vector
     * @param rOff its first element
     * @param out the result
     * @param outOff its first element
     * @param threads threads to use, {@code >= 1}
     */
    void gemvT(MatrixView a, MemorySegment r, long rOff, MemorySegment out, long outOff, int threads);

    /**
     * The fused GLM pass (docs/math.md 1.1), one pass over {@code X}: with {@code z = X w}, writes
     * {@code grad = X^T r} with {@code r_i = l'(z_i, y_i)} and {@code weights_i = l''(z_i, y_i)}, and returns
     * {@code sum_i l(z_i, y_i)}. Sums, not means: the objective divides by {@code n} and adds the penalty.
     *
     * @param y       {@code n} targets
     * @param w       {@code d} parameters
     * @param grad    {@code d} outputs
     * @param weights {@code n} outputs (the diagonal {@code D})
     * @param loss the per-sample loss
     * @param x the rows, {@code n x d}
     * @param yOff the first target
     * @param wOff the first parameter
     * @param gradOff the first gradient output
     * @param weightsOff the first weight output
     * @param threads threads to use, {@code >= 1}
     * @return {@code sum_i l(z_i, y_i)}
     */
    double glm(SampleLoss loss, MatrixView x, MemorySegment y, long yOff, MemorySegment w, long wOff,
               MemorySegment grad, long gradOff, MemorySegment weights, long weightsOff, int threads);

    /**
     * The fused Hessian-vector product, one pass over {@code X}: {@code out = X^T (D (X v))}.
     *
     * @param weights {@code n} weights {@code D}, or {@code null} for {@code D = I}
     * @param x the rows, {@code n x d}
     * @param weightsOff the first weight
     * @param v the direction, {@code d} elements
     * @param vOff its first element
     * @param out the product, {@code d} elements
     * @param outOff its first element
     * @param threads threads to use, {@code >= 1}
     */
    void hvp(MatrixView x, MemorySegment weights, long weightsOff, MemorySegment v, long vOff,
             MemorySegment out, long outOff, int threads);

    /**
     * The Gram-matrix Hessian {@code out = X^T D X}, {@code d x d} row-major with leading dimension
     * {@code d}: the upper triangle is computed, then mirrored, so {@code out} is exactly symmetric.
     *
     * @param weights {@code n} weights {@code D}, or {@code null} for {@code D = I}
     * @param x the rows, {@code n x d}
     * @param weightsOff the first weight
     * @param out the {@code d x d} result
     * @param outOff its first element
     * @param threads threads to use, {@code >= 1}
     */
    void gram(MatrixView x, MemorySegment weights, long weightsOff, MemorySegment out, long outOff, int threads);

    /**
     * The Gram matrix of {@code X} with {@code c} appended as one more column, {@code out = [X c]^T [X c]}, in one
     * pass over {@code X}: {@code (d + 1) x (d + 1)} row-major with leading dimension {@code d + 1}, exactly
     * symmetric. Its leading {@code d x d} block has the bits of {@link #gram} with {@code D = I}, its last column
     * is {@code X^T c} and its corner {@code c . c}: the normal equations of least squares (docs/math.md 2.2).
     *
     * @param x the rows, {@code n x d}
     * @param c the appended column, {@code n} elements
     * @param cOff its first element
     * @param out the {@code (d + 1) x (d + 1)} result
     * @param outOff its first element
     * @param threads threads to use, {@code >= 1}
     */
    void augmentedGram(MatrixView x, MemorySegment c, long cOff, MemorySegment out, long outOff, int threads);

    /**
     * Symmetric rank-1 update {@code A += alpha x x^T} of a full {@code n x n} matrix; entry {@code (j, k)}
     * gets {@code alpha (x_j x_k)}, so a symmetric {@code A} stays exactly symmetric.
     *
     * @param n the order of {@code A}
     * @param alpha the scale
     * @param x the vector
     * @param xOff its first element
     * @param a the matrix, updated
     * @param aOff its first element
     * @param lda its leading dimension, {@code >= n}
     */
    void syr(int n, double alpha, MemorySegment x, long xOff, MemorySegment a, long aOff, int lda);

    /**
     * Symmetric rank-2 update {@code A += alpha (x y^T + y x^T)} of a full {@code n x n} matrix; entry
     * {@code (j, k)} gets {@code alpha (x_j y_k + y_j x_k)}, so a symmetric {@code A} stays exactly symmetric.
     *
     * @param n the order of {@code A}
     * @param alpha the scale
     * @param x the first vector
     * @param xOff its first element
     * @param y the second vector
     * @param yOff its first element
     * @param a the matrix, updated
     * @param aOff its first element
     * @param lda its leading dimension, {@code >= n}
     */
    void syr2(int n, double alpha, MemorySegment x, long xOff, MemorySegment y, long yOff,
              MemorySegment a, long aOff, int lda);

    /**
     * {@code y = alpha A x + beta y} for a full symmetric {@code n x n} matrix {@code A}; with
     * {@code beta == 0} the old {@code y} is not read (it may hold NaN).
     *
     * @param n the order of {@code A}
     * @param a the matrix {@code A}
     * @param aOff its first element
     * @param lda its leading dimension, {@code >= n}
     * @param alpha the scale of {@code A x}
     * @param x the vector
     * @param xOff its first element
     * @param beta the scale of the old {@code y}
     * @param y the result
     * @param yOff its first element
     */
    void symv(int n, double alpha, MemorySegment a, long aOff, int lda, MemorySegment x, long xOff,
              double beta, MemorySegment y, long yOff);
}
