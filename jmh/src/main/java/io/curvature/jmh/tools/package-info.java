/** Benchmark tooling: run metadata, merging and comparing result files, and the whole-fit harness. */
package io.curvature.jmh.tools;
