/**
 * OpenBLAS and LAPACKE through the FFM API: library discovery and validation, downcall handles, the native LAPACK
 * provider and the native Gram route, each call checked before native code runs.
 */
package io.curvature.ffi;
