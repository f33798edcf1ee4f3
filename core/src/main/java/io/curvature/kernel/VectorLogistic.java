package io.curvature.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;

/**
 * The logistic loss of {@link SampleLoss#LOGISTIC} for four samples at once, for the vector GLM pass (docs/math.md
 * 1.1): the same stable formulas, with {@code exp} and {@code log1p} as polynomials. The Vector API's own
 * {@code EXP}/{@code LOG1P} call SVML under C2 and the scalar {@code Math} functions in the interpreter,
 * whose results differ in the last bits, so a pass would depend on JIT warm-up (and break the bitwise 1 vs
 * N threads guarantee); here every step is an IEEE operation ({@code +}, {@code *}, {@code fma},
 * {@code /}, integer arithmetic on the bits) that gives the same bits in every tier. Relative error
 * about 1e-15 ({@code VectorLogisticTest}).
 */
final class VectorLogistic {

    static final VectorSpecies<Double> FOUR = DoubleVector.SPECIES_256;
    /** Whether the machine has 256-bit vectors; without them the Vector API would run this in Java, slowly. */
    static final boolean AVAILABLE = DoubleVector.SPECIES_PREFERRED.vectorBitSize() >= 256;
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();

    private static final double INV_LN2 = 0x1.71547652b82fep0;
    /** ln 2 split so that {@code k * LN2_HI} is exact for {@code |k| < 2^11} (Cody and Waite). */
    private static final double LN2_HI = 0x1.62e42fee00000p-1;
    private static final double LN2_LO = 0x1.a39ef35793c76p-33;
    /** Adding and subtracting 1.5 * 2^52 rounds a double of magnitude below 2^51 to an integer. */
    private static final double ROUND = 0x1.8p52;
    private static final long ROUND_BITS = Double.doubleToRawLongBits(ROUND);
    /** exp(-708) is still normal; below it {@code e} is taken as exp(-708) (< 1e-307: no visible change). */
    private static final double MIN_EXPONENT_ARG = -708;

    /** Taylor coefficients 1/k! of exp, k = 2 .. 13, for |r| <= ln2 / 2 (truncation below 1e-17). */
    private static final double E2 = invFactorial(2);
    private static final double E3 = invFactorial(3);
    private static final double E4 = invFactorial(4);
    private static final double E5 = invFactorial(5);
    private static final double E6 = invFactorial(6);
    private static final double E7 = invFactorial(7);
    private static final double E8 = invFactorial(8);
    private static final double E9 = invFactorial(9);
    private static final double E10 = invFactorial(10);
    private static final double E11 = invFactorial(11);
    private static final double E12 = invFactorial(12);
    private static final double E13 = invFactorial(13);

    private static double invFactorial(int k) {
        double f = 1;
        for (int i = 2; i <= k; i++) {
            f *= i;
        }
        return 1.0 / f;
    }

    private VectorLogistic() {
    }

    /**
     * For {@code count <= 4} samples: reads {@code z_i} from {@code zr[at + i]} and {@code y_i} from
     * {@code y}, writes {@code r_i = sigmoid(z_i) - y_i} over {@code z_i} and {@code D_i} into {@code dd};
     * returns the sum of the losses {@code softplus(z_i) - y_i z_i}, added in sample order. Offsets are
     * element indices.
     * <p>
     * {@code exp} and {@code log1p} are written out here, not called: a method of ours that takes or returns a
     * vector boxes it whenever C2 declines to inline the call, and it declines once the caller passes its node
     * budget ({@code NodeCountInliningCutoff}). With the two as helpers holding the Estrin code below,
     * {@code log1p} was refused in a standalone run of this method ({@code -XX:+PrintInlining}), allocating a
     * vector per call (see also {@code VectorKernels}' class comment).
     */
    static double evaluate(int count, double[] zr, int at, MemorySegment y, long yOff, MemorySegment dd, long ddOff) {
        // a full group (all but a pass's last) without masks: the same values, plain loads and stores
        boolean full = count == 4;
        VectorMask<Double> live = FOUR.indexInRange(0, count);
        DoubleVector z = full ? DoubleVector.fromArray(FOUR, zr, at) : DoubleVector.fromArray(FOUR, zr, at, live);
        DoubleVector yv = full ? DoubleVector.fromMemorySegment(FOUR, y, yOff * Double.BYTES, ORDER)
                : DoubleVector.fromMemorySegment(FOUR, y, yOff * Double.BYTES, ORDER, live);

        // e = exp(x), x = -|z| <= 0 (never overflows): 2^k exp(r), x = k ln2 + r, |r| <= ln2 / 2. Not x.max(...):
        // Java's max costs NaN and -0.0 blends; a NaN z stays NaN either way.
        DoubleVector x = z.abs().neg();
        x = x.blend(MIN_EXPONENT_ARG, x.lt(MIN_EXPONENT_ARG));
        DoubleVector shifted = x.mul(INV_LN2).add(ROUND); // 1.5 * 2^52 + k: k sits in the low mantissa bits
        DoubleVector k = shifted.sub(ROUND);
        DoubleVector r = x.sub(k.mul(LN2_HI)).sub(k.mul(LN2_LO)); // k LN2_HI exact, x - k LN2_HI exact
        // exp(r) = 1 + (r + r^2 Q(r)), Q(r) = sum_j r^j / (j + 2)!, by Estrin's scheme (pairs, then pairs of pairs
        // with r^2, r^4, r^8): a dependency chain about 7 operations deep where Horner's rule is 13 fmas deep.
        DoubleVector r2 = r.mul(r);
        DoubleVector r4 = r2.mul(r2);
        DoubleVector q0 = r.fma(E5, E4).fma(r2, r.fma(E3, E2));
        DoubleVector q1 = r.fma(E9, E8).fma(r2, r.fma(E7, E6));
        DoubleVector q2 = r.fma(E13, E12).fma(r2, r.fma(E11, E10));
        DoubleVector expR = r2.fma(q2.fma(r4.mul(r4), q1.fma(r4, q0)), r).add(1.0);
        // 2^k has the bits (k + 1023) << 52, and k = bits(shifted) - bits(ROUND) exactly. Integer arithmetic
        // on the reinterpreted bits, not a double-to-long conversion: that needs AVX-512DQ on x86, and
        // without it C2 leaves the conversion to Java (boxed vectors on AVX2).
        LongVector twoToK = shifted.viewAsIntegralLanes()
                .sub(ROUND_BITS - 1023)
                .lanewise(VectorOperators.LSHL, 52);
        DoubleVector e = expR.mul(twoToK.reinterpretAsDoubles());

        // q = 1 / (1 + e); p = q for z >= 0, e q otherwise; D = e q^2: one division where three quotients are needed
        DoubleVector q = DoubleVector.broadcast(FOUR, 1.0).div(e.add(1.0));
        DoubleVector p = e.blend(1.0, z.compare(VectorOperators.GE, 0.0)).mul(q);
        DoubleVector residual = p.sub(yv);
        DoubleVector weight = e.mul(q).mul(q);
        if (full) {
            residual.intoArray(zr, at);
            weight.intoMemorySegment(dd, ddOff * Double.BYTES, ORDER);
        } else {
            residual.intoArray(zr, at, live);
            weight.intoMemorySegment(dd, ddOff * Double.BYTES, ORDER, live);
        }

        // log1p(e), 0 <= e <= 1: 2 atanh(s), s = e / (2 + e) <= 1/3, by its series 2 s (1 + w R(w)), w = s^2 <= 1/9,
        // R(w) = sum_j w^j / (2j + 3), j = 0 .. 15 (truncation below 1e-17), by Estrin's scheme as above.
        DoubleVector s = e.div(e.add(2.0));
        DoubleVector w = s.mul(s);
        DoubleVector w2 = w.mul(w);
        DoubleVector w4 = w2.mul(w2);
        DoubleVector t0 = w.fma(1.0 / 9, 1.0 / 7).fma(w2, w.fma(1.0 / 5, 1.0 / 3));
        DoubleVector t1 = w.fma(1.0 / 17, 1.0 / 15).fma(w2, w.fma(1.0 / 13, 1.0 / 11));
        DoubleVector t2 = w.fma(1.0 / 25, 1.0 / 23).fma(w2, w.fma(1.0 / 21, 1.0 / 19));
        DoubleVector t3 = w.fma(1.0 / 33, 1.0 / 31).fma(w2, w.fma(1.0 / 29, 1.0 / 27));
        DoubleVector series = t3.fma(w4, t2).fma(w4.mul(w4), t1.fma(w4, t0));
        DoubleVector twoS = s.add(s);
        DoubleVector log1pE = twoS.mul(w).fma(series, twoS);

        DoubleVector loss = z.max(0.0).add(log1pE).sub(yv.mul(z));
        double sum = 0;
        for (int i = 0; i < count; i++) {
            sum += loss.lane(i);
        }
        return sum;
    }
}
