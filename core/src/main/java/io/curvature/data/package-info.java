/**
 * Data: off-heap dense matrices and vectors ({@code MemorySegment}s, 64-byte aligned, {@code long}-indexed), data
 * sets of features and targets, the CSV, LIBSVM and {@code .npy} readers behind one entry point
 * ({@link io.curvature.data.DataFiles}), and files written atomically. Memory the library allocates frees itself
 * when dropped; memory it borrows stays the caller's.
 */
package io.curvature.data;
