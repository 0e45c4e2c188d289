package org.poolbench.pool;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * What a borrower changed in one connection's session, and how the pool undoes it before lending the connection
 * again. One per physical connection, owned like the rest of {@link PoolEntry}'s lease state by whichever thread
 * holds the connection.
 *
 * <p><b>What is undone</b>: unfinished work outside auto-commit is rolled back; every {@link SessionSetting} the
 * borrower changed is restored to the value it had when the connection was opened; warnings are cleared. Closing
 * the statements the borrower left open is {@link PoolEntry#resetForReuse(String)}'s, which calls {@link #undo} after it.
 * An original is the pool's own copy, and on PostgreSQL the schema's is the whole search path: {@link SessionSetting}
 * says why.
 *
 * <p><b>Cost</b>: an original value is read from the driver only when a borrower first changes that setting in
 * the connection's life, since asking may cost a round trip; auto-commit is known from when the connection was
 * opened. A return after a borrower who changed nothing costs one driver call ({@code clearWarnings}) and
 * allocates nothing. Any failure while undoing leaves the session in an unknown state: the caller discards the
 * connection.
 */
final class SessionReset {
    private final Connection raw;
    /** Settings the borrower changed ({@link SessionSetting#bit}); {@link #undo} restores exactly these. */
    private int changed;
    /** Settings whose original value has been read into {@link #originals}. */
    private int known;
    /** Original values by {@link SessionSetting#ordinal()}; null for one the driver did not report. */
    private final Object[] originals = new Object[SessionSetting.ALL.length];

    SessionReset(Connection raw, boolean autoCommit) {
        this.raw = raw;
        originals[SessionSetting.AUTO_COMMIT.ordinal()] = autoCommit;
        known = SessionSetting.AUTO_COMMIT.bit;
    }

    /**
     * Records that the borrower is about to change {@code setting}, reading its original value first if this is
     * the first change in the connection's life. Call it before the driver's setter, so that a setter that fails
     * half-way is still undone.
     */
    void willChange(SessionSetting setting) throws SQLException {
        if ((known & setting.bit) == 0) {
            originals[setting.ordinal()] = setting.read(raw);
            known |= setting.bit;
        }
        changed |= setting.bit;
    }

    /** The session's mode when opened, which every return restores: the mode the other restores run in. */
    private boolean openedInAutoCommit() {
        return (Boolean) originals[SessionSetting.AUTO_COMMIT.ordinal()];
    }

    /** Whether a borrower changed a setting that has not been restored yet; for tests. */
    boolean anyChanged() {
        return changed != 0;
    }

    /**
     * Rolls back {@code entry}'s unfinished work, restores the settings its borrower changed, and clears warnings.
     * Keeps {@code entry}'s tracked auto-commit mode in step with the one restored.
     */
    void undo(PoolEntry entry) throws SQLException {
        if (entry.txDirty || (changed != 0 && !openedInAutoCommit())) {
            // Before auto-commit goes back on: switching it on would commit the borrower's unfinished work. And on
            // a session opened outside auto-commit, whose restores run in manual-commit mode, before any restore
            // even without work of the borrower's: reading an original (the search path) or a driver's setter may
            // have opened a transaction, inside which drivers refuse to change read-only or isolation (pgjdbc
            // does; its rollback sends nothing where no transaction is open). A session opened in auto-commit needs
            // none: restoring auto-commit first ends such a transaction before the other restores.
            raw.rollback();
            entry.txDirty = false;
        }
        if (changed != 0) {
            for (SessionSetting setting : SessionSetting.ALL) {
                if ((changed & setting.bit) == 0) {
                    continue;
                }
                Object original = originals[setting.ordinal()];
                if (setting == SessionSetting.AUTO_COMMIT) {
                    boolean initial = (Boolean) original;
                    // The tracked mode spares a driver call when the borrower switched it back already.
                    if (entry.autoCommit != initial) {
                        setting.restore(raw, original);
                        entry.autoCommit = initial;
                    }
                } else if (original != null) {
                    // A null original (no catalog, no schema, ...) cannot be set back; drivers refuse or ignore it.
                    setting.restore(raw, original);
                }
            }
            changed = 0;
        }
        raw.clearWarnings();
    }
}
