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
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * The one transport of the SDK: JSON over {@link HttpClient}, WeCom's {@code errcode} convention,
 * bounded retries.
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

    private final HttpClient client;
    private final JsonMapper json;
    private final RetryPolicy retryPolicy;
    private final Duration requestTimeout;
    private final TransportMetrics metrics = new TransportMetrics();

    public WeComHttp(HttpClient client, JsonMapper json, RetryPolicy retryPolicy, Duration requestTimeout) {
        this.client = Objects.requireNonNull(client);
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
        return execute(path, true, () -> HttpRequest.newBuilder(uri(base, path, query)).GET());
    }

    /** POST a JSON body; returns the JSON answer when {@code errcode == 0}. */
    public JsonNode post(URI base, String path, Map<String, String> query, Object body) {
        byte[] payload = json.writeValueAsBytes(body);
        return execute(path, false, () -> HttpRequest.newBuilder(uri(base, path, query))
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofByteArray(payload)));
    }

    /**
     * POST one file as {@code multipart/form-data} (WeCom's media uploads: part {@code media} with
     * {@code filename} and {@code filelength}, doc 90253); returns the JSON answer.
     */
    public JsonNode postFile(URI base, String path, Map<String, String> query, String filename, String contentType,
                             byte[] content) {
        String boundary = "----wecom4j" + Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong());
        byte[] body = multipart(boundary, filename, contentType, content);
        return execute(path, false, () -> HttpRequest.newBuilder(uri(base, path, query))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    /** A downloaded file: WeCom answers the raw bytes on success and a JSON error otherwise. */
    public record Download(byte[] content, String contentType, String filename) {
    }

    /** GET a file (media/get): the bytes, or a {@link WeComException} when WeCom answers JSON. */
    public Download download(URI base, String path, Map<String, String> query) {
        return execute(path, true, () -> HttpRequest.newBuilder(uri(base, path, query)).GET(), response -> {
            String type = response.headers().firstValue("Content-Type").orElse("application/octet-stream");
            // WeCom answers the file itself, or a JSON error envelope; a stored .json or .txt file is
            // still a file, so only a JSON object carrying a non-zero errcode counts as an error.
            if (response.statusCode() == 200 && !isErrorEnvelope(response.body())) {
                return new Outcome<>(new Download(response.body(), type,
                        filenameOf(response.headers().firstValue("Content-Disposition").orElse(""))), null, false);
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

    private interface RequestFactory {
        HttpRequest.Builder create();
    }

    private JsonNode execute(String path, boolean idempotent, RequestFactory factory) {
        return execute(path, idempotent, factory, response -> interpret(path, response, idempotent));
    }

    private <T> T execute(String path, boolean idempotent, RequestFactory factory,
                          java.util.function.Function<HttpResponse<byte[]>, Outcome<T>> interpreter) {
        metrics.call();
        int attempt = 0;
        while (true) {
            attempt++;
            metrics.attempt();
            Outcome<T> outcome = attemptOnce(path, idempotent, factory.create().timeout(requestTimeout).build(), interpreter);
            if (outcome.result() != null) {
                return outcome.result();
            }
            retryOrThrow(path, attempt, outcome);
        }
    }

    /** Throws the failure unless it is retryable and attempts remain; then waits the backoff. */
    private void retryOrThrow(String path, int attempt, Outcome<?> outcome) {
        WeComException failure = outcome.failure();
        if (!outcome.retryable()) {
            throw failure;
        }
        if (attempt >= retryPolicy.maxAttempts()) {
            metrics.exhausted();
            log.warn("WeCom {} failed after {} attempts: {}", path, attempt, failure.getMessage());
            throw failure;
        }
        Duration delay = retryPolicy.backoff(attempt);
        metrics.retry();
        log.info("WeCom {} attempt {} failed ({}), retrying in {} ms", path, attempt,
                failure.errcode() == WeComException.TRANSPORT_FAILURE ? failure.errmsg() : "errcode " + failure.errcode(),
                delay.toMillis());
        sleep(delay, failure);
    }

    private record Outcome<T>(T result, WeComException failure, boolean retryable) {
    }

    private <T> Outcome<T> attemptOnce(String path, boolean idempotent, HttpRequest request,
                                       java.util.function.Function<HttpResponse<byte[]>, Outcome<T>> interpreter) {
        HttpResponse<byte[]> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
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

    private Outcome<JsonNode> interpret(String path, HttpResponse<byte[]> response, boolean idempotent) {
        int status = response.statusCode();
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

    private static void sleep(Duration delay, WeComException pending) {
        try {
            Thread.sleep(delay.toMillis(), (int) (delay.toNanosPart() % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw pending;
        }
    }

    static URI uri(URI base, String path, Map<String, String> query) {
        StringBuilder sb = new StringBuilder(base.toString()).append(path);
        if (query != null && !query.isEmpty()) {
            StringJoiner q = new StringJoiner("&", "?", "");
            for (Map.Entry<String, String> e : query.entrySet()) {
                if (e.getValue() != null) {
                    q.add(encode(e.getKey()) + "=" + encode(e.getValue()));
                }
            }
            sb.append(q);
        }
        return URI.create(sb.toString());
    }

    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
