package io.jobscale.db;

import io.jobscale.settings.InvalidSettingException;
import io.jobscale.settings.Settings;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the jobs live.
 *
 * @param url      {@code JOBSCALE_DB_URL}, default {@code jdbc:postgresql://127.0.0.1:5432/jobscale}
 * @param user     {@code JOBSCALE_DB_USER}, default {@code postgres}
 * @param password {@code JOBSCALE_DB_PASSWORD}, default empty (trust or peer authentication)
 * @param poolSize {@code JOBSCALE_DB_POOL_SIZE}, default 10; a worker needs a few connections beyond its workers
 *                 only briefly, because jobrunr holds a connection per statement, not per running job
 */
public record DatabaseSettings(String url, String user, String password, int poolSize) {

    public static final String URL = "JOBSCALE_DB_URL";
    public static final String USER = "JOBSCALE_DB_USER";
    public static final String PASSWORD = "JOBSCALE_DB_PASSWORD";
    public static final String POOL_SIZE = "JOBSCALE_DB_POOL_SIZE";
    public static final List<String> KEYS = List.of(URL, USER, PASSWORD, POOL_SIZE);

    public static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/jobscale";

    private static final Pattern POSTGRES_URL = Pattern.compile("^jdbc:postgresql://([^/?]*)/([^?]+)(\\?.*)?$");

    public DatabaseSettings {
        if (!POSTGRES_URL.matcher(url).matches()) {
            throw new InvalidSettingException(URL, url, "must look like jdbc:postgresql://host:port/database");
        }
    }

    public static DatabaseSettings from(Settings settings) {
        return new DatabaseSettings(
                settings.string(URL, DEFAULT_URL),
                settings.string(USER, "postgres"),
                settings.string(PASSWORD, ""),
                settings.integer(POOL_SIZE, 10, 1, 1000));
    }

    public DatabaseSettings withDatabase(String databaseName) {
        Matcher m = match();
        return new DatabaseSettings(
                "jdbc:postgresql://" + m.group(1) + "/" + databaseName + (m.group(3) == null ? "" : m.group(3)),
                user, password, poolSize);
    }

    public DatabaseSettings withPoolSize(int size) {
        return new DatabaseSettings(url, user, password, size);
    }

    /** The database named in the URL. */
    public String databaseName() {
        return match().group(2);
    }

    private Matcher match() {
        Matcher m = POSTGRES_URL.matcher(url);
        if (!m.matches()) throw new IllegalStateException(url);
        return m;
    }
}
