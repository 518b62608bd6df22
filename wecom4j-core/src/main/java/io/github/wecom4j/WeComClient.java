package io.github.wecom4j;

import io.github.wecom4j.contact.Contacts;
import io.github.wecom4j.http.HttpTransport;
import io.github.wecom4j.http.WeComHttp;
import io.github.wecom4j.http.WeComJson;
import io.github.wecom4j.jssdk.JsSdk;
import io.github.wecom4j.token.AccessTokenCache;
import io.github.wecom4j.token.Credential;
import io.github.wecom4j.token.TokenState;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * Entry point of the SDK. Build one per corp and share it: it is thread-safe and owns the HTTP
 * transport, the token caches and one facade per WeCom scenario. {@link #close()} releases the
 * transport's connections.
 *
 * <pre>{@code
 * WeComClient wecom = WeComClient.create(config);
 * List<Department> departments = wecom.contacts().departments().list();
 * }</pre>
 */
public final class WeComClient implements AutoCloseable {

    private final WeComConfig config;
    private final HttpTransport transport;
    private final WeComHttp http;
    private final AccessTokenCache tokens;
    private final Map<Integer, WeComApp> apps;
    private final Contacts contacts;
    private final WeComApi contactsSync;

    private WeComClient(WeComConfig config) {
        this.config = config;
        WeComJson.warmUpInBackground();
        this.transport = config.transport().create(config.hosts(), config.connectTimeout());
        this.http = new WeComHttp(transport, WeComJson.mapper(), config.retryPolicy(), config.requestTimeout());
        this.tokens = new AccessTokenCache(http, config.hosts(), config.tokenStore(), config.clock(), config.tokenPolicy());
        WeComApi contactsSync = config.contactsSecret().map(secret -> {
            Credential credential = new Credential(config.corpId(), secret);
            tokens.label(credential, "contacts");
            return new WeComApi(http, config.hosts(), tokens, credential);
        }).orElse(null);
        Map<Integer, WeComApp> byAgent = new LinkedHashMap<>();
        for (AppCredentials app : config.apps().values()) {
            Credential credential = new Credential(config.corpId(), app.secret());
            tokens.label(credential, "app " + app.agentId() + " (" + app.name() + ")");
            WeComApi api = new WeComApi(http, config.hosts(), tokens, credential);
            JsSdk jssdk = new JsSdk(config.corpId(), app.agentId(), api, credential.cacheKey(),
                    "app " + app.agentId() + " (" + app.name() + ")", config.tokenStore(), config.clock(), config.tokenPolicy());
            byAgent.put(app.agentId(), new WeComApp(app, api, jssdk, config.clock(), contactsSync));
        }
        this.apps = Collections.unmodifiableMap(byAgent);
        this.contacts = new Contacts(contactsSync, contactsSync != null ? contactsSync : apps.values().iterator().next().api());
        this.contactsSync = contactsSync;
    }

    public static WeComClient create(WeComConfig config) {
        return new WeComClient(config);
    }

    public WeComConfig config() {
        return config;
    }

    /** The app with this agentid; a clear error if it was not configured. */
    public WeComApp app(int agentId) {
        WeComApp app = apps.get(agentId);
        if (app == null) {
            throw new NoSuchElementException("app " + agentId + " is not configured; configured apps: " + apps.keySet());
        }
        return app;
    }

    public Map<Integer, WeComApp> apps() {
        return apps;
    }

    /**
     * The directory: departments, members, tags, import jobs. Writes use the contacts-sync token
     * (and fail up front without a contacts secret); reads use it too when configured (full
     * visibility), otherwise the first app's token (its visible range only).
     */
    public Contacts contacts() {
        return contacts;
    }

    /**
     * The token state of every configured credential, used or not: {@code "contacts"} and
     * {@code "app <agentid>"} (for metrics and health checks; never the token itself).
     */
    public Map<String, TokenState> credentialStates() {
        Map<String, TokenState> out = new LinkedHashMap<>();
        if (contactsSync != null) {
            out.put("contacts", contactsSync.tokenState());
        }
        apps.forEach((agentId, app) -> out.put("app " + agentId, app.api().tokenState()));
        return out;
    }

    /**
     * Every configured credential's API, with the labels of {@link #credentialStates()}: for a
     * start-up check that fetches each token once (through the token cache).
     */
    public Map<String, WeComApi> credentialApis() {
        Map<String, WeComApi> out = new LinkedHashMap<>();
        if (contactsSync != null) {
            out.put("contacts", contactsSync);
        }
        apps.forEach((agentId, app) -> out.put("app " + agentId, app.api()));
        return out;
    }

    /** State of every token used so far (never the token itself). */
    public Map<String, TokenState> tokenStates() {
        return tokens.states();
    }

    /** Transport counters: calls, retries, system-busy answers, network errors. */
    public io.github.wecom4j.http.TransportMetrics.Snapshot transportMetrics() {
        return http.metrics().snapshot();
    }

    /** The name of the HTTP client the calls go through ({@link HttpTransport#name()}). */
    public String transportName() {
        return transport.name();
    }

    /** Closes the transport (pooled connections); the client is unusable afterwards. */
    @Override
    public void close() {
        transport.close();
    }

    AccessTokenCache tokens() {
        return tokens;
    }

    WeComHttp http() {
        return http;
    }
}
