package io.github.wecom4j.gateway.message;

import io.github.wecom4j.emulator.corp.CorpFiles;
import io.github.wecom4j.emulator.corp.EmulatedApp;
import io.github.wecom4j.emulator.corp.EmulatedCorp;
import io.github.wecom4j.emulator.corp.EmulatedDepartment;
import io.github.wecom4j.emulator.corp.EmulatedMember;
import io.github.wecom4j.gateway.db.PostgresSchema;
import io.github.wecom4j.gateway.net.RoundRobinProxy;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import redis.clients.jedis.JedisPooled;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.github.wecom4j.gateway.message.GatewayHttp.await;

/**
 * A real cluster for tests and benchmarks: a standalone emulator JVM, N gateway JVMs in real mode on
 * one PostgreSQL schema and one Redis prefix, and a round-robin address in front of them.
 * Members are {@code m0 .. m<members-1>} plus {@code lisi} and {@code busy}.
 */
final class GatewayCluster implements AutoCloseable {

    static final String CORP = "ww0cluster0corp0001";
    static final int AGENT = 1000030;
    static final String SECRET = "cluster-test-app-secret-000000000000000001";
    /** A second app the corp has; instances use it only when a test configures it ({@link #secondApp}). */
    static final int AGENT_2 = 1000031;
    static final String SECRET_2 = "cluster-test-app-secret-000000000000000002";
    static final String KEY = "cluster-test-key";
    static final String CALLBACK_TOKEN = "clusterCallbackToken";
    static final String CALLBACK_AES_KEY = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C";

    private final Path dir;
    private final ChildJvm emulatorJvm;
    private final String emulatorUrl;
    private final List<ChildJvm> gateways = new ArrayList<>();
    private final List<Integer> ports = new ArrayList<>();
    private final RoundRobinProxy proxy;
    private final String schema;
    private final String redisPrefix = "wecom4j-cluster-" + UUID.randomUUID() + ":";

    private final List<String> gatewayJvmOptions;
    private final List<String> gatewayArgs;

    private GatewayCluster(Path dir, int instances, int members, List<String> gatewayJvmOptions, List<String> gatewayArgs)
            throws Exception {
        this.dir = dir;
        this.gatewayJvmOptions = gatewayJvmOptions;
        this.gatewayArgs = gatewayArgs;
        requireRedis();
        this.schema = PostgresSchema.create("cluster");
        int proxyPort = ChildJvm.freePort();
        List<EmulatedMember> people = new ArrayList<>();
        for (int i = 0; i < members; i++) {
            people.add(new EmulatedMember("m" + i, "Member " + i, List.of(1L), 1, null, null, null, "0", 1));
        }
        people.add(new EmulatedMember("lisi", "李四", List.of(1L), 1, null, null, null, "0", 1));
        people.add(new EmulatedMember("busy", "Busy Bee", List.of(1L), 1, null, null, null, "0", 1));
        Path corpFile = dir.resolve("corp.json");
        // The app trusts exactly the public address (host and port), as WeCom matches it.
        CorpFiles.save(new EmulatedCorp(CORP, "Cluster Co.", null,
                List.of(new EmulatedDepartment(1, "Cluster Co.", 0, 1, List.of())), people,
                List.of(new EmulatedApp(AGENT, "Cluster", SECRET, "127.0.0.1:" + proxyPort, null, null, null),
                        new EmulatedApp(AGENT_2, "Second", SECRET_2, "127.0.0.1:" + proxyPort, null, null, null))),
                corpFile);
        int emulatorPort = ChildJvm.freePort();
        this.emulatorUrl = "http://127.0.0.1:" + emulatorPort;
        this.emulatorJvm = ChildJvm.start("emulator", dir, "io.github.wecom4j.emulator.EmulatorMain",
                List.of("--port", String.valueOf(emulatorPort), "--corp", corpFile.toString()));
        await("standalone emulator up", Duration.ofSeconds(60), () -> reachable(emulatorUrl + "/_emulator/state"),
                emulatorJvm::logTail);
        for (int i = 0; i < instances; i++) {
            ports.add(ChildJvm.freePort());
        }
        for (int i = 0; i < instances; i++) {
            gateways.add(startGateway(i, "http://127.0.0.1:" + proxyPort));
        }
        for (int i = 0; i < instances; i++) {
            ChildJvm g = gateways.get(i);
            String health = "http://127.0.0.1:" + ports.get(i) + "/actuator/health/readiness";
            await("gateway " + i + " up", Duration.ofSeconds(180), () -> {
                if (!g.alive()) {
                    throw new AssertionError("gateway exited:\n" + g.logTail());
                }
                return reachable(health);
            }, g::logTail);
        }
        this.proxy = new RoundRobinProxy(proxyPort, ports);
    }

    /** Arguments that give an instance the corp's second app too. */
    static List<String> secondApp() {
        return List.of("--wecom.apps[1].agent-id=" + AGENT_2, "--wecom.apps[1].secret=" + SECRET_2,
                "--wecom.apps[1].name=second");
    }

    static GatewayCluster start(Path dir, int instances, int members) throws Exception {
        return new GatewayCluster(dir, instances, members, List.of("-Xmx384m", "-XX:TieredStopAtLevel=1"), List.of());
    }

    /**
     * As above, the gateways with these JVM options and extra {@code --key=value} arguments (one
     * given here replaces the test default of the same key).
     */
    static GatewayCluster start(Path dir, int instances, int members, List<String> gatewayJvmOptions,
                                List<String> gatewayArgs) throws Exception {
        return new GatewayCluster(dir, instances, members, gatewayJvmOptions, gatewayArgs);
    }

    /**
     * Starts one more instance (these JVM options, the same arguments plus {@code extraArgs} overriding them), waits until it
     * is ready; returns its index. The round-robin front keeps the instances it started with.
     */
    int addInstance(List<String> jvmOptions, List<String> extraArgs) throws Exception {
        return addInstance(jvmOptions, extraArgs, Map.of());
    }

    /** As above, the new instance's JVM with these environment variables added. */
    int addInstance(List<String> jvmOptions, List<String> extraArgs, Map<String, String> environment) throws Exception {
        int index = ports.size();
        ports.add(ChildJvm.freePort());
        ChildJvm g = startGateway(index, proxy.url(), jvmOptions, extraArgs, environment);
        gateways.add(g);
        String health = instanceUrl(index) + "/actuator/health/readiness";
        await("gateway " + index + " up", Duration.ofSeconds(180), () -> {
            if (!g.alive()) {
                throw new AssertionError("gateway exited:\n" + g.logTail());
            }
            return reachable(health);
        }, g::logTail);
        return index;
    }

    /** The standalone emulator's process (its CPU, for benchmarks). */
    ChildJvm emulator() {
        return emulatorJvm;
    }

    private ChildJvm startGateway(int index, String publicUrl) {
        return startGateway(index, publicUrl, gatewayJvmOptions, List.of(), Map.of());
    }

    private ChildJvm startGateway(int index, String publicUrl, List<String> jvmOptions, List<String> extraArgs,
                                  Map<String, String> environment) {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=" + ports.get(index),
                "--wecom.corp-id=" + CORP,
                "--wecom.apps[0].agent-id=" + AGENT,
                "--wecom.apps[0].secret=" + SECRET,
                "--wecom.apps[0].name=cluster",
                "--wecom.apps[0].callback-token=" + CALLBACK_TOKEN,
                "--wecom.apps[0].callback-aes-key=" + CALLBACK_AES_KEY,
                "--wecom.hosts.api=" + emulatorUrl,
                "--wecom.hosts.oauth=" + emulatorUrl,
                "--wecom.hosts.login=" + emulatorUrl,
                "--wecom.login.public-url=" + publicUrl,
                "--wecom.jssdk.trusted-domains=app.example.com",
                "--wecom.token-store.redis-url=redis://127.0.0.1:6379",
                "--wecom.token-store.redis-prefix=" + redisPrefix,
                "--spring.datasource.url=" + PostgresSchema.jdbcUrl(schema),
                "--spring.datasource.username=" + PostgresSchema.USER,
                "--spring.datasource.password=",
                "--spring.flyway.schemas=" + schema,
                "--gateway.messages.api-keys=" + KEY,
                "--gateway.messages.lease=3s",
                "--gateway.messages.initial-backoff=100ms",
                "--gateway.messages.max-backoff=1s",
                "--gateway.messages.max-attempts=50",
                "--logging.level.io.github.wecom4j=WARN"));
        // Spring joins repeated command-line options into a list, so an override replaces the default.
        List<String> overrides = new ArrayList<>(gatewayArgs);
        overrides.addAll(extraArgs);
        for (String extra : overrides) {
            String key = extra.substring(0, extra.indexOf('=') + 1);
            args.removeIf(a -> a.startsWith(key));
            args.add(extra);
        }
        return ChildJvm.start("gateway-" + index, dir, "io.github.wecom4j.gateway.GatewayApplication", jvmOptions,
                args, environment);
    }

    /** The public, round-robin address. */
    String url() {
        return proxy.url();
    }

    /** One instance's own address, bypassing the round-robin front. */
    String instanceUrl(int i) {
        return "http://127.0.0.1:" + ports.get(i);
    }

    String emulatorUrl() {
        return emulatorUrl;
    }

    String schema() {
        return schema;
    }

    ChildJvm instance(int i) {
        return gateways.get(i);
    }

    long delivered() {
        return GatewayHttp.get(emulatorUrl + "/_emulator/inbox", null).json().path("delivered").asLong();
    }

    long dropped() {
        return GatewayHttp.get(emulatorUrl + "/_emulator/inbox", null).json().path("dropped").asLong();
    }

    long inboxOf(String member) {
        return GatewayHttp.get(emulatorUrl + "/_emulator/inbox/" + member, null).json().path("messages").size();
    }

    long gettokenCalls() {
        return calls("/cgi-bin/gettoken");
    }

    /** How often the emulator was called on a WeCom path, by every instance together. */
    long calls(String path) {
        return GatewayHttp.get(emulatorUrl + "/_emulator/counters", null).json().path("counters").path("calls " + path)
                .asLong();
    }

    @Override
    public void close() throws Exception {
        if (proxy != null) {
            proxy.close();
        }
        for (ChildJvm g : gateways) {
            g.close();
        }
        emulatorJvm.close();
        PostgresSchema.drop(schema);
        try (JedisPooled redis = new JedisPooled("127.0.0.1", 6379)) {
            redis.keys(redisPrefix + "*").forEach(redis::del);
        }
    }

    static boolean reachable(String url) {
        try {
            return GatewayHttp.get(url, null).status() == 200;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    private static void requireRedis() {
        try (JedisPooled probe = new JedisPooled("127.0.0.1", 6379)) {
            probe.ping();
        } catch (RuntimeException e) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                Assertions.fail("Redis must be reachable under CI=true", e);
            }
            Assumptions.abort("Redis not reachable at 127.0.0.1:6379");
        }
    }
}
