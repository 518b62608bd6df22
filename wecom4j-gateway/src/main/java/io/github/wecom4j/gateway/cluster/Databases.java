package io.github.wecom4j.gateway.cluster;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;

/** Which database the gateway runs on: queues claim with SKIP LOCKED on PostgreSQL, compare-and-set elsewhere (H2). */
public final class Databases {

    private Databases() {
    }

    public static boolean isPostgres(DataSource ds) {
        try (Connection c = ds.getConnection()) {
            return c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgres");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot inspect the database", e);
        }
    }
}
