package io.curvature.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;

/**
 * The logistic loss of {@link GlmLoss#LOGISTIC} for four samples at once, for the vector GLM pass (MATH.md
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

    /** Taylor coefficients 1/k! of exp, k = 13 .. 0, for |r| <= ln2 / 2 (truncation below 1e-17). */
    private static final double[] EXP = new double[14];
    /** 1/(2k+1), k = 16 .. 0: log1p(e) = 2 atanh(s) = 2 s sum_k s^2k / (2k+1), s = e / (2 + e) <= 1/3. */
    private static final double[] ATANH = new double[17];

    static {
        double f = 1;
        for (int k = 1; k <= 13; k++) {
            f *= k;
            EXP[13 - k] = 1.0 / f;
        }
        EXP[13] = 1.0;
        for (int k = 0; k <= 16; k++) {
            ATANH[16 - k] = 1.0 / (2 * k + 1);
        }
    }

    private VectorLogistic() {
    }

    /**
     * For {@code count <= 4} samples: reads {@code z_i} from {@code zr[at + i]} and {@code y_i} from
     * {@code y}, writes {@code r_i = sigmoid(z_i) - y_i} over {@code z_i} and {@code D_i} into {@code dd};
     * returns the sum of the losses {@code softplus(z_i) - y_i z_i}, added in sample order. Offsets are
     * element indices.
     */
    static double evaluate(int count, double[] zr, int at, MemorySegment y, long yOff, MemorySegment dd, long ddOff) {
        VectorMask<Double> live = FOUR.indexInRange(0, count);
        DoubleVector z = DoubleVector.fromArray(FOUR, zr, at, live);
        DoubleVector yv = DoubleVector.fromMemorySegment(FOUR, y, yOff * Double.BYTES, ORDER, live);
        DoubleVector e = exp(z.abs().neg());
        DoubleVector onePlusE = e.add(1.0);
        // p = 1 / (1 + e) for z >= 0, e / (1 + e) otherwise (e = exp(-|z|) never overflows)
        DoubleVector p = e.blend(1.0, z.compare(VectorOperators.GE, 0.0)).div(onePlusE);
        DoubleVector loss = z.max(0.0).add(log1p(e)).sub(yv.mul(z));
        p.sub(yv).intoArray(zr, at, live);
        e.div(onePlusE.mul(onePlusE)).intoMemorySegment(dd, ddOff * Double.BYTES, ORDER, live);
        double sum = 0;
        for (int i = 0; i < count; i++) {
            sum += loss.lane(i);
        }
        return sum;
    }

    /** {@code exp(x)} for {@code x <= 0}: {@code 2^k exp(r)}, {@code x = k ln2 + r}, {@code |r| <= ln2 / 2}. */
    static DoubleVector exp(DoubleVector x) {
        x = x.max(MIN_EXPONENT_ARG);
        DoubleVector shifted = x.mul(INV_LN2).add(ROUND); // 1.5 * 2^52 + k: k sits in the low mantissa bits
        DoubleVector k = shifted.sub(ROUND);
        DoubleVector r = x.sub(k.mul(LN2_HI)).sub(k.mul(LN2_LO)); // k LN2_HI exact, x - k LN2_HI exact
        DoubleVector poly = DoubleVector.broadcast(FOUR, EXP[0]);
        for (int i = 1; i < EXP.length; i++) {
            poly = poly.fma(r, DoubleVector.broadcast(FOUR, EXP[i]));
        }
        // 2^k has the bits (k + 1023) << 52, and k = bits(shifted) - bits(ROUND) exactly. Integer arithmetic
        // on the reinterpreted bits, not a double-to-long conversion: that needs AVX-512DQ on x86, and
        // without it C2 leaves the conversion to Java (boxed vectors: 224 bytes per call on AVX2, measured).
        LongVector bits = ((LongVector) shifted.viewAsIntegralLanes())
                .sub(ROUND_BITS - 1023)
                .lanewise(VectorOperators.LSHL, 52);
        return poly.mul(bits.reinterpretAsDoubles());
    }

    /** {@code log1p(e)} for {@code 0 <= e <= 1}: {@code 2 atanh(e / (2 + e))} by its series. */
    static DoubleVector log1p(DoubleVector e) {
        DoubleVector s = e.div(e.add(2.0));
        DoubleVector w = s.mul(s);
        DoubleVector poly = DoubleVector.broadcast(FOUR, ATANH[0]);
        for (int i = 1; i < ATANH.length; i++) {
            poly = poly.fma(w, DoubleVector.broadcast(FOUR, ATANH[i]));
        }
        return s.add(s).mul(poly);
    }
}
