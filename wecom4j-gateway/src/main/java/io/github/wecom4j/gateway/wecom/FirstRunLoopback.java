package io.github.wecom4j.gateway.wecom;

import io.github.wecom4j.spring.WeComCredentialsCondition;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import java.util.Map;

/**
 * The first-run (emulated) gateway listens on the loopback interface only, unless
 * {@code server.address} (or {@code SERVER_ADDRESS}) says otherwise: its console hands out the demo
 * API key and refreshes tokens without a login, which is fine for the person at the machine and
 * for nobody on the network (issue 9). Real mode keeps Spring Boot's default (all interfaces).
 */
public final class FirstRunLoopback implements EnvironmentPostProcessor, Ordered {

    public static final String LOOPBACK = "127.0.0.1";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (!WeComCredentialsCondition.configured(environment) && !environment.containsProperty("server.address")) {
            // Last: any configured server.address wins.
            environment.getPropertySources().addLast(new MapPropertySource("wecom4j-first-run-loopback",
                    Map.of("server.address", LOOPBACK)));
        }
    }

    /** After application.yml and the environment variables, which decide the mode. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
