package io.github.wecom4j.emulator;

import io.github.wecom4j.emulator.callback.CallbackPusher;
import io.github.wecom4j.emulator.contact.AdminChanges;
import io.github.wecom4j.emulator.contact.BatchJobs;
import io.github.wecom4j.emulator.contact.ChangeContactNotifier;
import io.github.wecom4j.emulator.contact.ContactControl;
import io.github.wecom4j.emulator.contact.ContactRoutes;
import io.github.wecom4j.emulator.contact.Directory;
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

    private final EmulatedCorp seed;
    /** Apps and contacts-sync settings (its directory lists are the seed's; the live one is {@link #directory}). */
    private final java.util.concurrent.atomic.AtomicReference<EmulatedCorp> settings;
    private final Directory directory;
    private volatile EmulatedCorp snapshot;
    private final ChangeContactNotifier changeContact;
    private final BatchJobs batchJobs;
    private final java.util.concurrent.ScheduledExecutorService jobTicker;
    private final VirtualClock clock = new VirtualClock();
    private final EmulatorCounters counters = new EmulatorCounters();
    private final FaultInjector faults = new FaultInjector();
    private final TokenAuthority tokens = new TokenAuthority(clock);
    private final CallbackPusher callbacks;
    private final MediaStore media = new MediaStore(clock);
    private final io.github.wecom4j.emulator.media.UrlUploads urlUploads;
    private final LoginCodes loginCodes = new LoginCodes(clock);
    private final GetTokenRoute getToken;
    private final JsApiTicketAuthority jsApiTickets;
    private final JsBridge jsBridge;
    private final MessageCenter messages;
    private final io.github.wecom4j.emulator.agent.AgentRoutes agents;
    private final EmulatorHttpServer server;
    private final URI baseUri;
    private final CgiBinDispatcher api;

    private WeComEmulator(Builder b) {
        this.seed = b.corp;
        this.settings = new java.util.concurrent.atomic.AtomicReference<>(b.corp);
        this.directory = new Directory(b.corp);
        this.callbacks = new CallbackPusher(this::corp, clock, counters);
        JsonMapper json = JsonMapper.builder().build();
        this.api = new CgiBinDispatcher(json, tokens, faults, counters, clock);
        this.getToken = new GetTokenRoute(this::corp, tokens, clock, json, counters, b.tokenFetchesPerHour,
                b.wrongSecretBan);
        api.getWithoutToken("/cgi-bin/gettoken", getToken);
        this.changeContact = new ChangeContactNotifier(() -> settings.get().contactsSync(), () -> settings.get().corpId(),
                callbacks, clock, counters);
        directory.afterChange(changeContact::on);
        this.batchJobs = new BatchJobs(directory, clock, callbacks, counters, () -> settings.get().corpId());
        this.urlUploads = new io.github.wecom4j.emulator.media.UrlUploads(media, clock, callbacks, () -> settings.get().corpId(),
                JsonMapper.builder().build());
        ContactRoutes.register(api, directory, settings::get, json, batchJobs,
                id -> media.alive(id).map(io.github.wecom4j.emulator.media.MediaStore.StoredMedia::content));
        this.jobTicker = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "wecom-emulator-jobs");
            t.setDaemon(true);
            return t;
        });
        jobTicker.scheduleWithFixedDelay(this::tickJobs, 50, 50, java.util.concurrent.TimeUnit.MILLISECONDS);
        new LoginRoutes(this::corp, loginCodes, json).register(api);
        this.jsApiTickets = new JsApiTicketAuthority(clock, json, counters);
        api.get("/cgi-bin/get_jsapi_ticket", jsApiTickets::getJsapiTicket);
        api.get("/cgi-bin/ticket/get", jsApiTickets::getAgentTicket);
        this.messages = new MessageCenter(this::corp, clock, counters, json);
        api.post("/cgi-bin/message/send", call -> messages.send(call.scope().agentId(), call.body()));
        api.post("/cgi-bin/message/recall", call -> messages.recall(call.scope().agentId(), call.body()));
        this.agents = new io.github.wecom4j.emulator.agent.AgentRoutes(this::corp, json);
        api.get("/cgi-bin/agent/get", agents::get);
        api.post("/cgi-bin/agent/set", agents::set);
        api.post("/cgi-bin/menu/create", agents::createMenu);
        api.get("/cgi-bin/menu/get", agents::getMenu);
        api.get("/cgi-bin/menu/delete", agents::deleteMenu);
        api.post("/cgi-bin/appchat/create", call -> messages.createChat(call.scope().agentId(), call.body()));
        api.post("/cgi-bin/appchat/update", call -> messages.updateChat(call.scope().agentId(), call.body()));
        api.get("/cgi-bin/appchat/get", call -> messages.getChat(call.scope().agentId(), call.request().param("chatid")));
        api.post("/cgi-bin/appchat/send", call -> messages.sendToChat(call.scope().agentId(), call.body()));
        api.post("/cgi-bin/message/update_template_card", call -> messages.updateTemplateCard(call.scope().agentId(), call.body()));
        try {
            this.server = new EmulatorHttpServer(new InetSocketAddress(b.bindAddress, b.port));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind the emulator to " + b.bindAddress + ":" + b.port, e);
        }
        server.route("/cgi-bin/*", api::serve);
        new MediaRoutes(media, json, () -> baseUri().toString()).register(api, server);
        api.post("/cgi-bin/media/upload_by_url", call -> urlUploads.create(call.scope().agentId(), call.body()));
        api.post("/cgi-bin/media/get_upload_by_url_result", call -> urlUploads.result(call.scope().agentId(), call.body()));
        new ControlApi(this, json).register(server);
        new ContactControl(directory, changeContact, settings::get, this::contactsSync, json).register(server);
        new LoginPages(this::corp, loginCodes).register(server);
        ConfigCheck configCheck = new ConfigCheck(this::corp, jsApiTickets);
        new JsSdkStandIn(configCheck, json, counters).register(server);
        this.jsBridge = new JsBridge(configCheck, json, counters, clock);
        jsBridge.register(server);
        new InboxControl(messages, json).register(server);
        new io.github.wecom4j.emulator.people.PeoplePages(this::corp, messages.inboxes(), messages.cards(), messages.chats(), agents,
                callbacks, clock).register(server);
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

    /**
     * The corp as it is now: its settings and a snapshot of the live directory (built again only
     * after a change).
     */
    public EmulatedCorp corp() {
        EmulatedCorp s = settings.get();
        EmulatedCorp current = snapshot;
        if (current != null && snapshotVersion == directory.version() && snapshotSettings == s) {
            return current;
        }
        Directory.Snapshot d = directory.snapshot();
        current = s.withDirectory(d.departments(), d.members(), d.tags());
        synchronized (this) {
            snapshot = current;
            snapshotVersion = d.version();
            snapshotSettings = s;
        }
        return current;
    }

    private volatile long snapshotVersion = -1;
    private volatile EmulatedCorp snapshotSettings;

    /** change_contact events to the contacts-sync event server (and how many to lose). */
    public ChangeContactNotifier changeContactCallbacks() {
        return changeContact;
    }

    /** Async import jobs (batch/syncuser, replaceuser, replaceparty). */
    public BatchJobs batchJobs() {
        return batchJobs;
    }

    /** Changes as an administrator makes them in the admin console: announced as change_contact. */
    public AdminChanges admin() {
        return new AdminChanges(directory);
    }

    /** Changes the contacts-sync assistant's settings (event server, known IPs). */
    public void contactsSync(java.util.function.UnaryOperator<io.github.wecom4j.emulator.corp.EmulatedContactsSync> change) {
        settings.updateAndGet(c -> c.withContactsSync(change.apply(c.contactsSync())));
    }

    private void tickJobs() {
        try {
            batchJobs.tick();
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(WeComEmulator.class).warn("an import job failed", e);
        }
        try {
            urlUploads.tick();
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(WeComEmulator.class).warn("an upload_by_url job failed", e);
        }
    }

    /** The live directory: departments, members and tags with WeCom's rules. */
    public Directory directory() {
        return directory;
    }

    /**
     * Sets an app's trusted domain (可信域名), as an administrator does in the admin console. WeCom
     * matches it exactly, port included, so a first-run gateway trusts the host and port it is
     * opened on.
     */
    public void trustedDomain(int agentId, String domain) {
        if (domain == null || domain.isBlank() || domain.contains("/")) {
            throw new IllegalArgumentException("a trusted domain is a host, optionally with :port");
        }
        settings.updateAndGet(c -> c.withApp(c.app(agentId)
                .orElseThrow(() -> new IllegalArgumentException("no app " + agentId)).withTrustedDomain(domain.trim())));
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

    /** Each app's settings (agent/set) and menu (menu/create). */
    public io.github.wecom4j.emulator.agent.AgentRoutes agents() {
        return agents;
    }

    /** Group chats created by apps, each with its own inbox. */
    public io.github.wecom4j.emulator.message.AppChats chats() {
        return messages.chats();
    }

    /** Sent interactive template cards and their response codes. */
    public io.github.wecom4j.emulator.message.TemplateCards cards() {
        return messages.cards();
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
        settings.set(seed);
        directory.load(seed);
        batchJobs.reset();
        changeContact.reset();
        tokens.reset();
        faults.clear();
        counters.reset();
        clock.reset();
        getToken.reset();
        callbacks.reset();
        media.reset();
        urlUploads.reset();
        loginCodes.reset();
        jsApiTickets.reset();
        jsBridge.reset();
        messages.reset();
        agents.reset();
    }

    @Override
    public void close() {
        jobTicker.shutdownNow();
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
