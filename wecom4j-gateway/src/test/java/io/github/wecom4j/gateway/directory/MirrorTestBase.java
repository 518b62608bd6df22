package io.github.wecom4j.gateway.directory;

import io.github.wecom4j.emulator.WeComEmulator;
import io.github.wecom4j.gateway.web.ApiKeys;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A gateway on the embedded emulator whose mirror the test loads itself (no background load, no
 * periodic reconcile during the test), with HTTP helpers for the gateway's API and the emulator's
 * control API.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"gateway.directory.load-on-start=false", "gateway.directory.reconcile-every=PT10H",
                "gateway.directory.sync-max-members=2000", "gateway.limits.directory-sync-body=2MB"})
@ActiveProfiles("test")
abstract class MirrorTestBase {

    static final HttpClient HTTP = HttpClient.newHttpClient();

    @LocalServerPort
    int port;
    @Autowired
    ApiKeys apiKeys;
    @Autowired
    WeComEmulator emulator;
    @Autowired
    DirectoryMirror mirror;

    record Response(int status, JsonNode json) {
    }

    /** A gateway API call with the demo API key. */
    Response call(String method, String path, String type, String body) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                    .header(ApiKeys.HEADER, apiKeys.demoKey()).header("Content-Type", type)
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                    .build(), HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.body().isEmpty() ? DesiredJson.JSON.createObjectNode()
                    : DesiredJson.JSON.readTree(r.body()));
        } catch (Exception e) {
            throw new IllegalStateException(path + ": " + e, e);
        }
    }

    Response get(String path) {
        return call("GET", path, "application/json", null);
    }

    /** Starts {@code work} and returns once the emulator has served the call whose answer is held back. */
    <T> java.util.concurrent.CompletableFuture<T> whileServedLate(String path, java.util.function.Supplier<T> work) throws Exception {
        long before = emulator.counters().calls(path);
        java.util.concurrent.CompletableFuture<T> running = java.util.concurrent.CompletableFuture.supplyAsync(work);
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (emulator.counters().calls(path) == before) {
            assertThat(System.nanoTime()).as(path + " never called").isLessThan(deadline);
            Thread.sleep(5);
        }
        Thread.sleep(200); // served (the answer, not the call, is late)
        return running;
    }

    Response reconcile() {
        Response r = call("POST", "/api/directory/reconcile", "application/json", null);
        assertThat(r.status()).as(r.json().toString()).isEqualTo(200);
        return r;
    }

    /** A change as an administrator makes it in WeCom's admin console: WeCom announces it by change_contact. */
    void admin(String op, String body) {
        control("/_emulator/contacts/admin", "{\"op\":\"" + op + "\",\"body\":" + body + "}");
    }

    void control(String path, String body) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(emulator.baseUri().resolve(path))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(path + " " + body + " -> " + r.body()).isEqualTo(200);
        } catch (java.io.IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every difference between the mirror and the emulator's directory, field for field. */
    List<String> differences() {
        return EmulatorDirectory.differences(emulator.directory().snapshot(), mirror.store(), mirror.corpId());
    }
}
