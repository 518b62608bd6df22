package io.github.wecom4j.gateway.login;

import io.github.wecom4j.gateway.cluster.ClusterTasks;
import io.github.wecom4j.gateway.cluster.DatabaseClock;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;

/**
 * Makes a login state single-use across every gateway instance: the session says which logins a
 * browser started, but two requests of one session on two instances are not serialised, so a
 * replayed callback could race the real one. The first to record the state wins; rows are kept
 * as long as a state could still be pending, then swept (one instance at a time).
 */
@Component
class UsedLoginStates {

    private final JdbcTemplate jdbc;
    /** Stamps compared by whichever instance sweeps: the database's clock ({@link DatabaseClock}). */
    private final Clock clock;

    UsedLoginStates(JdbcTemplate jdbc, ClusterTasks tasks, @Qualifier("databaseClock") DatabaseClock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
        tasks.every("login-state-sweep", Duration.ofMinutes(5), Duration.ofMinutes(10), this::sweep);
    }

    /** True for the first use of {@code state} anywhere in the cluster, false for any repeat. */
    boolean firstUse(String state) {
        try {
            return jdbc.update("insert into login_state_used (state, used_at) values (?, ?)", state,
                    clock.millis()) == 1;
        } catch (DuplicateKeyException replay) {
            return false;
        }
    }

    void sweep() {
        jdbc.update("delete from login_state_used where used_at < ?",
                clock.instant().minus(PendingLogins.TTL.multipliedBy(2)).toEpochMilli());
    }
}
