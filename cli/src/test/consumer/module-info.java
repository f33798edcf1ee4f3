/** A user's application on the module path: it needs nothing but Curvature's core module. */
module consumer {
    requires io.curvature.core;
}
