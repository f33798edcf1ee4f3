package io.curvature.objective;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** A dense Hessian from Hessian-vector products: column {@code j} is {@code H e_j}, then symmetrized. */
final class DenseHessian {

    private static final ValueLayout.OfDouble D = ValueLayout.JAVA_DOUBLE;

    private DenseHessian() {
    }

    static void fromHessianVectorProducts(Objective f, MemorySegment w, MemorySegment h) {
        int d = f.dimension();
        try (Arena arena = Arena.ofShared()) { // a multi-threaded objective reads them in its threads
            MemorySegment e = arena.allocate(d * 8L, 64);
            MemorySegment col = arena.allocate(d * 8L, 64);
            for (int j = 0; j < d; j++) {
                e.setAtIndex(D, j, 1.0);
                f.hessianVector(w, e, col);
                e.setAtIndex(D, j, 0.0);
                for (int i = 0; i < d; i++) {
                    h.setAtIndex(D, (long) i * d + j, col.getAtIndex(D, i));
                }
            }
        }
        for (int i = 0; i < d; i++) {
            for (int j = i + 1; j < d; j++) {
                double s = 0.5 * (h.getAtIndex(D, (long) i * d + j) + h.getAtIndex(D, (long) j * d + i));
                h.setAtIndex(D, (long) i * d + j, s);
                h.setAtIndex(D, (long) j * d + i, s);
            }
        }
    }
}
