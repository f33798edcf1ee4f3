package io.curvature.optim;

import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class TraceRecorderTest {

    @Test
    void keepsEveryColumnAndOnlyTheRowsItHasRoomFor() {
        try (Arena arena = Arena.ofConfined()) {
            TraceRecorder r = new TraceRecorder(arena, 3);
            for (int i = 0; i < 5; i++) {
                r.add(10 - i, 1.0 / (i + 1), i * 0.5, i * 0.1, i == 1 ? Double.NaN : i, i % 2 == 1);
            }
            Trace t = r.toTrace();
            assertEquals(3, t.size());
            assertArrayEquals(new double[] {10, 9, 8}, t.f(), 0.0);
            assertArrayEquals(new double[] {1, 0.5, 1.0 / 3}, t.gradNorm(), 0.0);
            assertArrayEquals(new double[] {0, 0.5, 1}, t.step(), 0.0);
            assertArrayEquals(new double[] {0, 0.1, 0.2}, t.seconds(), 0.0);
            assertArrayEquals(new double[] {0, Double.NaN, 2}, t.kappa(), 0.0);
            assertArrayEquals(new boolean[] {false, true, false}, t.shrunk());
            String[] csv = t.toCsv().split("\n");
            assertEquals(4, csv.length);
            assertEquals("iteration,f,grad_norm,step,seconds,kappa,shrunk", csv[0]);
            assertEquals("1,9.0,0.5,0.5,0.1,NaN,true", csv[2]);
        }
    }

    @Test
    void growsPastItsFirstRowsAndKeepsThemAll() {
        try (Arena arena = Arena.ofConfined()) {
            int n = 3 * TraceRecorder.INITIAL_ROWS + 7;
            TraceRecorder r = new TraceRecorder(arena, 100_000);
            for (int i = 0; i < n; i++) {
                r.add(i, -i, 0.5 * i, 0.1 * i, i, i % 3 == 0);
            }
            Trace t = r.toTrace();
            assertEquals(n, t.size());
            for (int i = 0; i < n; i++) {
                assertEquals(i, t.f()[i], 0.0);
                assertEquals(-i, t.gradNorm()[i], 0.0);
                assertEquals(i % 3 == 0, t.shrunk()[i]);
            }
        }
    }

    @Test
    void capacityIsCappedSoAHugeIterationBudgetDoesNotReserveGigabytes() {
        try (Arena arena = Arena.ofConfined()) {
            TraceRecorder r = new TraceRecorder(arena, Integer.MAX_VALUE + 1L);
            r.add(1, 2, 3, 4, 5, true);
            assertEquals(1, r.toTrace().size());
        }
    }
}
