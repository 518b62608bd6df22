package io.github.wecom4j.gateway.data;

import io.github.wecom4j.spring.WeComCredentialsCondition;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import java.util.Map;

/**
 * Chooses the embedded database file used when {@code GATEWAY_DB_URL} is not set: the first-run
 * (emulated) mode and real mode never share one, so demo data cannot meet a real corp's (issue 9:
 * a message queued in real mode was delivered into the emulator after a restart in emulated mode).
 * {@link DatabaseOwner} still guards any database, default or not.
 */
public final class DefaultDatabaseFile implements EnvironmentPostProcessor, Ordered {

    public static final String PROPERTY = "gateway.db.default-file";
    /** First-run data: the emulator's demo corp only. */
    public static final String EMULATED = "./wecom4j-data/first-run/gateway";
    /** Real mode without GATEWAY_DB_URL (a trial; production uses PostgreSQL). */
    public static final String REAL = "./wecom4j-data/gateway";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String file = WeComCredentialsCondition.configured(environment) ? REAL : EMULATED;
        // Last: an explicit gateway.db.default-file (or GATEWAY_DB_URL itself) still wins.
        environment.getPropertySources().addLast(new MapPropertySource("wecom4j-default-database-file", Map.of(PROPERTY, file)));
    }

    /** After application.yml and the environment variables are loaded, which decide the mode. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
