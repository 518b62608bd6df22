package io.github.wecom4j.gateway.docs;

import io.github.wecom4j.gateway.web.ApiKeys;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every {@code curl} example in {@code docs/*.md} runs, as written, with the real curl against a
 * first-run gateway, and answers the status its {@code # -> NNN} line promises. An example block is
 * a {@code ```bash} fence that calls curl; {@code GATEWAY}, {@code KEY}, {@code EMULATOR},
 * {@code MESSAGE_ID} and {@code MEDIA_ID} are set as the docs describe.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "gateway.messages.demo-key=" + DocsCurlExamplesTest.DEMO_KEY)
@ActiveProfiles("test")
class DocsCurlExamplesTest {

    /** As the README suggests for scripts: a demo key that does not change between starts. */
    static final String DEMO_KEY = "demo-docs-fixed-key";

    private static final Path DOCS = Path.of("..", "docs");
    private static final Pattern BLOCK = Pattern.compile("```bash\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern EXPECT = Pattern.compile("^# -> (\\d{3})\\b", Pattern.MULTILINE);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    ApiKeys apiKeys;

    @Autowired
    io.github.wecom4j.emulator.WeComEmulator emulator;

    @TempDir
    Path work;

    record Example(String doc, int index, String script, List<Integer> expected) {
    }

    @TestFactory
    Stream<DynamicTest> everyCurlExampleInTheDocsRuns() throws Exception {
        assertThat(apiKeys.demoKey()).as("the configured demo key").isEqualTo(DEMO_KEY);
        List<Example> examples = examples();
        assertThat(examples).as("curl examples found in docs/*.md").hasSizeGreaterThanOrEqualTo(8);
        assertThat(examples.stream().map(Example::doc).distinct())
                .contains("messages.md", "media.md", "callbacks.md", "contacts.md", "jssdk.md", "operations.md", "emulator.md");
        String gateway = "http://localhost:" + port;
        String messageId = idOf(post(gateway + "/api/messages",
                "{\"touser\":\"lisi\",\"msgtype\":\"text\",\"text\":{\"content\":\"for the docs\"}}"));
        String mediaId = idOf(upload(gateway + "/api/media"));
        return examples.stream().map(e -> DynamicTest.dynamicTest(e.doc() + " example " + e.index(),
                () -> assertThat(run(e, gateway, messageId, mediaId)).as(e.script()).isEqualTo(e.expected())));
    }

    private static List<Example> examples() throws IOException {
        List<Example> out = new ArrayList<>();
        try (Stream<Path> docs = Files.list(DOCS)) {
            for (Path doc : docs.filter(p -> p.toString().endsWith(".md")).sorted().toList()) {
                Matcher m = BLOCK.matcher(Files.readString(doc));
                int index = 0;
                while (m.find()) {
                    String script = m.group(1);
                    if (!script.lines().anyMatch(l -> l.startsWith("curl "))) {
                        continue;
                    }
                    List<Integer> expected = new ArrayList<>();
                    Matcher x = EXPECT.matcher(script);
                    while (x.find()) {
                        expected.add(Integer.parseInt(x.group(1)));
                    }
                    assertThat(expected).as(doc.getFileName() + ": every curl example says what to expect (# -> NNN)\n" + script)
                            .hasSize((int) script.lines().filter(l -> l.startsWith("curl ")).count());
                    out.add(new Example(doc.getFileName().toString(), ++index, script, expected));
                }
            }
        }
        return out;
    }

    /** Runs one block in bash with curl wrapped to record each call's status; returns them in order. */
    private List<Integer> run(Example e, String gateway, String messageId, String mediaId) throws Exception {
        Path statuses = Files.createTempFile(work, "status", ".txt");
        String wrapper = "curl() { command curl -sS -o /dev/null -w '%{http_code}\\n' --max-time 20 \"$@\" >> \"$STATUS_FILE\"; }\n";
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", wrapper + e.script()).directory(work.toFile())
                .redirectErrorStream(true);
        pb.environment().put("GATEWAY", gateway);
        pb.environment().put("KEY", apiKeys.demoKey());
        pb.environment().put("EMULATOR", emulator.baseUri().toString());
        pb.environment().put("MESSAGE_ID", messageId);
        pb.environment().put("MEDIA_ID", mediaId);
        pb.environment().put("STATUS_FILE", statuses.toString());
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        return Files.readAllLines(statuses).stream().filter(l -> !l.isBlank()).map(Integer::parseInt).toList();
    }

    private final HttpClient http = HttpClient.newHttpClient();

    private String post(String url, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .header(ApiKeys.HEADER, apiKeys.demoKey()).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private String upload(String url) throws Exception {
        String body = "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"notes.txt\"\r\n\r\nsome notes\r\n"
                + "--b\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\nfile\r\n--b--\r\n";
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "multipart/form-data; boundary=b")
                .header(ApiKeys.HEADER, apiKeys.demoKey()).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static String idOf(String json) {
        String id = JSON.readTree(json).path("id").asString();
        assertThat(id).as(json).isNotBlank();
        return id;
    }
}
