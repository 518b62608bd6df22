package io.github.wecom4j.gateway.message;

import io.github.wecom4j.gateway.web.ApiError;
import io.github.wecom4j.gateway.web.ErrorReplies;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import java.util.Map;

/**
 * The message API for internal callers (API key in {@code X-API-Key}):
 * <pre>
 * POST /api/messages        a WeCom-shaped message/send body (any audience size) -> 202 {id, state, calls};
 *                           with Idempotency-Key: a repeat gets the first answer, another body 409
 * POST /api/messages/batch  {"messages": [body, ...]}, 1 to 100 -> 202 {"messages": [{id, state, calls}, ...]}
 *                           in request order; all stored in one transaction or none (the first
 *                           invalid one refuses the batch, its index in the hint); Idempotency-Key as above
 * GET  /api/messages/{id}   queued | sent | failed | recalled, per call: errcode, msgid, invalid recipients
 * POST /api/messages/{id}/recall   cancels unsent calls, recalls sent ones (within 24 h)
 * </pre>
 * An invalid message is refused at once with 400 {errcode, errmsg, hint} and never stored.
 */
@RestController
class MessageController {

    private final MessageOutbox outbox;

    MessageController(MessageOutbox outbox) {
        this.outbox = outbox;
    }

    @PostMapping(path = "/api/messages", consumes = "application/json")
    ResponseEntity<MessageOutbox.Accepted> send(@RequestBody String body,
                                                @RequestHeader(name = IdempotencyKeys.HEADER, required = false) String idempotencyKey) {
        return accepted(outbox.enqueue(body, idempotencyKey));
    }

    /**
     * Many messages in one request (payroll slips, shift reminders): the per-request work of the
     * web stack is paid once per batch instead of once per message.
     */
    @PostMapping(path = "/api/messages/batch", consumes = "application/json")
    ResponseEntity<MessageOutbox.BatchAccepted> sendBatch(@RequestBody String body,
                                                          @RequestHeader(name = IdempotencyKeys.HEADER, required = false) String idempotencyKey) {
        return accepted(outbox.enqueueBatch(body, idempotencyKey));
    }

    private static <A> ResponseEntity<A> accepted(MessageOutbox.Enqueued<A> enqueued) {
        ResponseEntity.BodyBuilder answer = ResponseEntity.status(HttpStatus.ACCEPTED);
        if (enqueued.replayed()) {
            // The first request's answer again; the header tells a caller that nothing new was queued.
            answer.header("Idempotent-Replayed", "true");
        }
        return answer.body(enqueued.accepted());
    }

    @ExceptionHandler(IdempotencyKeys.ConflictException.class)
    ResponseEntity<String> conflict(IdempotencyKeys.ConflictException e, HttpServletRequest request) {
        return ErrorReplies.reply(request, HttpStatus.CONFLICT, new ApiError(409, e.getMessage(),
                "an Idempotency-Key names one request (a message or a batch): retry with exactly the same body, or use"
                        + " a new key for a new request / 同一幂等键只能对应同一请求体"));
    }

    /**
     * More accepted messages wait for the database than {@code intake-max-waiting}: nothing was
     * stored; the caller retries, as after WeCom's own -1 ("system busy").
     */
    @org.springframework.web.bind.annotation.ExceptionHandler(GroupCommit.Overloaded.class)
    ResponseEntity<Map<String, Object>> overloaded(GroupCommit.Overloaded e) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", "1").body(Map.of("errcode", -1,
                "errmsg", "the gateway is busy: " + e.getMessage() + "; nothing was stored",
                "hint", "retry in a moment; the request was not accepted (no message of it) / 网关繁忙，消息未被接受，请稍后重试"));
    }

    @GetMapping("/api/messages/{id}")
    ResponseEntity<Map<String, Object>> status(@PathVariable String id) {
        return found(id, outbox.status(id));
    }

    @PostMapping("/api/messages/{id}/recall")
    ResponseEntity<Map<String, Object>> recall(@PathVariable String id) {
        return found(id, outbox.recall(id));
    }

    private static ResponseEntity<Map<String, Object>> found(String id, java.util.Optional<Map<String, Object>> body) {
        return body.<ResponseEntity<Map<String, Object>>>map(ResponseEntity::ok)
                .orElseGet(() -> ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("errcode", 404,
                        "errmsg", "no message " + id, "hint", "use the id returned by POST /api/messages")));
    }
}
