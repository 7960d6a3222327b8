package io.jobscale.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import java.time.Duration;

/** Builds the HikariCP pool every jobscale process uses. */
public final class DataSources {

    /** How long a borrow waits for a connection before it fails: the longest one database attempt blocks. */
    public static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(5);

    private DataSources() {
    }

    /**
     * A pool that survives database outages: it starts even when PostgreSQL is down (initialization fail timeout
     * -1) and hands out fresh connections once it is back, so workers and the web process recover by themselves.
     */
    public static HikariDataSource create(DatabaseSettings settings, String poolName) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(settings.url());
        config.setUsername(settings.user());
        config.setPassword(settings.password());
        config.setMaximumPoolSize(settings.poolSize());
        config.setMinimumIdle(Math.min(2, settings.poolSize()));
        config.setPoolName(poolName);
        config.setInitializationFailTimeout(-1);
        // Fail a borrow quickly during an outage so callers log and retry on their next poll instead of piling up.
        config.setConnectionTimeout(CONNECTION_TIMEOUT.toMillis());
        config.setValidationTimeout(2_000);
        // jobscale's statements are written for READ COMMITTED: under REPEATABLE READ or SERIALIZABLE the
        // enqueued-count triggers (migration V11) and the SKIP LOCKED claim fail with serialization errors when
        // writers meet. Pinned per connection, so a database or role whose default is stricter still works
        // (docs/operations.md).
        config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        config.addDataSourceProperty("ApplicationName", poolName);
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        return new HikariDataSource(config);
    }
}
