package io.github.wecom4j.gateway.data;

import io.github.wecom4j.emulator.WeComEmulator;
import io.github.wecom4j.emulator.corp.DemoCorp;
import io.github.wecom4j.gateway.GatewayApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * One database, one corp: a gateway refuses to start on a database another corp (or the other
 * mode) wrote, and the first-run default database file is not the real mode's.
 */
class DatabaseOwnerTest {

    static final WeComEmulator wecom = WeComEmulator.start();
    static final String REAL_CORP = "wwrealcorp0000001";

    @AfterAll
    static void stop() {
        wecom.close();
    }

    @TempDir
    Path dir;

    private String[] args(Path file, boolean real) {
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--server.address=127.0.0.1",
                "--spring.datasource.url=jdbc:h2:file:" + file + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_ON_EXIT=FALSE"));
        if (real) {
            String base = wecom.baseUri().toString();
            args.addAll(List.of("--wecom.corp-id=" + REAL_CORP,
                    "--wecom.apps[0].agent-id=" + DemoCorp.APPROVALS_AGENT_ID, "--wecom.apps[0].secret=realsecret",
                    "--wecom.hosts.api=" + base, "--wecom.hosts.oauth=" + base, "--wecom.hosts.login=" + base));
        }
        return args.toArray(String[]::new);
    }

    @Test
    void realModeRefusesToStartOnTheFirstRunDatabase() {
        Path file = dir.resolve("shared");
        try (ConfigurableApplicationContext emulated = SpringApplication.run(GatewayApplication.class, args(file, false))) {
            assertThat(emulated.isRunning()).isTrue();
        }
        assertThatThrownBy(() -> SpringApplication.run(GatewayApplication.class, args(file, true)).close())
                .rootCause()
                .isInstanceOf(DatabaseOwner.ForeignDatabaseException.class)
                .hasMessageContaining("belongs to corp " + DemoCorp.CORP_ID + " (emulated mode)")
                .hasMessageContaining("configured for corp " + REAL_CORP + " (real mode)")
                .hasMessageContaining("GATEWAY_DB_URL");
    }

    @Test
    void theOwnerItselfRestartsOnItsDatabase() {
        Path file = dir.resolve("own");
        for (int i = 0; i < 2; i++) {
            try (ConfigurableApplicationContext real = SpringApplication.run(GatewayApplication.class, args(file, true))) {
                assertThat(real.isRunning()).isTrue();
            }
        }
        // and the first-run gateway does not take the real corp's database either
        assertThatThrownBy(() -> SpringApplication.run(GatewayApplication.class, args(file, false)).close())
                .rootCause().isInstanceOf(DatabaseOwner.ForeignDatabaseException.class)
                .hasMessageContaining("belongs to corp " + REAL_CORP + " (real mode)");
    }

    @Test
    void dataOfUnknownOwnerIsAdoptedOnlyWhenAPersonSaysWhose() throws Exception {
        Path file = dir.resolve("legacy");
        try (ConfigurableApplicationContext emulated = SpringApplication.run(GatewayApplication.class, args(file, false))) {
            emulated.getBean(io.github.wecom4j.gateway.message.MessageOutbox.class)
                    .enqueue("{\"touser\":\"lisi\",\"msgtype\":\"text\",\"text\":{\"content\":\"demo\"}}");
        }
        // As a database written before owners were recorded: data, no owner row.
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:h2:file:" + file
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE", "sa", "")) {
            c.createStatement().executeUpdate("delete from gateway_database_owner");
        }
        assertThatThrownBy(() -> SpringApplication.run(GatewayApplication.class, args(file, true)).close())
                .rootCause().isInstanceOf(DatabaseOwner.ForeignDatabaseException.class)
                .hasMessageContaining("nothing tells which corp").hasMessageContaining(DatabaseOwner.ADOPT + "=" + REAL_CORP);
        List<String> adopting = new ArrayList<>(List.of(args(file, true)));
        adopting.add("--" + DatabaseOwner.ADOPT + "=" + REAL_CORP);
        try (ConfigurableApplicationContext real = SpringApplication.run(GatewayApplication.class, adopting.toArray(String[]::new))) {
            assertThat(real.isRunning()).isTrue();
        }
    }

    @Test
    void theFirstRunDefaultDatabaseIsNotTheRealModeOne() throws Exception {
        String emulated = defaultDatabaseUrl(Map.of());
        String real = defaultDatabaseUrl(Map.of("wecom.corp-id", REAL_CORP));
        assertThat(emulated).startsWith("jdbc:h2:file:" + DefaultDatabaseFile.EMULATED + ";");
        assertThat(real).startsWith("jdbc:h2:file:" + DefaultDatabaseFile.REAL + ";");
        assertThat(Path.of(DefaultDatabaseFile.EMULATED).normalize()).isNotEqualTo(Path.of(DefaultDatabaseFile.REAL).normalize());
    }

    /** spring.datasource.url as the gateway's application.yml resolves it without GATEWAY_DB_URL. */
    private static String defaultDatabaseUrl(Map<String, Object> configured) throws Exception {
        StandardEnvironment env = new StandardEnvironment();
        env.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        env.getPropertySources().addFirst(new MapPropertySource("configured", configured));
        new YamlPropertySourceLoader().load("application.yml", new ClassPathResource("application.yml"))
                .forEach(env.getPropertySources()::addLast);
        new DefaultDatabaseFile().postProcessEnvironment(env, new SpringApplication());
        return env.getProperty("spring.datasource.url");
    }
}
