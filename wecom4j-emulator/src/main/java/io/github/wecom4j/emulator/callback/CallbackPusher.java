package io.github.wecom4j.emulator.callback;

import io.github.wecom4j.emulator.EmulatorCounters;
import io.github.wecom4j.emulator.VirtualClock;
import io.github.wecom4j.emulator.corp.EmulatedApp;
import io.github.wecom4j.emulator.corp.EmulatedCorp;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Pushes callbacks to an app the way WeCom does (doc 90238): URL verification by GET with an
 * encrypted {@code echostr} the app must answer in plaintext; messages and events by POST of an
 * encrypted XML envelope; an answer other than HTTP 200 within 5 seconds counts as a failure and
 * is retried, 3 retries in all.
 */
public final class CallbackPusher {

    /**
     * One push and how it went. {@code reply} is the app's passive reply, decrypted and checked as
     * WeCom does (doc 90241): "" when the app answered an empty body, the reply's plaintext XML, or
     * "refused: why" when its signature or encryption was wrong (WeCom then shows nothing).
     */
    public record Delivery(int agentId, String kind, String plaintext, int attempts, boolean delivered, List<String> outcomes,
                           String reply) {
    }

    private final Supplier<EmulatedCorp> corp;
    private final VirtualClock clock;
    private final EmulatorCounters counters;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final SecureRandom random = new SecureRandom();
    private final Map<Integer, String> urlOverrides = new ConcurrentHashMap<>();
    private final List<Delivery> log = new CopyOnWriteArrayList<>();
    private volatile Duration timeout = Duration.ofSeconds(5);
    private volatile Duration retryPause = Duration.ofMillis(200);

    public CallbackPusher(Supplier<EmulatedCorp> corp, VirtualClock clock, EmulatorCounters counters) {
        this.corp = corp;
        this.clock = clock;
        this.counters = counters;
    }

    /** Where the app's callbacks go (the admin console's "URL" setting). */
    public void callbackUrl(int agentId, String url) {
        URI u = URI.create(url);
        if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme())) {
            throw new IllegalArgumentException("callback URL must be http(s): " + url);
        }
        app(agentId);
        urlOverrides.put(agentId, url);
    }

    /** Faster timings for tests; WeCom's are 5 s and a few seconds between retries. */
    public void timings(Duration timeout, Duration retryPause) {
        this.timeout = timeout;
        this.retryPause = retryPause;
    }

    public List<Delivery> deliveries() {
        return List.copyOf(log);
    }

    public void reset() {
        log.clear();
    }

    /** GET verification: true when the app answered 200 with exactly the plaintext. */
    public Delivery verifyUrl(int agentId) {
        EmulatedApp app = app(agentId);
        CallbackSealer sealer = sealer(app);
        String plain = Long.toUnsignedString(random.nextLong());
        String echostr = sealer.seal(randomPrefix(), plain);
        String ts = Long.toString(clock.epochSecond());
        String nonce = Long.toString(random.nextInt(Integer.MAX_VALUE));
        URI uri = URI.create(url(app) + separator(url(app)) + "msg_signature=" + sealer.signature(ts, nonce, echostr)
                + "&timestamp=" + ts + "&nonce=" + nonce + "&echostr=" + URLEncoder.encode(echostr, StandardCharsets.UTF_8));
        List<String> outcomes = new ArrayList<>();
        boolean ok = false;
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(timeout).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            ok = r.statusCode() == 200 && r.body().equals(plain);
            outcomes.add("HTTP " + r.statusCode() + (ok ? " with the plaintext" : " without the plaintext"));
        } catch (Exception e) {
            outcomes.add(e.getClass().getSimpleName());
        }
        counters.increment(ok ? "callback url verified" : "callback url verification failed");
        Delivery d = new Delivery(agentId, "verify", plain, 1, ok, outcomes, "");
        log.add(d);
        return d;
    }

    /**
     * A member's text message to the app, delivered {@code copies} times with the same MsgId, as
     * WeCom does when it believes a delivery failed although the app got it.
     */
    public Delivery pushText(int agentId, String fromUserId, String content, int copies) {
        String msgId = Long.toUnsignedString(random.nextLong() & Long.MAX_VALUE);
        return push(agentId, fields(agentId, fromUserId, "text", Map.of("Content", content, "MsgId", msgId)), copies);
    }

    /** An event (enter_agent, click, ...). */
    public Delivery pushEvent(int agentId, String fromUserId, String event, String eventKey) {
        return push(agentId, fields(agentId, fromUserId, "event", Map.of("Event", event, "EventKey", eventKey == null ? "" : eventKey)), 1);
    }

    /** Pushes one plaintext message XML {@code copies} times in a row. */
    public Delivery push(int agentId, String plaintextXml, int copies) {
        EmulatedApp app = app(agentId);
        Delivery last = null;
        for (int i = 0; i < copies; i++) {
            last = deliver(app, plaintextXml);
        }
        return last;
    }

    /**
     * Pushes a plaintext XML to a URL that is not an app's: the contacts-sync event server or the
     * callback of an async job (doc 90980), sealed with that endpoint's Token and EncodingAESKey,
     * with WeCom's retries. The envelope's AgentID is empty, as for corp-level events.
     */
    public Delivery pushTo(String url, String token, String encodingAesKey, String kind, String plaintextXml) {
        if (url == null || token == null || encodingAesKey == null) {
            throw new IllegalArgumentException("an endpoint needs a URL, a Token and an EncodingAESKey");
        }
        return deliver(url, new CallbackSealer(token, encodingAesKey, corp.get().corpId()), "", 0, kind, plaintextXml);
    }

    private Delivery deliver(EmulatedApp app, String plaintext) {
        return deliver(url(app), sealer(app), Integer.toString(app.agentId()), app.agentId(), "push", plaintext);
    }

    private Delivery deliver(String url, CallbackSealer sealer, String agentIdText, int agentId, String kind, String plaintext) {
        String encrypt = sealer.seal(randomPrefix(), plaintext);
        String body = "<xml><ToUserName><![CDATA[" + corp.get().corpId() + "]]></ToUserName><AgentID><![CDATA["
                + agentIdText + "]]></AgentID><Encrypt><![CDATA[" + encrypt + "]]></Encrypt></xml>";
        List<String> outcomes = new ArrayList<>();
        int attempts = 0;
        boolean delivered = false;
        String reply = "";
        while (attempts < 4 && !delivered) {
            attempts++;
            String ts = Long.toString(clock.epochSecond());
            String nonce = Long.toString(random.nextInt(Integer.MAX_VALUE));
            URI uri = URI.create(url + separator(url) + "msg_signature=" + sealer.signature(ts, nonce, encrypt)
                    + "&timestamp=" + ts + "&nonce=" + nonce);
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(timeout)
                        .header("Content-Type", "text/xml; charset=utf-8")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                outcomes.add("HTTP " + r.statusCode());
                delivered = r.statusCode() == 200;
                if (delivered) {
                    reply = openReply(sealer, r.body());
                }
            } catch (Exception e) {
                outcomes.add(e.getClass().getSimpleName());
            }
            if (!delivered && attempts < 4) {
                sleep(retryPause);
            }
        }
        counters.increment(delivered ? "callbacks delivered" : "callbacks failed");
        counters.add("callback attempts", attempts);
        Delivery d = new Delivery(agentId, kind, plaintext, attempts, delivered, outcomes, reply);
        log.add(d);
        return d;
    }

    private static final Pattern REPLY_PART = Pattern.compile("<(Encrypt|MsgSignature|TimeStamp|Nonce)>(?:<!\\[CDATA\\[)?(.*?)(?:]]>)?</\\1>",
            Pattern.DOTALL);

    /** The passive reply's plaintext, verified like WeCom verifies it: signature over its own timestamp and nonce. */
    private static String openReply(CallbackSealer sealer, String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        Map<String, String> parts = new java.util.HashMap<>();
        Matcher m = REPLY_PART.matcher(body);
        while (m.find()) {
            parts.putIfAbsent(m.group(1), m.group(2).trim());
        }
        String encrypt = parts.get("Encrypt");
        if (encrypt == null || parts.get("MsgSignature") == null || parts.get("TimeStamp") == null || parts.get("Nonce") == null) {
            return "refused: not an encrypted reply (Encrypt, MsgSignature, TimeStamp, Nonce)";
        }
        if (!sealer.signature(parts.get("TimeStamp"), parts.get("Nonce"), encrypt).equals(parts.get("MsgSignature"))) {
            return "refused: MsgSignature does not match";
        }
        try {
            return sealer.open(encrypt);
        } catch (RuntimeException e) {
            return "refused: cannot decrypt (" + e.getClass().getSimpleName() + ")";
        }
    }

    private String fields(int agentId, String from, String msgType, Map<String, String> extra) {
        if (corp.get().member(from).isEmpty()) {
            throw new IllegalArgumentException("no member " + from);
        }
        StringBuilder xml = new StringBuilder("<xml><ToUserName><![CDATA[").append(corp.get().corpId())
                .append("]]></ToUserName><FromUserName><![CDATA[").append(from)
                .append("]]></FromUserName><CreateTime>").append(clock.epochSecond())
                .append("</CreateTime><MsgType><![CDATA[").append(msgType).append("]]></MsgType>");
        extra.forEach((k, v) -> xml.append('<').append(k).append("><![CDATA[").append(v.replace("]]>", "]]]]><![CDATA[>"))
                .append("]]></").append(k).append('>'));
        return xml.append("<AgentID>").append(agentId).append("</AgentID></xml>").toString();
    }

    private EmulatedApp app(int agentId) {
        return corp.get().app(agentId).orElseThrow(() -> new IllegalArgumentException("no app " + agentId));
    }

    private String url(EmulatedApp app) {
        String url = urlOverrides.getOrDefault(app.agentId(), app.callbackUrl());
        if (url == null) {
            throw new IllegalArgumentException("app " + app.agentId() + " has no callback URL");
        }
        return url;
    }

    private CallbackSealer sealer(EmulatedApp app) {
        if (app.callbackToken() == null || app.encodingAesKey() == null) {
            throw new IllegalArgumentException("app " + app.agentId() + " has no callback Token/EncodingAESKey");
        }
        return new CallbackSealer(app.callbackToken(), app.encodingAesKey(), corp.get().corpId());
    }

    private byte[] randomPrefix() {
        byte[] b = new byte[16];
        random.nextBytes(b);
        return b;
    }

    private static String separator(String url) {
        return url.contains("?") ? "&" : "?";
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
