/** The JMH benchmarks of kernels, factorizations and fits, one class per subject. */
package io.curvature.jmh;
