package io.github.wecom4j.emulator;

import io.github.wecom4j.emulator.callback.CallbackPusher;
import io.github.wecom4j.emulator.corp.DemoCorp;
import io.github.wecom4j.emulator.corp.EmulatedCorp;
import io.github.wecom4j.emulator.http.EmulatorHttpServer;
import io.github.wecom4j.emulator.media.MediaStore;
import io.github.wecom4j.emulator.login.LoginCodes;
import io.github.wecom4j.emulator.login.LoginPages;
import io.github.wecom4j.emulator.jssdk.ConfigCheck;
import io.github.wecom4j.emulator.jssdk.JsApiTicketAuthority;
import io.github.wecom4j.emulator.jssdk.JsBridge;
import io.github.wecom4j.emulator.jssdk.JsSdkStandIn;
import io.github.wecom4j.emulator.message.InboxControl;
import io.github.wecom4j.emulator.message.Inboxes;
import io.github.wecom4j.emulator.message.MessageCenter;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Objects;

/**
 * A local WeCom: serves the API paths with WeCom's shapes and errcodes, checks tokens like WeCom,
 * and offers a control API under {@code /_emulator/} to move its clock, revoke tokens, inject
 * faults and read counters.
 *
 * <pre>{@code
 * try (WeComEmulator wecom = WeComEmulator.builder().start()) {
 *     URI base = wecom.baseUri();            // point the SDK's hosts here
 *     wecom.clock().advance(Duration.ofHours(2));
 *     long fetched = wecom.counters().calls("/cgi-bin/gettoken");
 * }
 * }</pre>
 */
public final class WeComEmulator implements AutoCloseable {

    private final EmulatedCorp corp;
    private final VirtualClock clock = new VirtualClock();
    private final EmulatorCounters counters = new EmulatorCounters();
    private final FaultInjector faults = new FaultInjector();
    private final TokenAuthority tokens = new TokenAuthority(clock);
    private final CallbackPusher callbacks;
    private final MediaStore media = new MediaStore(clock);
    private final LoginCodes loginCodes = new LoginCodes(clock);
    private final GetTokenRoute getToken;
    private final JsApiTicketAuthority jsApiTickets;
    private final JsBridge jsBridge;
    private final MessageCenter messages;
    private final EmulatorHttpServer server;
    private final URI baseUri;
    private final CgiBinDispatcher api;

    private WeComEmulator(Builder b) {
        this.corp = b.corp;
        this.callbacks = new CallbackPusher(this::corp, clock, counters);
        JsonMapper json = JsonMapper.builder().build();
        this.api = new CgiBinDispatcher(json, tokens, faults, counters, clock);
        this.getToken = new GetTokenRoute(this::corp, tokens, clock, json, counters, b.tokenFetchesPerHour,
                b.wrongSecretBan);
        api.getWithoutToken("/cgi-bin/gettoken", getToken);
        new ContactRoutes(this::corp, json).register(api);
        new LoginRoutes(this::corp, loginCodes, json).register(api);
        this.jsApiTickets = new JsApiTicketAuthority(clock, json, counters);
        api.get("/cgi-bin/get_jsapi_ticket", jsApiTickets::getJsapiTicket);
        api.get("/cgi-bin/ticket/get", jsApiTickets::getAgentTicket);
        this.messages = new MessageCenter(this::corp, clock, counters, json);
        api.post("/cgi-bin/message/send", call -> messages.send(call.scope().agentId(), call.body()));
        api.post("/cgi-bin/message/recall", call -> messages.recall(call.scope().agentId(), call.body()));
        try {
            this.server = new EmulatorHttpServer(new InetSocketAddress(b.bindAddress, b.port));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind the emulator to " + b.bindAddress + ":" + b.port, e);
        }
        server.route("/cgi-bin/*", api::serve);
        new MediaRoutes(media, json, () -> baseUri().toString()).register(api, server);
        new ControlApi(this, json).register(server);
        new LoginPages(this::corp, loginCodes).register(server);
        ConfigCheck configCheck = new ConfigCheck(this::corp, jsApiTickets);
        new JsSdkStandIn(configCheck, json, counters).register(server);
        this.jsBridge = new JsBridge(configCheck, json, counters, clock);
        jsBridge.register(server);
        new InboxControl(messages, json).register(server);
        server.start();
        String host = b.bindAddress.isAnyLocalAddress() ? "localhost" : b.bindAddress.getHostAddress();
        this.baseUri = URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + server.port());
    }

    public static Builder builder() {
        return new Builder();
    }

    /** An emulator of the demo corp on a free loopback port. */
    public static WeComEmulator start() {
        return builder().start();
    }

    /** Where the emulator listens, e.g. {@code http://127.0.0.1:53211}; API, OAuth and login hosts alike. */
    public URI baseUri() {
        return baseUri;
    }

    public int port() {
        return server.port();
    }

    /** The {@code /cgi-bin} paths this emulator serves (for coverage checks). */
    public java.util.Set<String> apiPaths() {
        return api.paths();
    }

    public EmulatedCorp corp() {
        return corp;
    }

    public VirtualClock clock() {
        return clock;
    }

    public EmulatorCounters counters() {
        return counters;
    }

    public FaultInjector faults() {
        return faults;
    }

    public TokenAuthority tokens() {
        return tokens;
    }

    /** Uploaded media (temporary and permanent). */
    public MediaStore media() {
        return media;
    }

    /** Callbacks pushed to the apps (URL verification, messages, events), with WeCom's retries. */
    public CallbackPusher callbacks() {
        return callbacks;
    }

    /** Login codes and member tickets issued by the login pages. */
    public LoginCodes loginCodes() {
        return loginCodes;
    }

    /** JS-SDK tickets issued (jsapi_ticket, agent_config). */
    public JsApiTicketAuthority jsApiTickets() {
        return jsApiTickets;
    }

    /**
     * The emulated client's {@code WeixinJSBridge} ({@code /_emulator/jssdk/bridge.js}): the pages
     * opened with it, their configs and calls; {@code fire} pushes an event to them.
     */
    public JsBridge jsBridge() {
        return jsBridge;
    }

    /** What each member received through message/send, and what the frequency limit dropped. */
    public Inboxes inboxes() {
        return messages.inboxes();
    }

    /** Back to a fresh start: no tokens, no faults, counters at zero, clock at real time. */
    public void reset() {
        tokens.reset();
        faults.clear();
        counters.reset();
        clock.reset();
        getToken.reset();
        callbacks.reset();
        media.reset();
        loginCodes.reset();
        jsApiTickets.reset();
        jsBridge.reset();
        messages.reset();
    }

    @Override
    public void close() {
        server.close();
    }

    /** Options of an emulator. */
    public static final class Builder {
        private EmulatedCorp corp = DemoCorp.create();
        private InetAddress bindAddress = InetAddress.getLoopbackAddress();
        private int port;
        private int tokenFetchesPerHour = 300;
        private int wrongSecretBan = 100;

        public Builder corp(EmulatedCorp corp) {
            this.corp = Objects.requireNonNull(corp);
            return this;
        }

        /** 0 (the default) picks a free port. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder bindAddress(InetAddress address) {
            this.bindAddress = Objects.requireNonNull(address);
            return this;
        }

        /** gettoken calls allowed per (corp, IP) per hour before 45009; default 300. */
        public Builder tokenFetchesPerHour(int limit) {
            this.tokenFetchesPerHour = limit;
            return this;
        }

        /** Refused secrets per IP per hour before that IP gets 45009; default 100. */
        public Builder wrongSecretBan(int limit) {
            this.wrongSecretBan = limit;
            return this;
        }

        public WeComEmulator start() {
            return new WeComEmulator(this);
        }
    }
}
