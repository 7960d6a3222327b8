package io.jobscale.db.store;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Calendar;
import java.util.TimeZone;

/** How the store binds the column types its tables share. */
final class Columns {

    private Columns() {
    }

    /**
     * A calendar in UTC for {@code timestamp} columns (without time zone): every process reads and writes them as UTC
     * whatever the JVM's default zone, so samples written by one process line up with those of another.
     */
    static Calendar utc() {
        return Calendar.getInstance(TimeZone.getTimeZone("UTC"));
    }

    /** Binds a nullable integer column. */
    static void setInteger(PreparedStatement statement, int index, Integer value) throws SQLException {
        if (value == null) statement.setNull(index, Types.INTEGER);
        else statement.setInt(index, value);
    }
}
