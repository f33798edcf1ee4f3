package io.curvature.kernel;

import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad calls are rejected before any work, with a message naming the argument. */
class KernelArgumentsTest {

    final Kernels k = new VectorKernels();

    @Test
    void vectorTooShort() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment x = arena.allocate(10 * 8);
            MemorySegment y = arena.allocate(8 * 8);
            var e = assertThrows(IllegalArgumentException.class, () -> k.dot(10, x, 0, y, 0));
            assertEquals("y: 10 elements at offset 0 need 80 bytes, the segment has 64", e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> k.axpy(5, 1, x, 6, y, 0));
            assertEquals("x: 5 elements at offset 6 need 88 bytes, the segment has 80", e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> k.scal(-1, 1, x, 0));
            assertEquals("x: negative length -1", e.getMessage());
        }
    }

    @Test
    void matrixViewChecksTheSegment() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocate(99 * 8);
            var e = assertThrows(IllegalArgumentException.class, () -> new MatrixView(s, 0, 10, 10, 10));
            assertEquals("a 10x10 matrix with leading dimension 10 at element offset 0 needs 800 bytes; the segment has 792",
                    e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> new MatrixView(s, 0, 3, 5, 4));
            assertEquals("leading dimension 4 is smaller than the 5 stored columns", e.getMessage());
        }
    }

    @Test
    void shapesMustMatch() {
        try (Arena arena = Arena.ofConfined()) {
            MatrixView x = new MatrixView(arena.allocate(12 * 8), 0, 4, 3, 3);
            MemorySegment small = arena.allocate(2 * 8);
            MemorySegment four = arena.allocate(4 * 8);
            var e = assertThrows(IllegalArgumentException.class, () -> k.gemv(x, small, 0, four, 0, 1));
            assertEquals("v: 3 elements at offset 0 need 24 bytes, the segment has 16", e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> k.glm(SampleLoss.LOGISTIC, x, small, 0, four, 0, four, 0, four, 0, 1));
            assertEquals("y: 4 elements at offset 0 need 32 bytes, the segment has 16", e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> k.gram(x, null, 0, four, 0, 1));
            assertEquals("out: 9 elements at offset 0 need 72 bytes, the segment has 32", e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> k.hvp(x, null, 0, four, 0, four, 0, 0));
            assertEquals("threads must be >= 1, got 0", e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> k.syr(3, 1, four, 0, four, 0, 3));
            assertTrue(e.getMessage().startsWith("A: 9 elements"), e.getMessage());
        }
    }

    @Test
    void closedMemoryIsAnExceptionNotACrash() {
        Arena arena = Arena.ofConfined();
        MemorySegment x = arena.allocate(16 * 8);
        arena.close();
        assertThrows(IllegalStateException.class, () -> k.dot(16, x, 0, x, 0));
    }

    @Test
    void providerNamesAndForcing() {
        assertEquals("scalar", KernelProvider.byName("scalar").name());
        assertTrue(KernelProvider.byName("VECTOR").name().startsWith("vector ("));
        var e = assertThrows(IllegalArgumentException.class, () -> KernelProvider.byName("gpu"));
        assertEquals("unknown kernels 'gpu' (default, vector, scalar)", e.getMessage());
        // the tests run with the incubator module, so the default is vector
        assertTrue(KernelProvider.get() instanceof VectorKernels, KernelProvider.reason());
    }
}
