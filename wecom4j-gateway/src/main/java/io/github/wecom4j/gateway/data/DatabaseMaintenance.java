package io.github.wecom4j.gateway.data;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;

/**
 * Whether PostgreSQL looks after the outbox's queue tables. Every accepted message leaves dead row
 * versions behind (its call row is updated three to five times) and the tables grow from empty:
 * without autovacuum the dead entries pile up in the indexes the claim walks, and statistics keep
 * describing an empty table, so lookups that should take an index are planned as sequential scans
 * (measured: delivery fell from 552 to 146 calls/s and PostgreSQL's CPU per call rose sevenfold;
 * docs/BENCHMARKS.md, "Delivery"). The per-table thresholds of the vendor migration only act when
 * the server's autovacuum is on.
 *
 * <p>Read once at start (a server setting, changed only by a reload): a WARN log naming the fix,
 * and the {@code databaseMaintenance} health details. Status stays UP: nothing is lost, the outbox
 * only slows down as the tables age, and a DBA may vacuum on a schedule of their own.
 */
@Component("databaseMaintenance")
public class DatabaseMaintenance implements HealthIndicator {

    private static final Logger log = LoggerFactory.getLogger(DatabaseMaintenance.class);

    /** What was found: database product, and for PostgreSQL its autovacuum and track_counts settings. */
    record Settings(String database, String autovacuum, String trackCounts) {

        boolean autovacuumOff() {
            // autovacuum needs track_counts too: without it the launcher never finds a table to work on.
            return autovacuum != null && !("on".equals(autovacuum) && "on".equals(trackCounts));
        }
    }

    private final DataSource dataSource;
    private volatile Settings settings;

    public DatabaseMaintenance(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @EventListener(ApplicationReadyEvent.class)
    void checkAtStart() {
        Settings s = read();
        if (s != null && s.autovacuumOff()) {
            log.warn("PostgreSQL autovacuum is off (autovacuum={}, track_counts={}): the outbox tables message_call and"
                    + " message_member_send will bloat and keep stale statistics, and delivery will slow down as they grow;"
                    + " turn autovacuum on, or VACUUM ANALYZE them on a schedule", s.autovacuum(), s.trackCounts());
        }
    }

    @Override
    public Health health() {
        Settings s = read();
        if (s == null) {
            // The database's own indicator reports the outage; this one has nothing to add.
            return Health.unknown().withDetail("database", "not reachable").build();
        }
        Health.Builder h = Health.up().withDetail("database", s.database());
        if (s.autovacuum() != null) {
            h.withDetail("autovacuum", s.autovacuumOff()
                    ? "off: the outbox tables bloat and their statistics go stale; turn autovacuum (and track_counts) on,"
                            + " or VACUUM ANALYZE message_call and message_member_send on a schedule"
                    : "on");
        }
        return h.build();
    }

    /** The settings, read on first use; null while the database does not answer (asked again next time). */
    private Settings read() {
        Settings s = settings;
        if (s == null) {
            try {
                s = settings = query();
            } catch (SQLException | org.springframework.dao.DataAccessException e) {
                log.debug("database maintenance settings not readable yet: {}", e.toString());
                return null;
            }
        }
        return s;
    }

    private Settings query() throws SQLException {
        String product;
        try (Connection c = dataSource.getConnection()) {
            product = c.getMetaData().getDatabaseProductName();
        }
        if (!"PostgreSQL".equalsIgnoreCase(product)) {
            return new Settings(product, null, null);
        }
        Map<String, Object> row = new JdbcTemplate(dataSource).queryForMap(
                "select current_setting('autovacuum') as autovacuum, current_setting('track_counts') as track_counts");
        return new Settings(product, (String) row.get("autovacuum"), (String) row.get("track_counts"));
    }
}
