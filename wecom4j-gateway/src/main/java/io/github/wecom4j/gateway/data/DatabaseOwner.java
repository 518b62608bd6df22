package io.github.wecom4j.gateway.data;

import io.github.wecom4j.WeComClient;
import io.github.wecom4j.gateway.wecom.GatewayMode;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Every gateway database belongs to one corp in one mode. Right after Flyway's migration, before
 * any other part of the gateway touches the database (the outbox sender, callback intake, media),
 * this check claims an unowned database for the configured corp, or refuses to start when the
 * database belongs to another corp or mode. Without it a message queued for one corp was delivered
 * into another after a restart in the other mode (issue 9).
 */
@Component
public class DatabaseOwner implements Callback {

    private static final Logger log = LoggerFactory.getLogger(DatabaseOwner.class);

    /** Who owns a database: WeCom's corp id and {@code emulated} or {@code real}. */
    public record Owner(String corpId, String mode) {
        static Owner of(String corpId, GatewayMode mode) {
            return new Owner(corpId, mode.emulated() ? "emulated" : "real");
        }
    }

    /** Thrown when the database belongs to someone else; its message says what to do. */
    public static final class ForeignDatabaseException extends IllegalStateException {
        ForeignDatabaseException(String message) {
            super(message);
        }
    }

    /** {@code gateway.db.adopt}: the corp that may claim a database holding data of unknown owner. */
    public static final String ADOPT = "gateway.db.adopt";

    private final ObjectProvider<WeComClient> client;
    private final ObjectProvider<GatewayMode> mode;
    private final String adopt;

    public DatabaseOwner(ObjectProvider<WeComClient> client, ObjectProvider<GatewayMode> mode,
                         org.springframework.core.env.Environment environment) {
        this.client = client;
        this.mode = mode;
        this.adopt = environment.getProperty(ADOPT, "");
    }

    @Override
    public boolean supports(Event event, Context context) {
        return event == Event.AFTER_MIGRATE;
    }

    @Override
    public boolean canHandleInTransaction(Event event, Context context) {
        return true;
    }

    @Override
    public void handle(Event event, Context context) {
        Owner expected = Owner.of(client.getObject().config().corpId(), mode.getObject());
        try {
            claimOrCheck(context.getConnection(), expected, adopt);
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the database's owner (SQLState " + e.getSQLState() + ")", e);
        }
    }

    @Override
    public String getCallbackName() {
        return "wecom4j-database-owner";
    }

    /**
     * Claims the database for {@code expected} when no one owns it (several instances starting at
     * once: the primary key lets one claim win, the others read it), else checks the owner.
     */
    static void claimOrCheck(Connection connection, Owner expected, String adopt) throws SQLException {
        Optional<Owner> owner = read(connection);
        if (owner.isEmpty()) {
            claim(connection, expected, adopt);
            owner = read(connection);
        }
        Owner actual = owner.orElseThrow(() -> new IllegalStateException("the database owner row vanished"));
        if (!actual.equals(expected)) {
            throw new ForeignDatabaseException("This database belongs to corp " + actual.corpId() + " (" + actual.mode()
                    + " mode), but this gateway is configured for corp " + expected.corpId() + " (" + expected.mode()
                    + " mode). One database never mixes corps: queued messages, media and callbacks of one corp must"
                    + " not reach another. Point GATEWAY_DB_URL at this corp's own database (or an empty one), or"
                    + " start with the configuration that owns this one.");
        }
        log.info("Database owner: corp {} ({} mode)", actual.corpId(), actual.mode());
    }

    private static Optional<Owner> read(Connection connection) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "select corp_id, mode from gateway_database_owner where singleton = 1");
             ResultSet rs = select.executeQuery()) {
            return rs.next() ? Optional.of(new Owner(rs.getString(1), rs.getString(2))) : Optional.empty();
        }
    }

    private static void claim(Connection connection, Owner owner, String adopt) throws SQLException {
        boolean hadData = holdsData(connection);
        if (hadData && !owner.corpId().equals(adopt)) {
            // Written before owners were recorded (both modes then shared ./wecom4j-data/gateway):
            // nothing tells whose queued messages these are, and claiming them would send demo
            // messages into a real corp. A person decides, once.
            throw new ForeignDatabaseException("This database holds messages, callbacks or media written before"
                    + " databases recorded their owner, so nothing tells which corp they belong to (the first-run"
                    + " demo and real mode used to share ./wecom4j-data/gateway). If it holds only corp "
                    + owner.corpId() + "'s data, start once with " + ADOPT + "=" + owner.corpId()
                    + " (GATEWAY_DB_ADOPT) to claim it; otherwise point GATEWAY_DB_URL at an empty database.");
        }
        java.sql.Savepoint savepoint = connection.getAutoCommit() ? null : connection.setSavepoint();
        try (PreparedStatement insert = connection.prepareStatement(
                "insert into gateway_database_owner (singleton, corp_id, mode, claimed_at) values (1, ?, ?, ?)")) {
            insert.setString(1, owner.corpId());
            insert.setString(2, owner.mode());
            insert.setLong(3, System.currentTimeMillis());
            insert.executeUpdate();
            if (hadData) {
                log.warn("Database with data of unknown owner adopted by corp {} ({} mode), as {} asked",
                        owner.corpId(), owner.mode(), ADOPT);
            }
        } catch (SQLException e) {
            // Another instance claimed it first (unique primary key); its claim is read and checked.
            if (savepoint != null) {
                connection.rollback(savepoint);
            }
            if (!"23505".equals(e.getSQLState())) {
                throw e;
            }
        }
    }

    private static boolean holdsData(Connection connection) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "select (select count(*) from message_outbox) + (select count(*) from callback_event)"
                        + " + (select count(*) from durable_media)");
             ResultSet rs = select.executeQuery()) {
            return rs.next() && rs.getLong(1) > 0;
        }
    }
}
