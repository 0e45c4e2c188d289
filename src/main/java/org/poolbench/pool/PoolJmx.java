package org.poolbench.pool;

import java.lang.management.ManagementFactory;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * A pool's {@link PoolMXBean}, registered with the platform MBean server as
 * {@code org.poolbench:type=Pool,name=<jmxName>} while the pool is open.
 *
 * <p>It holds nothing of its own: each getter asks the pool, so a statistic is a fresh {@link PoolStats} snapshot
 * and the two setters go through {@link Pool#setMaxOpen(int)} and {@link Pool#setMaxIdle(int)}, with the same
 * checks and warnings as a call in code.
 */
final class PoolJmx implements PoolMXBean {
    private final Pool pool;

    private PoolJmx(Pool pool) {
        this.pool = pool;
    }

    /**
     * Registers {@code pool}'s MXBean under {@code jmxName}; returns the name to unregister it by, or null when
     * {@code jmxName} is null (JMX not wanted).
     *
     * @throws IllegalArgumentException if the name cannot be registered, e.g. another open pool uses it
     */
    static ObjectName register(Pool pool, String jmxName) {
        if (jmxName == null) {
            return null;
        }
        try {
            ObjectName on = new ObjectName("org.poolbench:type=Pool,name=" + jmxName);
            ManagementFactory.getPlatformMBeanServer().registerMBean(new PoolJmx(pool), on);
            return on;
        } catch (JMException e) {
            throw new IllegalArgumentException("jmxName \"" + jmxName + "\" could not be registered (" + e.getMessage()
                    + "); is another open pool using it?", e);
        }
    }

    /** Unregisters what {@link #register} registered; does nothing for null or a name already gone. */
    static void unregister(ObjectName name) {
        if (name == null) {
            return;
        }
        try {
            ManagementFactory.getPlatformMBeanServer().unregisterMBean(name);
        } catch (JMException ignored) {
            // Already unregistered: Pool.close() is idempotent and so is this.
        }
    }

    @Override
    public String getName() {
        return pool.name();
    }

    @Override
    public int getMaxOpen() {
        return pool.getMaxOpen();
    }

    @Override
    public void setMaxOpen(int maxOpen) {
        pool.setMaxOpen(maxOpen);
    }

    @Override
    public int getMaxIdle() {
        return pool.getMaxIdle();
    }

    @Override
    public void setMaxIdle(int maxIdle) {
        pool.setMaxIdle(maxIdle);
    }

    @Override
    public int getOpen() {
        return pool.stats().open();
    }

    @Override
    public int getInUse() {
        return pool.stats().inUse();
    }

    @Override
    public int getIdle() {
        return pool.stats().idle();
    }

    @Override
    public int getWaiting() {
        return pool.stats().waiting();
    }

    @Override
    public long getWaitCount() {
        return pool.stats().waitCount();
    }

    @Override
    public long getWaitMillis() {
        return pool.stats().waitDuration().toMillis();
    }

    @Override
    public long getMaxIdleClosed() {
        return pool.stats().maxIdleClosed();
    }

    @Override
    public long getMaxIdleTimeClosed() {
        return pool.stats().maxIdleTimeClosed();
    }

    @Override
    public long getMaxLifetimeClosed() {
        return pool.stats().maxLifetimeClosed();
    }

    @Override
    public long getOpened() {
        return pool.stats().opened();
    }

    @Override
    public long getClosed() {
        return pool.stats().closed();
    }

    @Override
    public long getStatementPrepares() {
        return pool.stats().prepares();
    }

    @Override
    public long getStatementReuses() {
        return pool.stats().reuses();
    }

    @Override
    public long getBadConnRetries() {
        return pool.stats().badConnRetries();
    }
}
