/**
 * The {@code curvature} command line: {@code fit}, {@code compare}, {@code predict} and {@code info}, on the
 * library's estimators and model file; errors are one line and an exit code.
 */
package io.curvature.cli;
