package io.github.wecom4j.gateway.message;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static io.github.wecom4j.gateway.message.GatewayHttp.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ctrl-C on the first-run gateway (SIGINT, its own JVM, as a person runs it) stops it cleanly:
 * no ERROR, no stack trace, no "already closed" from the embedded database or emulator.
 */
class FirstRunShutdownTest {

    private static final String KEY = "demo-shutdown-test";

    @TempDir
    Path dir;

    @Test
    void ctrlCStopsTheFirstRunGatewayWithoutErrors() throws Exception {
        int port = ChildJvm.freePort();
        try (ChildJvm gateway = ChildJvm.start("first-run", dir, "io.github.wecom4j.gateway.GatewayApplication", List.of(
                "--server.port=" + port,
                "--spring.datasource.url=jdbc:h2:file:" + dir.resolve("db") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                        + "WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE",
                "--gateway.messages.demo-key=" + KEY))) {
            await("gateway up", Duration.ofSeconds(120), () -> {
                assertThat(gateway.alive()).as(gateway.logTail()).isTrue();
                try {
                    return GatewayHttp.get("http://127.0.0.1:" + port + "/actuator/health", null).status() == 200;
                } catch (IllegalStateException notYet) {
                    return false;
                }
            }, gateway::logTail);
            // some work in flight: a message through the outbox and the console's token refresh
            assertThat(GatewayHttp.post("http://127.0.0.1:" + port + "/api/messages", KEY,
                    "{\"touser\":\"lisi\",\"msgtype\":\"text\",\"text\":{\"content\":\"before Ctrl-C\"}}").status()).isEqualTo(202);
            HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/console/tokens/refresh"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());

            assertThat(gateway.interrupt(Duration.ofSeconds(60))).as("stopped after Ctrl-C:\n" + gateway.logTail()).isTrue();
            String log = gateway.log();
            String afterReady = log.substring(Math.max(0, log.indexOf("wecom4j gateway is ready")));
            assertThat(afterReady).as(afterReady).doesNotContain(" ERROR ").doesNotContain("Exception").doesNotContain("\tat ");
        }
    }
}
