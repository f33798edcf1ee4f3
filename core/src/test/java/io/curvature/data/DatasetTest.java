package io.curvature.data;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DatasetTest {

    @Test
    void interceptIsAnUnpenalizedColumnOfOnes() {
        try (Dataset ds = Dataset.of(DenseMatrix.of(new double[][] {{1, 2}, {3, 4}, {5, 6}}), DenseVector.of(0, 1, 0),
                new String[] {"a", "b"});
             Dataset di = ds.withIntercept()) {
            assertFalse(ds.hasIntercept());
            assertTrue(di.hasIntercept());
            assertTrue(di.hasImplicitIntercept());
            assertEquals(3, di.features());
            assertEquals(ds.x().segment().address(), di.x().segment().address(), "X is shared, not copied");
            assertArrayEquals(new double[][] {{1, 2}, {3, 4}, {5, 6}}, di.x().toArray());
            double[] row = new double[3];
            di.rowInto(1, row);
            assertArrayEquals(new double[] {3, 4, 1}, row);
            try (Dataset explicit = di.toDense()) {
                assertFalse(explicit.hasImplicitIntercept());
                assertTrue(explicit.hasIntercept());
                assertArrayEquals(new double[][] {{1, 2, 1}, {3, 4, 1}, {5, 6, 1}}, explicit.x().toArray());
            }
            assertArrayEquals(new double[] {0, 1, 0}, di.y().toArray());
            assertTrue(di.isPenalized(0));
            assertTrue(di.isPenalized(1));
            assertFalse(di.isPenalized(2));
            assertTrue(ds.isPenalized(1));
            assertArrayEquals(new String[] {"a", "b", "(intercept)"}, di.featureNames());
            var e = assertThrows(IllegalStateException.class, di::withIntercept);
            assertEquals("the data set already has an intercept column", e.getMessage());
        }
    }

    @Test
    void anInterceptViewLeavesItsMatrixToTheOriginalUnlessItTookItOver() {
        Dataset ds = Dataset.of(DenseMatrix.of(new double[][] {{1, 2}, {3, 4}}), DenseVector.of(0, 1));
        Dataset view = ds.withIntercept();
        view.close();
        assertTrue(ds.x().isOpen(), "closing the view leaves X open");
        ds.close();
        var e = assertThrows(IllegalStateException.class, () -> view.x().segment());
        assertTrue(e.getMessage().contains("used after close()"), e.getMessage());

        Dataset raw = Dataset.of(DenseMatrix.of(new double[][] {{1, 2}, {3, 4}}), DenseVector.of(0, 1));
        Dataset owner = raw.withInterceptTakingOver();
        assertTrue(raw.x().isOpen());
        owner.close();
        assertFalse(raw.x().isOpen(), "closing the data set that took over closes the original");
        assertFalse(raw.y().isOpen());
    }

    @Test
    void shapesMustAgree() {
        DenseMatrix x = DenseMatrix.zeros(3, 2);
        DenseVector y = DenseVector.zeros(4);
        var e = assertThrows(IllegalArgumentException.class, () -> Dataset.of(x, y));
        assertEquals("X has 3 rows but y has 4 entries", e.getMessage());
        x.close();
        y.close();
        var r = assertThrows(IllegalArgumentException.class, () -> DenseMatrix.of(new double[][] {{1, 2}, {3}}));
        assertEquals("ragged rows: row 0 has 2 columns, row 1 has 1", r.getMessage());
    }

    @Test
    void allocationIsAlignedAndZeroed() {
        try (DenseMatrix m = DenseMatrix.zeros(7, 3); DenseVector v = DenseVector.zeros(5)) {
            assertEquals(0, m.segment().address() % OffHeapArray.ALIGNMENT);
            assertEquals(0, v.segment().address() % OffHeapArray.ALIGNMENT);
            assertEquals(0.0, m.get(6, 2));
            var e = assertThrows(IndexOutOfBoundsException.class, () -> m.get(7, 0));
            assertEquals("(7, 0) outside 7x3 DenseMatrix", e.getMessage());
        }
    }
}
