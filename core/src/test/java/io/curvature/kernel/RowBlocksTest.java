package io.curvature.kernel;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** How rows are split into blocks: counts that 2 and 4 threads share evenly, and blocks that cover every row once. */
class RowBlocksTest {

    @Test
    void balancedCountsAreOneTwoOrAMultipleOfFour() {
        int[] balanced = new int[12];
        for (int b = 1; b <= 12; b++) {
            balanced[b - 1] = RowBlocks.balanced(b);
        }
        assertArrayEquals(new int[] {1, 2, 2, 4, 4, 4, 4, 8, 8, 8, 8, 12}, balanced);
    }

    @Test
    void countsFollowTheRowsAndTheCap() {
        assertEquals(1, RowBlocks.count(569, 1024, 64));
        assertEquals(2, RowBlocks.count(2049, 1024, 64), "three blocks' worth: two");
        assertEquals(8, RowBlocks.count(10_000, 1024, 64), "ten blocks' worth: eight");
        assertEquals(64, RowBlocks.count(1_000_000, 1024, 64));
        assertEquals(2, RowBlocks.count(1_000_000, 1024, 3), "a cap of three: two");
    }

    @Test
    void blocksCoverEveryRowOnceInOrder() {
        for (long rows : new long[] {1, 7, 2049, 10_000, 1_000_003}) {
            int blocks = RowBlocks.count(rows, 1024, 64);
            assertEquals(0, RowBlocks.start(rows, blocks, 0));
            assertEquals(rows, RowBlocks.start(rows, blocks, blocks));
            for (int b = 0; b < blocks; b++) {
                long size = RowBlocks.start(rows, blocks, b + 1) - RowBlocks.start(rows, blocks, b);
                assertEquals(rows / blocks, size, 1.0, "block " + b + " of " + blocks + " over " + rows + " rows");
            }
        }
    }
}
