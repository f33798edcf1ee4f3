package io.curvature.data;

import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link CsrMatrix#copyEntries}: a range of entries, columns and values, into heap arrays; checked, and not after close. */
class CsrEntriesTest {

    @Test
    void copiesARangeOfEntries() {
        double[][] dense = {{0, 1.5, 0, -2}, {0, 0, 0, 0}, {3, 0, 0.25, 0}, {0, 0, 0, 7}};
        try (CsrMatrix m = CsrMatrix.of(DenseMatrix.of(dense))) {
            assertEquals(5, m.nonzeros());
            int[] columns = new int[8];
            double[] values = new double[8];
            columns[3] = -1; // past the copied range: untouched
            m.copyEntries(m.rowStart(2), 3, MemorySegment.ofArray(columns), MemorySegment.ofArray(values));
            assertArrayEquals(new int[] {0, 2, 3, -1}, java.util.Arrays.copyOf(columns, 4));
            assertArrayEquals(new double[] {3, 0.25, 7}, java.util.Arrays.copyOf(values, 3));
            m.copyEntries(0, 0, MemorySegment.ofArray(new int[0]), MemorySegment.ofArray(new double[0]));
            assertThrows(IndexOutOfBoundsException.class,
                    () -> m.copyEntries(3, 3, MemorySegment.ofArray(columns), MemorySegment.ofArray(values)));
            m.close();
            var e = assertThrows(IllegalStateException.class,
                    () -> m.copyEntries(0, 1, MemorySegment.ofArray(columns), MemorySegment.ofArray(values)));
            assertTrue(e.getMessage().contains("close"), e.getMessage());
        }
    }
}
