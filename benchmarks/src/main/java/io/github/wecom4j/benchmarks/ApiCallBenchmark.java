package io.github.wecom4j.benchmarks;

import io.github.wecom4j.WeComClient;
import io.github.wecom4j.WeComConfig;
import io.github.wecom4j.contact.Member;
import io.github.wecom4j.emulator.WeComEmulator;
import io.github.wecom4j.emulator.corp.DemoCorp;
import io.github.wecom4j.http.WeComHosts;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;

/**
 * One {@code user/get} through the SDK (token cache, JSON, errcode check, typed result) versus the
 * same request made with a bare {@link HttpClient} and a token fetched once: the difference is the
 * SDK's overhead. Both talk to the same in-process emulator over loopback HTTP.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class ApiCallBenchmark {

    private WeComEmulator emulator;
    private WeComClient client;
    private HttpClient raw;
    private HttpRequest rawRequest;

    @Setup
    public void setUp() {
        emulator = WeComEmulator.builder().tokenFetchesPerHour(1_000_000).start();
        client = WeComClient.create(WeComConfig.builder(DemoCorp.CORP_ID)
                .hosts(WeComHosts.allAt(emulator.baseUri()))
                .contactsSecret(DemoCorp.CONTACTS_SECRET)
                .build());
        client.contacts().members().get("zhangsan");
        raw = HttpClient.newHttpClient();
        String token = fetchTokenRaw();
        rawRequest = HttpRequest.newBuilder(URI.create(emulator.baseUri() + "/cgi-bin/user/get?access_token=" + token
                + "&userid=zhangsan")).GET().build();
    }

    private String fetchTokenRaw() {
        try {
            HttpResponse<String> r = raw.send(HttpRequest.newBuilder(URI.create(emulator.baseUri()
                    + "/cgi-bin/gettoken?corpid=" + DemoCorp.CORP_ID + "&corpsecret=" + DemoCorp.CONTACTS_SECRET))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            return JsonMapper.builder().build().readTree(r.body()).path("access_token").asString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @TearDown
    public void tearDown() {
        emulator.close();
    }

    @Benchmark
    public io.github.wecom4j.contact.Member sdkUserGet() {
        return client.contacts().members().get("zhangsan");
    }

    @Benchmark
    public String rawHttpClientUserGet() throws Exception {
        HttpResponse<String> response = raw.send(rawRequest, HttpResponse.BodyHandlers.ofString());
        if (!response.body().contains("\"errcode\":0")) {
            throw new IllegalStateException("unexpected answer");
        }
        return response.body();
    }
}
