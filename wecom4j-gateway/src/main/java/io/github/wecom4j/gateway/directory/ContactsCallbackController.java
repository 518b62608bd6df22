package io.github.wecom4j.gateway.directory;

import io.github.wecom4j.callback.CallbackException;
import io.github.wecom4j.callback.CallbackMessage;
import io.github.wecom4j.callback.CallbackReceiver;
import io.github.wecom4j.callback.event.CallbackEvent;
import io.github.wecom4j.callback.event.CallbackEvents;
import io.github.wecom4j.callback.event.ChangeContactEvent;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.Map;
import java.util.Optional;

/**
 * The contacts-sync assistant's event server: {@code /wecom/callback/contacts}. WeCom sends
 * change_contact here (a corp-level URL, Token and EncodingAESKey, doc 90967), not to an app's
 * callback URL. Same checks as the apps' intake (replay window, signature, AES, receiveid = corp
 * id); each event is applied to the mirror before answering, so an answer of 200 means applied: if
 * applying fails (WeCom or the database unreachable) the answer is 500 and WeCom retries, and the
 * periodic reconcile heals what is lost after WeCom's retries.
 */
@RestController
class ContactsCallbackController {

    private static final Logger log = LoggerFactory.getLogger(ContactsCallbackController.class);

    private final Optional<CallbackReceiver> receiver;
    private final DirectoryMirror mirror;
    private final MeterRegistry meters;

    ContactsCallbackController(ContactsCallbackReceiver receiver, DirectoryMirror mirror, MeterRegistry meters) {
        this.receiver = receiver.receiver();
        this.mirror = mirror;
        this.meters = meters;
    }

    @GetMapping(path = "/wecom/callback/contacts", produces = MediaType.TEXT_PLAIN_VALUE)
    ResponseEntity<String> verify(@RequestParam("msg_signature") String signature, @RequestParam String timestamp,
                                  @RequestParam String nonce, @RequestParam String echostr) {
        return receiver.map(r -> ResponseEntity.ok(r.verifyUrl(signature, timestamp, nonce, echostr)))
                .orElseGet(() -> ResponseEntity.notFound().build());
    }

    @PostMapping(path = "/wecom/callback/contacts")
    ResponseEntity<Void> receive(@RequestParam("msg_signature") String signature, @RequestParam String timestamp,
                                 @RequestParam String nonce, @RequestBody String body) {
        if (receiver.isEmpty()) {
            return ResponseEntity.notFound().build();
        }
        CallbackMessage message = receiver.get().receive(signature, timestamp, nonce, body);
        CallbackEvent event = CallbackEvents.of(message);
        if (event instanceof ChangeContactEvent change) {
            mirror.apply(change);
            meters.counter("wecom.directory.callbacks", "change", change.changeType()).increment();
        } else {
            log.info("contacts event server got {} / {}: not a directory change, ignored", message.msgType(),
                    message.fields().getOrDefault("Event", ""));
        }
        return ResponseEntity.ok().build();
    }

    @ExceptionHandler(CallbackException.class)
    ResponseEntity<Map<String, Object>> rejected(CallbackException e) {
        log.warn("contacts callback rejected: {}", e.getMessage());
        return ResponseEntity.status(403).body(Map.of("errcode", CallbackException.SIGNATURE_MISMATCH,
                "errmsg", "callback refused",
                "hint", "the request did not pass WeCom's callback checks (timestamp, msg_signature, decryption);"
                        + " the gateway's log names the check / 回调校验未通过，原因见网关日志"));
    }
}
