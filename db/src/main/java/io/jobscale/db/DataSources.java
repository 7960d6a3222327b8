package io.jobscale.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/** Builds the HikariCP pool every jobscale process uses. */
public final class DataSources {

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
        config.setConnectionTimeout(5_000);
        config.setValidationTimeout(2_000);
        config.addDataSourceProperty("ApplicationName", poolName);
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        return new HikariDataSource(config);
    }
}
