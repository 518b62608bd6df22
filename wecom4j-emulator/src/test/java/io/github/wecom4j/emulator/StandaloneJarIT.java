package io.github.wecom4j.emulator;

import io.github.wecom4j.emulator.corp.DemoCorp;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The standalone jar exactly as a user runs it ({@code java -jar wecom4j-emulator-VERSION-standalone.jar}),
 * after {@code package}: a shading mistake (a missing class or service file, no manifest, no logging
 * provider) shows here and nowhere else, since every other test runs on the module's class path.
 */
class StandaloneJarIT {

    private static final Pattern LISTENING = Pattern.compile("listening on (http://\\S+)");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void servesTheDemoCorpOnAnyFreePortAndPrintsItsLogs() throws Exception {
        Process process = start("--port", "0");
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            List<String> before = new ArrayList<>();
            String line;
            Matcher listening = null;
            while ((line = out.readLine()) != null) {
                listening = LISTENING.matcher(line);
                if (listening.find()) {
                    break;
                }
                before.add(line);
            }
            assertThat(line).as("the start line, after: %s", before).isNotNull();
            URI base = URI.create(listening.group(1));
            assertThat(base.getPort()).isPositive();
            // Without a provider in the jar, SLF4J announces it falls back to dropping every log line.
            assertThat(before).noneMatch(l -> l.contains("SLF4J"));

            String token = get(base, "/cgi-bin/gettoken?corpid=" + DemoCorp.CORP_ID + "&corpsecret=" + DemoCorp.APPROVALS_SECRET);
            Matcher accessToken = Pattern.compile("\"access_token\":\"([^\"]+)\"").matcher(token);
            assertThat(accessToken.find()).as(token).isTrue();
            String departments = get(base, "/cgi-bin/department/list?access_token=" + accessToken.group(1));
            assertThat(departments).contains("\"errcode\":0").contains("\"parentid\"");
            assertThat(get(base, "/_emulator/state")).contains("\"corpid\":\"" + DemoCorp.CORP_ID + "\"");
        } finally {
            process.destroy();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aPortThatIsNotANumberIsOneClearLineAndExitStatus2() throws Exception {
        Ended ended = run("--port", "eighty");
        assertThat(ended.status()).isEqualTo(2);
        assertThat(ended.output()).contains("--port takes a number from 0 to 65535", "'eighty'", "usage:");
        assertNoStackTrace(ended);
    }

    @Test
    void anUnknownOptionOrAMissingValueIsExitStatus2() throws Exception {
        Ended unknown = run("--verbose");
        assertThat(unknown.status()).isEqualTo(2);
        assertThat(unknown.output()).contains("unknown option --verbose", "usage:");
        Ended missing = run("--port");
        assertThat(missing.status()).isEqualTo(2);
        assertThat(missing.output()).contains("--port needs a value");
        assertNoStackTrace(unknown);
        assertNoStackTrace(missing);
    }

    @Test
    void aCorpFileThatIsNotThereIsNamed() throws Exception {
        Ended ended = run("--corp", "/nonexistent/corp.json");
        assertThat(ended.status()).isEqualTo(2);
        assertThat(ended.output()).contains("--corp: cannot read /nonexistent/corp.json (no such file)");
        assertNoStackTrace(ended);
    }

    @Test
    void aPortAlreadyTakenIsExitStatus1() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Ended ended = run("--port", String.valueOf(taken.getLocalPort()));
            assertThat(ended.status()).isEqualTo(1);
            assertThat(ended.output()).contains("cannot listen on 127.0.0.1:" + taken.getLocalPort(), "address already in use");
            assertNoStackTrace(ended);
        }
    }

    private record Ended(int status, String output) {
    }

    private static void assertNoStackTrace(Ended ended) {
        assertThat(ended.output()).doesNotContain("Exception in thread").doesNotContain("\tat ");
    }

    private static Ended run(String... args) throws IOException, InterruptedException {
        Process process = start(args);
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Ended(process.exitValue(), output);
    }

    private static Process start(String... args) throws IOException {
        Path jar = Path.of(System.getProperty("standalone.jar", "target/standalone.jar"));
        assertThat(jar).as("run by failsafe after package, which builds the standalone jar").exists();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    private static String get(URI base, String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(base.resolve(path)).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
    }
}
