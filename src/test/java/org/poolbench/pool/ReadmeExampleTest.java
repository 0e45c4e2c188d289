package org.poolbench.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The README's usage example, run as written, so the README cannot drift from the API. */
@ExtendWith(PoolCheck.class)
class ReadmeExampleTest {

    @Test
    void usageExample_runsAsWritten() throws Exception {
        List<Integer> seen;
        PoolStats seenStats;
        // ---- from README.md, "The pool core" (only the database name differs, to keep tests apart)
        PoolConfig config = PoolConfig.forUrl("jdbc:h2:mem:readme;DB_CLOSE_DELAY=-1")
                .user("sa").password("")
                .name("app")
                .maxOpen(10)
                .maxIdle(4)
                .maxLifetime(Duration.ofMinutes(30))
                .maxIdleTime(Duration.ofMinutes(5));

        try (Pool pool = Pool.open(config)) {
            PoolCheck.track(pool); // not in the README: has the pool checked after the test
            pool.ping(Duration.ofSeconds(2));

            pool.exec("create table account(id int primary key, balance int)");
            pool.exec("insert into account values (?, ?), (?, ?)", 1, 100, 2, 0);

            try (Tx tx = pool.begin()) {
                tx.exec("update account set balance = balance - ? where id = ?", 10, 1);
                tx.exec("update account set balance = balance + ? where id = ?", 10, 2);
                tx.commit();
            }

            pool.inTransaction(tx -> tx.exec("update account set balance = 0 where id = ?", 2));

            try (Stmt balance = pool.prepare("select balance from account where id = ?")) {
                List<Integer> rows = balance.query(rs -> rs.getInt(1), 1);
                seen = rows;
            }

            try (Connection c = pool.getConnection()) {
                c.setReadOnly(true);
            }

            PoolStats stats = pool.stats();
            pool.setMaxOpen(20);
            seenStats = stats;
            assertEquals(20, pool.getMaxOpen());
            assertEquals(List.of(0), pool.query("select balance from account where id = ?", rs -> rs.getInt(1), 2));
        }
        // ----
        assertEquals(List.of(90), seen);
        assertEquals(seenStats.open(), seenStats.inUse() + seenStats.idle());
        assertEquals(0, seenStats.inUse());
    }

    @Test
    void readme_containsTheExampleThisTestRuns() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        for (String line : List.of(
                "PoolConfig config = PoolConfig.forUrl(\"jdbc:h2:mem:app;DB_CLOSE_DELAY=-1\")",
                "try (Tx tx = pool.begin()) {",
                "pool.inTransaction(tx -> tx.exec(\"update account set balance = 0 where id = ?\", 2));",
                "try (Stmt balance = pool.prepare(\"select balance from account where id = ?\")) {",
                "List<Integer> rows = balance.query(rs -> rs.getInt(1), 1);")) {
            assertTrue(readme.contains(line), () -> "README.md no longer contains: " + line);
        }
    }
}
