package io.github.wecom4j.gateway.wecom;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;

/** Says, once the gateway is up, which WeCom and which database it uses and which URL to open. */
@Component
class StartupAnnouncer implements ApplicationListener<ApplicationReadyEvent> {

    private static final Logger log = LoggerFactory.getLogger(StartupAnnouncer.class);

    private final GatewayMode mode;
    private final DataSource dataSource;

    StartupAnnouncer(GatewayMode mode, DataSource dataSource) {
        this.mode = mode;
        this.dataSource = dataSource;
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        int port = event.getApplicationContext() instanceof WebServerApplicationContext web
                ? web.getWebServer().getPort() : -1;
        log.info("WeCom: {}", mode.describe());
        log.info("Database: {}", describeDatabase());
        log.info("wecom4j gateway is ready: open http://localhost:{}/", port);
    }

    private String describeDatabase() {
        try (Connection c = dataSource.getConnection()) {
            String product = c.getMetaData().getDatabaseProductName();
            return product + ("H2".equals(product) ? " (embedded; set GATEWAY_DB_URL for PostgreSQL in production)" : "");
        } catch (SQLException e) {
            return "unavailable (SQLState " + e.getSQLState() + ")";
        }
    }
}
