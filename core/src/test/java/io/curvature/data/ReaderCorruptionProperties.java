package io.curvature.data;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The readers' contract under random damage to valid files (truncation, flipped bytes, edited headers): a data set
 * of finite values, or a {@link DataFormatException} / {@link UncheckedIOException} whose message names the file.
 * Never another exception, an error, a crash or a hang.
 */
class ReaderCorruptionProperties {

    private static Path dir;

    @BeforeContainer
    static void makeDir() throws IOException {
        dir = Files.createTempDirectory("corrupt");
    }

    @AfterContainer
    static void removeDir() throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** A damage: kind 0 truncates, 1 flips bytes, 2 overwrites bytes with characters that matter to the format. */
    record Damage(int kind, long seed) {
    }

    @Provide
    Arbitrary<Damage> damages() {
        return Arbitraries.integers().between(0, 2).flatMap(k -> Arbitraries.longs().map(s -> new Damage(k, s)));
    }

    private static byte[] damage(byte[] valid, Damage dmg, int headerBytes) {
        Random rnd = new Random(dmg.seed());
        byte[] b = valid.clone();
        switch (dmg.kind()) {
            case 0 -> b = Arrays.copyOf(b, rnd.nextInt(b.length));
            case 1 -> {
                for (int k = 1 + rnd.nextInt(4); k > 0; k--) {
                    int at = rnd.nextInt(b.length);
                    b[at] ^= (byte) (1 << rnd.nextInt(8));
                }
            }
            default -> {
                byte[] specials = ",:\n\r-.eE9 \t'\"{}()[]#\u0000".getBytes(StandardCharsets.ISO_8859_1);
                for (int k = 1 + rnd.nextInt(4); k > 0; k--) {
                    int limit = headerBytes > 0 && rnd.nextBoolean() ? Math.min(headerBytes, b.length) : b.length;
                    b[rnd.nextInt(limit)] = specials[rnd.nextInt(specials.length)];
                }
            }
        }
        return b;
    }

    private static void assertContract(Path file, Runnable read) {
        try {
            read.run();
        } catch (DataFormatException | UncheckedIOException e) {
            assertTrue(e.getMessage().contains(file.toString()), "the message names the file: " + e.getMessage());
        } catch (RuntimeException | Error e) {
            fail("broke the reader's contract on " + file + ": " + e, e);
        }
    }

    private static void readFinite(Dataset d) {
        try (d) {
            if (d.isSparse()) { // the stored entries only: a damaged index may make the rows two billion wide
                CsrMatrix x = d.sparseX();
                for (long k = 0; k < x.nonzeros(); k++) {
                    if (!Double.isFinite(x.value(k))) {
                        throw new AssertionError("entry " + k + " is " + x.value(k));
                    }
                }
            } else {
                FiniteCheck.requireFinite(d.x(), "x");
            }
            FiniteCheck.requireFinite(d.y(), "y");
        }
    }

    @Property(tries = 150)
    void csv(@ForAll("damages") Damage dmg) throws IOException {
        StringBuilder sb = new StringBuilder("a,b,c,label\n");
        Random rnd = new Random(dmg.seed() ^ 0x5eed);
        for (int i = 0; i < 12; i++) {
            sb.append(rnd.nextGaussian()).append(',').append(rnd.nextInt(100)).append(',').append(-rnd.nextDouble())
                    .append(',').append(rnd.nextInt(2)).append('\n');
        }
        Path file = Files.write(dir.resolve("d" + Long.toHexString(dmg.seed()) + ".csv"),
                damage(sb.toString().getBytes(StandardCharsets.UTF_8), dmg, 12));
        assertContract(file, () -> readFinite(DataFiles.read(file)));
    }

    @Property(tries = 150)
    void libsvm(@ForAll("damages") Damage dmg) throws IOException {
        StringBuilder sb = new StringBuilder();
        Random rnd = new Random(dmg.seed() ^ 0x5eed);
        for (int i = 0; i < 12; i++) {
            sb.append(rnd.nextBoolean() ? "+1" : "-1");
            for (int j = 1; j <= 5; j++) {
                if (rnd.nextBoolean()) {
                    sb.append(' ').append(j).append(':').append(rnd.nextGaussian());
                }
            }
            sb.append('\n');
        }
        Path file = Files.write(dir.resolve("d" + Long.toHexString(dmg.seed()) + ".svm"),
                damage(sb.toString().getBytes(StandardCharsets.UTF_8), dmg, 0));
        assertContract(file, () -> readFinite(DataFiles.read(file)));
    }

    @Property(tries = 150)
    void npy(@ForAll("damages") Damage dmg) throws IOException {
        Random rnd = new Random(dmg.seed() ^ 0x5eed);
        Path clean = dir.resolve("clean" + Long.toHexString(dmg.seed()) + ".npy");
        try (DenseMatrix m = DenseMatrix.zeros(7, 3)) {
            for (int i = 0; i < 7; i++) {
                for (int j = 0; j < 3; j++) {
                    m.set(i, j, rnd.nextGaussian());
                }
            }
            NpyWriter.write(clean, m);
        }
        byte[] valid = Files.readAllBytes(clean);
        Path file = Files.write(dir.resolve("d" + Long.toHexString(dmg.seed()) + ".npy"), damage(valid, dmg, 128));
        assertContract(file, () -> {
            try (DenseMatrix x = NpyReader.readMatrix(file)) {
                FiniteCheck.requireFinite(x, "x");
            }
        });
    }
}
