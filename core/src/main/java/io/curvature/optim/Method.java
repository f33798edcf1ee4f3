package io.curvature.optim;

import java.util.Arrays;
import java.util.Locale;

/** The optimization methods (MATH.md section 2), with the names the command line uses. */
public enum Method {
    /** Gradient descent with Armijo backtracking (2.1). */
    GD("gd"),
    /** Damped Newton: Cholesky of {@code H + alpha I}, alpha grown until it factors (2.2). */
    NEWTON("newton"),
    /** Corrected-inverse Newton: {@code p = -(H^-1 + alpha I) g} via LU (2.3). */
    CORRECTED_INVERSE("corrected-inverse"),
    /** Spectral-truncation Newton, eigenvalues clamped at {@code eps} (2.4). */
    SPECTRAL("spectral"),
    /** Saddle-free Newton, eigenvalues replaced by {@code max(|lambda|, eps)} (2.4). */
    SADDLE_FREE("saddle-free"),
    /** Symmetric rank-1 quasi-Newton in a trust region (2.6, 3.3). */
    SR1("sr1"),
    /** BFGS, inverse form, strong Wolfe line search (2.6). */
    BFGS("bfgs"),
    /** DFP, inverse form, strong Wolfe line search (2.6). */
    DFP("dfp"),
    /** Limited-memory BFGS, two-loop recursion (2.6). */
    LBFGS("lbfgs"),
    /** Hessian-free Newton-CG with forcing terms (2.7). */
    NEWTON_CG("newton-cg"),
    /** Trust-region Newton-CG (Steihaug-Toint, 3.3). */
    TRUST_REGION("trust-region"),
    /** Picks a path from the problem size and the machine's measured rates (section 5). */
    AUTO("auto");

    private final String cliName;

    Method(String cliName) {
        this.cliName = cliName;
    }

    /** The command-line name, e.g. {@code newton-cg}. */
    public String cliName() {
        return cliName;
    }

    /** The method with command-line name {@code name} (case-insensitive). */
    public static Method byName(String name) {
        String key = name.strip().toLowerCase(Locale.ROOT);
        for (Method m : values()) {
            if (m.cliName.equals(key)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown method '" + name + "'; methods are "
                + String.join(", ", Arrays.stream(values()).map(Method::cliName).toList()));
    }
}
