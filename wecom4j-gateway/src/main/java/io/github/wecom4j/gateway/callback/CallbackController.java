package io.github.wecom4j.gateway.callback;

import io.github.wecom4j.callback.CallbackException;
import io.github.wecom4j.callback.CallbackMessage;
import io.github.wecom4j.callback.CallbackReceiver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.Map;

/**
 * The URL configured as an app's "receive messages" address: {@code /wecom/callback/{agentId}}.
 *
 * <ul>
 *   <li>GET: URL verification; answer the decrypted echostr as plain text, nothing else (doc 90930).</li>
 *   <li>POST: verify, decrypt, store once, answer 200 with an empty body at once: WeCom waits 5 s
 *   and retries otherwise (doc 90238). Consumers read the stored events from {@code /api/callbacks}.</li>
 * </ul>
 * A request that fails a check gets a generic 403 and is not stored; WeCom never sends one. The
 * reason (stale timestamp, bad signature, wrong receiveid...) goes to the log only: an answer that
 * named it would tell a forger which check to work on, or our clock's offset.
 * Bodies are bounded before they are read ({@code gateway.limits.callback-body}).
 */
@RestController
class CallbackController {

    private static final Logger log = LoggerFactory.getLogger(CallbackController.class);

    private final CallbackReceivers receivers;
    private final CallbackEventStore store;

    CallbackController(CallbackReceivers receivers, CallbackEventStore store) {
        this.receivers = receivers;
        this.store = store;
    }

    @GetMapping(path = "/wecom/callback/{agentId}", produces = MediaType.TEXT_PLAIN_VALUE)
    ResponseEntity<String> verify(@PathVariable int agentId, @RequestParam("msg_signature") String signature,
                                  @RequestParam String timestamp, @RequestParam String nonce, @RequestParam String echostr) {
        return receiver(agentId)
                .map(r -> ResponseEntity.ok(r.verifyUrl(signature, timestamp, nonce, echostr)))
                .orElseGet(() -> ResponseEntity.notFound().build());
    }

    @PostMapping(path = "/wecom/callback/{agentId}")
    ResponseEntity<Void> receive(@PathVariable int agentId, @RequestParam("msg_signature") String signature,
                                 @RequestParam String timestamp, @RequestParam String nonce, @RequestBody String body) {
        CallbackReceiver receiver = receiver(agentId).orElse(null);
        if (receiver == null) {
            return ResponseEntity.notFound().build();
        }
        CallbackMessage message = receiver.receive(signature, timestamp, nonce, body);
        boolean stored = store.storeOnce(agentId, message);
        log.info("callback {} for app {} {}", message.dedupeKey(), agentId, stored ? "stored" : "already stored (WeCom retry)");
        return ResponseEntity.ok().build();
    }

    /** Stored callbacks after an id, oldest first: consumers poll with the last id they processed. */
    @GetMapping("/api/callbacks")
    java.util.List<CallbackEventStore.StoredEvent> events(@RequestParam(defaultValue = "0") long after,
                                                          @RequestParam(defaultValue = "100") int limit) {
        if (limit < 1 || limit > 1000) {
            throw new IllegalArgumentException("limit must be between 1 and 1000");
        }
        return store.after(after, limit);
    }

    @ExceptionHandler(CallbackException.class)
    ResponseEntity<Map<String, Object>> rejected(CallbackException e) {
        log.warn("callback rejected: {}", e.getMessage());
        return ResponseEntity.status(403).body(Map.of("errcode", CallbackException.SIGNATURE_MISMATCH,
                "errmsg", "callback refused",
                "hint", "the request did not pass WeCom's callback checks (timestamp, msg_signature, decryption);"
                        + " the gateway's log names the check / 回调校验未通过，原因见网关日志"));
    }

    private java.util.Optional<CallbackReceiver> receiver(int agentId) {
        return receivers.forApp(agentId);
    }
}
