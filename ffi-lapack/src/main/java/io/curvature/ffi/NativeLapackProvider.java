package io.curvature.ffi;

import io.curvature.linalg.Lapack;
import io.curvature.linalg.LinearAlgebra;

/** Registers {@link NativeLapack} with {@link LinearAlgebra} (see {@code META-INF/services}). */
public final class NativeLapackProvider implements LinearAlgebra.NativeProvider {

    /** Created by {@link java.util.ServiceLoader}. */
    public NativeLapackProvider() {
    }

    private String reason = "not tried";

    @Override
    public Lapack load() {
        NativeLibrary.Loaded lib = NativeLibrary.load();
        if (!lib.available()) {
            reason = lib.failure();
            return null;
        }
        try {
            NativeLapack.link();
            return new NativeLapack();
        } catch (RuntimeException | LinkageError e) {
            reason = "LAPACKE symbols missing in " + lib.paths() + ": " + e.getMessage();
            return null;
        }
    }

    @Override
    public io.curvature.linalg.GramRoute gram() {
        return NativeGram::gram;
    }

    @Override
    public io.curvature.linalg.GramRoute singlePrecisionGram() {
        return NativeGram.hasSinglePrecision() ? NativeGram::gramSingle : null;
    }

    @Override
    public String unavailableReason() {
        return reason;
    }
}
