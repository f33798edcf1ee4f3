package io.curvature.data;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Memory the library allocates frees itself when dropped; memory it borrows is never freed by it. */
class ForgottenCloseTest {

    /** Matrices of 1000 x 1000 doubles (8 MB) created and dropped unclosed in the child JVM. */
    static final int DROPPED = 60;
    /** The child's heap limit, which is also where the off-heap count first asks for a collection. */
    static final String LIMIT = "-Xmx64m";

    /**
     * The child: allocates and drops {@link #DROPPED} matrices, touching each, then prints its resident set in kB. Without
     * the cleaners and the off-heap count it would hold all 480 MB.
     */
    public static void main(String[] args) throws IOException {
        long peak = 0;
        for (int k = 0; k < DROPPED; k++) {
            DenseMatrix m = DenseMatrix.zeros(1000, 1000);
            m.segment().fill((byte) 1); // resident, not just reserved
            peak = Math.max(peak, OffHeapBudget.inUse());
        }
        System.out.println(peak);
        for (int i = 0; i < 100 && OffHeapBudget.inUse() > 0; i++) {
            System.gc(); // and wait for the cleaners, as a long-running service would in time
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                System.out.println(line.replaceAll("\\D", ""));
            }
        }
    }

    @Test
    void droppedMatricesAreReclaimedUnderASmallOffHeapLimit() throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        ProcessBuilder pb = new ProcessBuilder(java, LIMIT, "-cp", System.getProperty("java.class.path"),
                ForgottenCloseTest.class.getName()).redirectErrorStream(true);
        pb.environment().put("MALLOC_TRIM_THRESHOLD_", "0"); // glibc: give freed memory back, so RSS shows what is held
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes()).strip();
        assertEquals(0, p.waitFor(), "the child failed: " + out);
        List<String> lines = out.lines().toList();
        long peak = Long.parseLong(lines.get(0));
        assertTrue(peak <= 80_000_000L, "at most the 64 MB threshold and one more matrix were held at once: " + peak);
        if (lines.size() > 1) {
            long rssKb = Long.parseLong(lines.get(1));
            assertTrue(rssKb < 300_000, "resident set after dropping " + DROPPED * 8 + " MB: " + rssKb + " kB");
        }
    }

    @Test
    void closeFreesAtOnceAndIsIdempotent() {
        DenseMatrix m = DenseMatrix.zeros(3, 4);
        MemorySegment s = m.segment();
        assertTrue(m.ownsMemory());
        m.close();
        m.close();
        assertFalse(m.isOpen());
        assertFalse(s.scope().isAlive(), "the memory itself is freed, not just the wrapper");
        IllegalStateException e = assertThrows(IllegalStateException.class, m::segment);
        assertEquals("3x4 DenseMatrix used after close()", e.getMessage());
    }

    @Test
    void borrowedSegmentsAreNeverClosedByTheLibrary() {
        double[] heap = {1, 2, 3, 4, 5, 6};
        DenseMatrix onHeap = DenseMatrix.wrap(MemorySegment.ofArray(heap), 2, 3);
        assertFalse(onHeap.ownsMemory());
        assertEquals(6.0, onHeap.get(1, 2));
        onHeap.close();
        assertThrows(IllegalStateException.class, onHeap::segment);
        MemorySegment global = Arena.global().allocate(ValueLayout.JAVA_DOUBLE, 4);
        DenseVector v = DenseVector.wrap(global, 4);
        v.set(3, 7);
        v.close();
        assertEquals(7.0, global.getAtIndex(ValueLayout.JAVA_DOUBLE, 3), "the caller's memory is untouched");
        try (Arena mine = Arena.ofConfined()) {
            MemorySegment seg = mine.allocate(ValueLayout.JAVA_DOUBLE, 2);
            try (Dataset d = Dataset.of(DenseMatrix.wrap(seg, 2, 1), DenseVector.of(0, 1))) {
                assertEquals(2, d.samples());
            }
            assertTrue(seg.scope().isAlive(), "closing the data set left the caller's arena open");
        }
    }

    @Test
    void aDataSetWithOtherTargetsSharesX() {
        try (Dataset d = Dataset.of(DenseMatrix.of(new double[][] {{1, 2}, {3, 4}}), DenseVector.of(5, 6))) {
            List<Dataset> views = new ArrayList<>();
            try (Dataset v = d.withTargets(DenseVector.of(0, 1))) {
                views.add(v);
                assertEquals(3.0, v.x().get(1, 0));
                assertEquals(1.0, v.y().get(1));
            }
            assertTrue(d.x().isOpen(), "closing the view left X open");
            assertFalse(views.get(0).y().isOpen(), "the view's own targets were freed");
        }
    }
}
