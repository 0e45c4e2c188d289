package org.poolbench.bench;

/**
 * One trial's database and pool, the same way for every benchmark: a fresh uniquely named database, the pool built
 * over it from the spec and filled ({@link PoolKind#open}); and afterwards a check that nothing is still lent out,
 * then the pool and the database closed, whatever fails.
 */
final class Trial implements AutoCloseable {

    final PoolKind kind;
    final Backend.Database db;
    final PoolUnderTest pool;

    private Trial(PoolKind kind, Backend.Database db, PoolUnderTest pool) {
        this.kind = kind;
        this.db = db;
        this.pool = pool;
    }

    /**
     * @param benchmark a short name for the benchmark, part of the database and pool names
     * @param poolParam the {@code pool} {@code @Param} value; an unknown one fails here, naming the valid ones
     */
    static Trial open(String benchmark, String poolParam, Backend backend, int size) throws Exception {
        PoolKind kind = PoolKind.of(poolParam);
        String name = Names.unique(benchmark, poolParam);
        Backend.Database db = backend.open(name);
        try {
            return new Trial(kind, db, kind.open(PoolSpec.ofSize(size), db, name));
        } catch (Throwable t) {
            try {
                db.close();
            } catch (Exception suppressed) {
                t.addSuppressed(suppressed);
            }
            throw t;
        }
    }

    @Override
    public void close() throws Exception {
        try {
            PoolStates.checkNothingLent(pool, kind);
        } finally {
            try {
                pool.close();
            } finally {
                db.close();
            }
        }
    }
}
