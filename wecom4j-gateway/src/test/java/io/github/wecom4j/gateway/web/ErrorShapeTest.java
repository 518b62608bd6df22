package io.github.wecom4j.gateway.web;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every error of {@code /api/**}, whoever produces it (our handlers, Spring MVC, Tomcat itself,
 * {@code /error}), is {@code {errcode, errmsg, hint}} with a hint that adds something and no Java
 * exception text; browser flows get a readable page with a way back.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@ExtendWith(OutputCaptureExtension.class)
class ErrorShapeTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    ApiKeys apiKeys;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).build();

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.header(ApiKeys.HEADER, apiKeys.demoKey()).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder at(String path) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
    }

    /** The one error shape: the three fields, a hint that is not the errmsg again, no exception text. */
    private static JsonNode assertErrorShape(int status, String body, int expectedStatus) {
        assertThat(status).as(body).isEqualTo(expectedStatus);
        JsonNode json = JSON.readTree(body);
        assertThat(json.path("errcode").isInt()).as(body).isTrue();
        assertThat(json.path("errcode").asInt()).as(body).isNotZero();
        assertThat(json.path("errmsg").asString()).as(body).isNotBlank();
        assertThat(json.path("hint").asString()).as(body).isNotBlank().isNotEqualTo(json.path("errmsg").asString());
        assertThat(body).doesNotContain("Exception").doesNotContain("For input string").doesNotContain("java.")
                .doesNotContain("Whitelabel").doesNotContain("\"status\"").doesNotContain("\"timestamp\"");
        return json;
    }

    private void assertApiError(HttpRequest.Builder request, int expectedStatus) throws Exception {
        HttpResponse<String> r = send(request);
        assertErrorShape(r.statusCode(), r.body(), expectedStatus);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
    }

    @Test
    void springMvcErrorsHaveTheShape() throws Exception {
        assertApiError(at("/api/no-such-thing").GET(), 404);
        assertApiError(at("/api/messages").PUT(HttpRequest.BodyPublishers.ofString("{}")).header("Content-Type", "application/json"), 405);
        assertApiError(at("/api/messages").POST(HttpRequest.BodyPublishers.ofString("hello")).header("Content-Type", "text/plain"), 415);
        assertApiError(at("/api/callbacks?after=abc").GET(), 400);
        assertApiError(at("/api/callbacks?limit=99999999999999").GET(), 400);
        assertApiError(at("/api/jssdk/diagnose").POST(HttpRequest.BodyPublishers.ofString("{\"url\":")).header("Content-Type", "application/json"), 400);
        assertApiError(at("/api/media").POST(HttpRequest.BodyPublishers.ofString("--b\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\nfile\r\n--b--\r\n"))
                .header("Content-Type", "multipart/form-data; boundary=b"), 400);
        // the same with a browser's Accept header: still the API's JSON, never a 406 or 500
        assertApiError(at("/api/no-such-thing").GET().header("Accept", "text/html"), 404);
    }

    @Test
    void batchRefusalsHaveTheShapeAndNameTheMessage() throws Exception {
        String ok = "{\"touser\":\"lisi\",\"msgtype\":\"text\",\"text\":{\"content\":\"x\"}}";
        String empty = "{\"touser\":\"lisi\",\"msgtype\":\"text\",\"text\":{\"content\":\"\"}}";
        HttpResponse<String> invalid = send(batch("{\"messages\":[" + ok + "," + empty + "]}"));
        JsonNode json = assertErrorShape(invalid.statusCode(), invalid.body(), 400);
        assertThat(json.path("errcode").asInt()).isEqualTo(44004);
        assertThat(json.path("hint").asString()).startsWith("messages[1]: ");

        assertApiError(batch("{\"messages\":[" + String.join(",", java.util.Collections.nCopies(101, ok)) + "]}"), 400);
        assertApiError(batch("{\"messages\":[" + ok), 400);
        assertApiError(batch("{\"messages\":[" + ok + "],\"messages\":[]}"), 400);
        assertApiError(batch("{\"messages\":[" + ok + "]}").header("Idempotency-Key", "with space"), 400);
        assertApiError(at("/api/messages/batch").PUT(HttpRequest.BodyPublishers.ofString("{}")).header("Content-Type", "application/json"), 405);

        String key = java.util.UUID.randomUUID().toString();
        assertThat(send(batch("{\"messages\":[" + ok + "]}").header("Idempotency-Key", key)).statusCode()).isEqualTo(202);
        assertApiError(batch("{\"messages\":[" + ok + "," + ok + "]}").header("Idempotency-Key", key), 409);
    }

    private HttpRequest.Builder batch(String body) {
        return at("/api/messages/batch").POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json");
    }

    @Test
    void theErrorPathItselfHasTheShape() throws Exception {
        HttpResponse<String> r = send(at("/error").GET());
        assertErrorShape(r.statusCode(), r.body(), r.statusCode());
        assertThat(r.statusCode()).isBetween(400, 599);
    }

    @Test
    void tomcatLevelBadRequestsHaveTheShape() throws Exception {
        for (String target : new String[]{"/api/messages/%zz", "/api/messages/a b", "/api/messages?a=<b>", "/api/callbacks?after=%"}) {
            String response = raw("GET " + target + " HTTP/1.1\r\nHost: localhost\r\n" + ApiKeys.HEADER + ": "
                    + apiKeys.demoKey() + "\r\nConnection: close\r\n\r\n");
            int status = Integer.parseInt(response.substring(9, 12));
            String body = response.substring(response.indexOf("\r\n\r\n") + 4);
            assertThat(status).as(target + " -> " + response).isEqualTo(400);
            assertErrorShape(status, body, 400);
        }
    }

    @Test
    void malformedMultipartIsA400WithoutAnErrorInTheLog(CapturedOutput output) throws Exception {
        // a JSON body declared as multipart
        assertApiError(at("/api/media").POST(HttpRequest.BodyPublishers.ofString("{\"file\":\"x\"}"))
                .header("Content-Type", "multipart/form-data; boundary=xyz"), 400);
        // a NUL in the filename
        String multipart = "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a\u0000.txt\"\r\n"
                + "Content-Type: text/plain\r\n\r\nhello\r\n--b--\r\n";
        assertApiError(at("/api/media").POST(HttpRequest.BodyPublishers.ofString(multipart))
                .header("Content-Type", "multipart/form-data; boundary=b"), 400);
        assertThat(output.getAll()).doesNotContain(" ERROR ").doesNotContain("\tat ");
    }

    @Test
    void anUnknownMemberIsA404WithoutWeComsRawMessage() throws Exception {
        HttpResponse<String> r = send(at("/api/directory/members/nobody-here").GET());
        JsonNode json = assertErrorShape(r.statusCode(), r.body(), 404);
        assertThat(r.body()).doesNotContain("from ip").doesNotContain("more info at");
        assertThat(json.path("errmsg").asString()).contains("nobody-here");
        HttpResponse<String> department = send(at("/api/directory/departments/987654/members").GET());
        assertErrorShape(department.statusCode(), department.body(), 404);
        assertThat(department.body()).doesNotContain("from ip");
    }

    @Test
    void browserFlowsGetAReadablePageWithALinkBack() throws Exception {
        HttpResponse<String> r = http.send(at("/login/callback?code=x&state=forged").GET()
                .header("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(r.body()).contains("<html").contains("login refused").contains("href=\"/login\"")
                .doesNotContain("Whitelabel").doesNotContain("Exception").doesNotContain("{\"errcode\"");
        // a machine asking for JSON still gets JSON from the same URL
        HttpResponse<String> machine = http.send(at("/login/callback?code=x&state=forged").GET()
                .header("Accept", "application/json").build(), HttpResponse.BodyHandlers.ofString());
        assertErrorShape(machine.statusCode(), machine.body(), 400);
        // an unknown page in a browser: a page, not a Whitelabel
        HttpResponse<String> page = http.send(at("/no-such-page").GET().header("Accept", "text/html").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(404);
        assertThat(page.body()).contains("<html").contains("href=\"/\"").doesNotContain("Whitelabel");
    }

    /** One request over a plain socket, so nothing in the client can tidy an illegal request line. */
    private String raw(String request) throws Exception {
        try (Socket socket = new Socket("localhost", port)) {
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            return all.toString(StandardCharsets.UTF_8);
        }
    }
}
