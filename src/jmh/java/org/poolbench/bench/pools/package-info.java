/**
 * The pools under test, one thin adapter per pool behind one small interface, {@link
 * org.poolbench.bench.pools.PoolUnderTest}: each translates the shared {@link org.poolbench.bench.pools.PoolSpec} into
 * its library's own settings, builds the pool over the connection source the benchmark gives it, and reports the
 * counts the library exposes. Adding a pool is one adapter here and one constant in
 * {@code org.poolbench.bench.PoolKind}, which chooses among them by a benchmark's {@code pool} parameter.
 *
 * <p>This package depends on the pool libraries and the JDK only; it knows nothing of benchmarks, backends or the
 * fixture that fills a pool and checks it for leaks ({@code org.poolbench.bench.Trial}).
 */
package org.poolbench.bench.pools;
