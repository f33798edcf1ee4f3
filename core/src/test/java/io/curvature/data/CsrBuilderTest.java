package io.curvature.data;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** {@link CsrMatrix.Builder}: rows appended off-heap through several doublings read back as given. */
class CsrBuilderTest {

    @Test
    void rowsSurviveTheStorageDoublingBitForBit() {
        Random rnd = new Random(3);
        int n = 700;
        int d = 50;
        double[][] dense = new double[n][d];
        try (CsrMatrix.Builder b = new CsrMatrix.Builder(1)) { // one entry to start: every add past it doubles
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < d; j++) {
                    if (rnd.nextInt(5) == 0 && i % 7 != 2) {
                        dense[i][j] = rnd.nextGaussian();
                        b.add(j, dense[i][j]);
                    }
                }
                b.endRow();
            }
            assertEquals(n, b.rows());
            try (CsrMatrix m = b.build(d)) {
                assertEquals(n, m.rows());
                assertEquals(d, m.cols());
                assertEquals(b.nonzeros(), m.nonzeros());
                double[] row = new double[d];
                for (int i = 0; i < n; i++) {
                    m.rowInto(i, row);
                    for (int j = 0; j < d; j++) {
                        assertEquals(Double.doubleToRawLongBits(dense[i][j]), Double.doubleToRawLongBits(row[j]),
                                "row " + i + ", column " + j);
                    }
                }
            }
        }
    }

    @Test
    void columnsShiftForOneBasedInput() {
        try (CsrMatrix.Builder b = CsrMatrix.builder()) {
            b.add(1, 2.0);
            b.add(3, 4.0);
            b.endRow();
            b.shiftColumns(1);
            assertEquals(2, b.maxColumn());
            try (CsrMatrix m = b.build(3)) {
                assertEquals(0, m.column(0));
                assertEquals(2, m.column(1));
            }
        }
    }

    @Test
    void misuseIsNamed() {
        try (CsrMatrix.Builder b = CsrMatrix.builder()) {
            b.add(4, 1.0);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.add(4, 2.0));
            assertEquals("row 0: column 4 does not follow column 4 (columns ascend within a row)", e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> b.build(10));
            assertEquals("row 0 has entries but was not ended", e.getMessage());
            b.endRow();
            e = assertThrows(IllegalArgumentException.class, () -> b.add(-1, 2.0));
            assertEquals("row 1: column -1 is negative", e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> b.build(4));
            assertEquals("column 4 is outside 0..3", e.getMessage());
            b.build(5).close();
            IllegalStateException spent = assertThrows(IllegalStateException.class, b::endRow);
            assertEquals("the builder was built or closed", spent.getMessage());
        }
    }
}
