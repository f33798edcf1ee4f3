package io.curvature.kernel;

import jdk.incubator.vector.DoubleVector;

/** Kept apart so that {@link Platform} loads without the incubator module. */
final class SpeciesInfo {

    private SpeciesInfo() {
    }

    static String describe() {
        var s = DoubleVector.SPECIES_PREFERRED;
        return s.vectorBitSize() + "-bit, " + s.length() + " doubles (" + s + ")";
    }
}
