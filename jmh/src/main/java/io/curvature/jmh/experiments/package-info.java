/** Tools for one-off performance investigations, kept for re-use: paired builds in one JVM, loop shapes. */
package io.curvature.jmh.experiments;
