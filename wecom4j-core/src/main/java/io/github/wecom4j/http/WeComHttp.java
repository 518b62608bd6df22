package io.github.wecom4j.http;

import io.github.wecom4j.error.WeComException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The one call path of the SDK: JSON over an {@link HttpTransport} (the JDK's HTTP client unless
 * configured otherwise), WeCom's {@code errcode} convention, retries bounded by a {@link RetryPolicy}
 * (a deadline by default).
 *
 * <p>What is retried, and why:
 * <ul>
 *   <li>{@code errcode -1}: WeCom documents it as "system busy, retry later" (doc 90313);</li>
 *   <li>for GET, any network failure and HTTP 502/503/504;</li>
 *   <li>for POST, only failures that prove the request was not processed: no connection, HTTP 503.
 *   A read timeout after a POST may follow a send that WeCom performed (a message delivered, an
 *   upload counted against the daily quota), so it is reported, not repeated.</li>
 * </ul>
 * Everything else is WeCom's final answer and surfaces at once as a {@link WeComException}.
 * Token errors (40014, 42001) are not handled here: the token layer knows which token to drop.
 *
 * <p>Thread-safe; one instance is shared by every facade of a client.
 */
public final class WeComHttp {

    private static final Logger log = LoggerFactory.getLogger(WeComHttp.class);

    private static final String JSON_UTF8 = "application/json; charset=utf-8";

    private final HttpTransport transport;
    private final JsonMapper json;
    private final RetryPolicy retryPolicy;
    private final Duration requestTimeout;
    private final TransportMetrics metrics = new TransportMetrics();

    public WeComHttp(HttpTransport transport, JsonMapper json, RetryPolicy retryPolicy, Duration requestTimeout) {
        this.transport = Objects.requireNonNull(transport);
        this.json = Objects.requireNonNull(json);
        this.retryPolicy = Objects.requireNonNull(retryPolicy);
        this.requestTimeout = Objects.requireNonNull(requestTimeout);
    }

    public JsonMapper json() {
        return json;
    }

    public TransportMetrics metrics() {
        return metrics;
    }

    /** GET {@code base + path?query}; returns the JSON body when {@code errcode == 0}. */
    public JsonNode get(URI base, String path, Map<String, String> query) {
        return execute(path, true, HttpTransport.Request.get(uri(base, path, query), requestTimeout));
    }

    /**
     * A GET that uses up what it reads (a login code is valid once, doc 91023): repeated only when
     * WeCom cannot have received it (no connection) or answered that it did not process it (-1),
     * as a POST is. After a lost answer a repeat would only meet "code already used".
     */
    public JsonNode getOnce(URI base, String path, Map<String, String> query) {
        return execute(path, false, HttpTransport.Request.get(uri(base, path, query), requestTimeout));
    }

    /** POST a JSON body (written by the shared mapper); returns the JSON answer when {@code errcode == 0}. */
    public JsonNode post(URI base, String path, Map<String, String> query, Object body) {
        return postJson(base, path, query, json.writeValueAsBytes(body));
    }

    /** POST a body that is already UTF-8 JSON, sent byte for byte; returns the answer when {@code errcode == 0}. */
    public JsonNode postJson(URI base, String path, Map<String, String> query, byte[] jsonBody) {
        UnicodeEscapes.requireNone(jsonBody);
        return execute(path, false, HttpTransport.Request.post(uri(base, path, query), JSON_UTF8, jsonBody, requestTimeout));
    }

    /**
     * POST one file as {@code multipart/form-data} (WeCom's media uploads: part {@code media} with
     * {@code filename} and {@code filelength}, doc 90253); returns the JSON answer.
     */
    public JsonNode postFile(URI base, String path, Map<String, String> query, String filename, String contentType,
                             byte[] content) {
        String boundary = "----wecom4j" + Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong());
        byte[] body = multipart(boundary, filename, contentType, content);
        return execute(path, false, HttpTransport.Request.post(uri(base, path, query),
                "multipart/form-data; boundary=" + boundary, body, requestTimeout));
    }

    /** A downloaded file: WeCom answers the raw bytes on success and a JSON error otherwise. */
    public record Download(byte[] content, String contentType, String filename) {
    }

    /** GET a file (media/get): the bytes, or a {@link WeComException} when WeCom answers JSON. */
    public Download download(URI base, String path, Map<String, String> query) {
        return execute(path, true, HttpTransport.Request.get(uri(base, path, query), requestTimeout), response -> {
            String type = response.header("Content-Type").orElse("application/octet-stream");
            // WeCom answers the file itself, or a JSON error envelope; a stored .json or .txt file is
            // still a file, so only a JSON object carrying a non-zero errcode counts as an error.
            if (response.status() == 200 && !isErrorEnvelope(response.body())) {
                return new Outcome<>(new Download(response.body(), type,
                        filenameOf(response.header("Content-Disposition").orElse(""))), null, false);
            }
            Outcome<JsonNode> json = interpret(path, response, true);
            if (json.result() != null) {
                return new Outcome<>(null, new WeComException(WeComException.TRANSPORT_FAILURE,
                        "expected a file, got JSON with errcode 0", path), false);
            }
            return new Outcome<>(null, json.failure(), json.retryable());
        });
    }

    private boolean isErrorEnvelope(byte[] body) {
        if (body.length == 0 || body.length > 64 * 1024 || body[0] != '{') {
            return false;
        }
        try {
            JsonNode node = json.readTree(body);
            return node != null && node.isObject() && node.path("errcode").asInt(0) != 0;
        } catch (JacksonException notJson) {
            return false;
        }
    }

    /** The file name of a Content-Disposition, preferring the UTF-8 form {@code filename*=UTF-8''...}. */
    static String filenameOf(String disposition) {
        java.util.regex.Matcher ext = java.util.regex.Pattern.compile("filename\\*=UTF-8''([^;\\s]+)",
                java.util.regex.Pattern.CASE_INSENSITIVE).matcher(disposition);
        if (ext.find()) {
            try {
                return java.net.URLDecoder.decode(ext.group(1).replace("+", "%2B"), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException malformed) {
                // fall back to the plain name
            }
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("filename=\"?([^\";]+)\"?").matcher(disposition);
        return m.find() ? m.group(1) : "";
    }

    private static byte[] multipart(String boundary, String filename, String contentType, byte[] content) {
        String safeName = filename.replace("\"", "").replace("\r", "").replace("\n", "");
        String head = "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"media\"; filename=\"" + safeName + "\"; filelength=" + content.length + "\r\n"
                + "Content-Type: " + contentType + "\r\n\r\n";
        String tail = "\r\n--" + boundary + "--\r\n";
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(content.length + 256);
        out.writeBytes(head.getBytes(StandardCharsets.UTF_8));
        out.writeBytes(content);
        out.writeBytes(tail.getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    private JsonNode execute(String path, boolean idempotent, HttpTransport.Request request) {
        return execute(path, idempotent, request, response -> interpret(path, response, idempotent));
    }

    private <T> T execute(String path, boolean idempotent, HttpTransport.Request request,
                          Function<HttpTransport.Response, Outcome<T>> interpreter) {
        metrics.call();
        long started = System.nanoTime();
        int attempt = 0;
        while (true) {
            attempt++;
            metrics.attempt();
            Outcome<T> outcome = attemptOnce(path, idempotent, request, interpreter);
            if (outcome.result() != null) {
                return outcome.result();
            }
            retryOrThrow(path, attempt, started, outcome);
        }
    }

    /** Throws the failure unless it is retryable and the policy allows another attempt; then waits. */
    private void retryOrThrow(String path, int attempt, long started, Outcome<?> outcome) {
        WeComException failure = outcome.failure();
        if (!outcome.retryable()) {
            throw failure;
        }
        long delay = retryPolicy.nextDelayNanos(attempt, System.nanoTime() - started);
        if (delay < 0) {
            metrics.exhausted();
            log.warn("WeCom {} failed after {} attempts in {} ms: {}", path, attempt,
                    (System.nanoTime() - started) / 1_000_000, failure.getMessage());
            throw failure;
        }
        metrics.retry();
        if (log.isInfoEnabled()) {
            log.info("WeCom {} attempt {} failed ({}), retrying in {} ms", path, attempt,
                    failure.errcode() == WeComException.TRANSPORT_FAILURE ? failure.errmsg() : "errcode " + failure.errcode(),
                    delay / 1_000_000);
        }
        sleep(delay, failure);
    }

    private record Outcome<T>(T result, WeComException failure, boolean retryable) {
    }

    private <T> Outcome<T> attemptOnce(String path, boolean idempotent, HttpTransport.Request request,
                                       Function<HttpTransport.Response, Outcome<T>> interpreter) {
        HttpTransport.Response response;
        try {
            response = transport.send(request);
        } catch (IOException e) {
            metrics.networkError();
            return new Outcome<>(null, new WeComException(WeComException.TRANSPORT_FAILURE,
                    "network failure: " + e.getClass().getSimpleName() + describe(e), path, e),
                    idempotent || e instanceof java.net.ConnectException || e instanceof java.net.http.HttpConnectTimeoutException);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WeComException(WeComException.TRANSPORT_FAILURE, "interrupted", path, e);
        }
        return interpreter.apply(response);
    }

    private Outcome<JsonNode> interpret(String path, HttpTransport.Response response, boolean idempotent) {
        int status = response.status();
        if (status == 502 || status == 503 || status == 504) {
            metrics.networkError();
            return new Outcome<>(null, new WeComException(WeComException.TRANSPORT_FAILURE,
                    "HTTP " + status, path), idempotent || status == 503);
        }
        JsonNode body;
        try {
            body = json.readTree(response.body());
        } catch (JacksonException e) {
            return new Outcome<>(null, new WeComException(WeComException.TRANSPORT_FAILURE,
                    "HTTP " + status + " with a body that is not JSON", path, e), false);
        }
        if (body == null || !body.isObject()) {
            return new Outcome<>(null, new WeComException(WeComException.TRANSPORT_FAILURE,
                    "HTTP " + status + " with a body that is not a JSON object", path), false);
        }
        int errcode = body.path("errcode").asInt(0);
        if (errcode == 0) {
            if (status != 200) {
                return new Outcome<>(null, new WeComException(WeComException.TRANSPORT_FAILURE,
                        "HTTP " + status, path), false);
            }
            return new Outcome<>(body, null, false);
        }
        WeComException failure = new WeComException(errcode, Redaction.redact(body.path("errmsg").asString("")), path);
        if (errcode == -1) {
            metrics.systemBusy();
            return new Outcome<>(null, failure, true);
        }
        return new Outcome<>(null, failure, false);
    }

    private static String describe(IOException e) {
        return e.getMessage() == null ? "" : " (" + Redaction.redact(e.getMessage()) + ")";
    }

    private static void sleep(long nanos, WeComException pending) {
        try {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw pending;
        }
    }

    static URI uri(URI base, String path, Map<String, String> query) {
        StringBuilder sb = new StringBuilder(256).append(base.toString()).append(path);
        if (query != null && !query.isEmpty()) {
            char separator = '?';
            for (Map.Entry<String, String> e : query.entrySet()) {
                if (e.getValue() != null) {
                    sb.append(separator);
                    appendEncoded(sb, e.getKey());
                    sb.append('=');
                    appendEncoded(sb, e.getValue());
                    separator = '&';
                }
            }
        }
        return URI.create(sb.toString());
    }

    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /**
     * {@link #encode} appended; tokens, ids and secrets are usually made of characters it leaves
     * as they are, and then are appended without the encoder's copies (every call carries a token).
     */
    private static void appendEncoded(StringBuilder sb, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean unreserved = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.' || c == '*';
            if (!unreserved) {
                sb.append(encode(s));
                return;
            }
        }
        sb.append(s);
    }
}
