package io.jobscale.spring;

import com.zaxxer.hikari.HikariDataSource;
import io.jobscale.db.DataSources;
import io.jobscale.db.DatabaseSettings;
import io.jobscale.db.Migrations;
import io.jobscale.server.storage.JobscaleStorageProvider;
import org.springframework.beans.factory.DisposableBean;

import javax.sql.DataSource;

/**
 * Where the jobs live: the application's own DataSource, or a pool of jobscale's own when
 * {@code jobscale.datasource.url} is set. Either way the schema is migrated before anything uses it.
 */
public final class JobscaleDatabase implements DisposableBean {

    private final DataSource dataSource;
    private final HikariDataSource ownedPool;   // null: the application's DataSource, which the application closes
    private final JobscaleStorageProvider storage;

    private JobscaleDatabase(DataSource dataSource, HikariDataSource ownedPool) {
        this.dataSource = dataSource;
        this.ownedPool = ownedPool;
        this.storage = new JobscaleStorageProvider(dataSource);
    }

    /** jobscale's own database and pool: created when missing, migrated, closed with the context. */
    static JobscaleDatabase own(DatabaseSettings settings) {
        new Migrations(settings).run();
        HikariDataSource pool = DataSources.create(settings, "jobscale");
        return new JobscaleDatabase(pool, pool);
    }

    /** The application's DataSource, migrated; the application closes it. */
    static JobscaleDatabase shared(DataSource applicationDataSource) {
        Migrations.run(applicationDataSource);
        return new JobscaleDatabase(applicationDataSource, null);
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public JobscaleStorageProvider storage() {
        return storage;
    }

    @Override
    public void destroy() {
        if (ownedPool != null) ownedPool.close();
    }
}
