package io.github.wecom4j.gateway.message;

import io.github.wecom4j.WeComClient;
import io.github.wecom4j.error.WeComValidationException;
import io.github.wecom4j.gateway.web.StrictJson;
import io.github.wecom4j.message.MessageCall;
import io.github.wecom4j.message.MessageJson;
import io.github.wecom4j.message.OutgoingMessage;
import io.github.wecom4j.message.TemplateCardMessage;
import io.github.wecom4j.gateway.callback.push.CallbackPush;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Accepting messages into the outbox and reporting on them. A message is validated completely by
 * the SDK (the same rules as a direct send) and split into its calls before it is stored, so what
 * is queued is known to be sendable; sending happens later in {@link OutboxSender}.
 */
@Service
public class MessageOutbox {

    private static final Logger log = LoggerFactory.getLogger(MessageOutbox.class);

    private static final JsonMapper JSON = StrictJson.MAPPER;

    private final WeComClient wecom;
    private final OutboxRepository repository;
    private final OutboxSender sender;
    private final OutboxProperties props;
    private final Clock clock;
    private final IdempotencyKeys idempotency;
    private final CallbackPush push;
    private final GroupCommit<NewMessage> intake;

    MessageOutbox(WeComClient wecom, OutboxRepository repository, OutboxSender sender, OutboxProperties props,
                  IdempotencyKeys idempotency, @Qualifier("messageOutboxClock") Clock clock, CallbackPush push,
                  OutboxMetrics metrics) {
        this.idempotency = idempotency;
        this.push = push;
        this.wecom = wecom;
        this.repository = repository;
        this.sender = sender;
        this.props = props;
        this.clock = clock;
        // Requests arriving together share one transaction and one disk flush (group commit);
        // each is answered 202 only after the transaction holding its rows committed.
        this.intake = new GroupCommit<>(props.getIntakeWriters(), props.getIntakeBatch(), props.getIntakeMaxWaiting(),
                repository::insertAll, metrics::intakeBatch);
        metrics.intakeQueue(intake::queued);
    }

    /**
     * The accepted message: its id, how many message/send calls it became, and the duplicate-check
     * interval its calls carry (seconds, 0 when the caller switched the check off).
     */
    public record Accepted(String id, String state, int calls,
                           @com.fasterxml.jackson.annotation.JsonProperty("duplicate_check_interval") long duplicateCheckInterval) {
    }

    /** The answer to POST /api/messages/batch: each message's answer, in request order. */
    public record BatchAccepted(List<Accepted> messages) {
        public BatchAccepted {
            messages = List.copyOf(messages);
        }
    }

    /**
     * Validates and stores a WeCom-shaped message body, returning once it is committed (a failed
     * commit throws: the caller gets 503, never 202 for a message that is not stored). {@code agentid} chooses the app (default:
     * the first configured one). Duplicate check is always switched on (see {@link OutboxSender}).
     */
    public Accepted enqueue(String requestJson) {
        return enqueue(requestJson, null).accepted();
    }

    /**
     * The answer to POST /api/messages (an {@link Accepted}) or its batch (a {@link BatchAccepted});
     * {@code replayed} when it is the stored answer to an earlier request.
     */
    public record Enqueued<A>(A accepted, boolean replayed) {
    }

    /**
     * As {@link #enqueue(String)}, with the caller's {@code Idempotency-Key} (null for none): the
     * same key and body answer the first request's answer again and store nothing; the same key with
     * another body is refused ({@link IdempotencyKeys.ConflictException}). Bodies are compared as
     * parsed JSON, so whitespace and formatting do not matter.
     */
    public Enqueued<Accepted> enqueue(String requestJson, String idempotencyKey) {
        Optional<String> key = IdempotencyKeys.checked(idempotencyKey);
        JsonNode body = RequestBodies.object(requestJson);
        RequestBodies.agentId(wecom, body); // before a replay too, as it always was: an app no longer configured is 40056
        IdempotencyKeys.Claim claim = key.map(k -> new IdempotencyKeys.Claim(k, IdempotencyKeys.sha256(JSON.writeValueAsString(body))))
                .orElse(null);
        Optional<Enqueued<Accepted>> replay = replay(claim, Accepted.class);
        if (replay.isPresent()) {
            return replay.get();
        }
        Prepared message = prepare(body, requestJson, "", new long[1]);
        return store(claim, List.of(message), message.accepted(), Accepted.class);
    }

    /** Messages in one POST /api/messages/batch at most (the body limit of /api/messages applies as well). */
    public static final int MAX_BATCH = 100;

    /**
     * The digest of a batch body is taken over this prefix and the body, so an Idempotency-Key used
     * for a batch never replays a batch's answer to a single message (or the reverse): 409 instead.
     */
    private static final String BATCH_DIGEST_PREFIX = "batch ";

    /**
     * POST /api/messages/batch: {@code {"messages": [body, ...]}}, 1 to {@link #MAX_BATCH} message
     * bodies, each validated exactly as {@link #enqueue(String, String)} does. All or nothing: the
     * first invalid message refuses the whole batch (its index in the errmsg and hint) and nothing is
     * stored; otherwise all of them are stored in one transaction (never split across two) and the
     * answers come back in request order. An {@code Idempotency-Key} covers the whole batch.
     */
    public Enqueued<BatchAccepted> enqueueBatch(String requestJson, String idempotencyKey) {
        Optional<String> key = IdempotencyKeys.checked(idempotencyKey);
        JsonNode body = RequestBodies.batch(requestJson, MAX_BATCH);
        IdempotencyKeys.Claim claim = key.map(k -> new IdempotencyKeys.Claim(k,
                IdempotencyKeys.sha256(BATCH_DIGEST_PREFIX + JSON.writeValueAsString(body)))).orElse(null);
        Optional<Enqueued<BatchAccepted>> replay = replay(claim, BatchAccepted.class);
        if (replay.isPresent()) {
            return replay.get();
        }
        JsonNode items = body.path(RequestBodies.BATCH_FIELD);
        List<Prepared> messages = new ArrayList<>(items.size());
        Map<String, Integer> routedTasks = new java.util.HashMap<>();
        long[] stored = new long[1]; // what the batch's earlier messages store: the bound is per request
        for (int i = 0; i < items.size(); i++) {
            String where = RequestBodies.BATCH_FIELD + "[" + i + "]: ";
            Prepared message;
            try {
                JsonNode item = RequestBodies.object(items.get(i));
                message = prepare(item, JSON.writeValueAsString(item), where, stored);
            } catch (WeComValidationException e) {
                throw new WeComValidationException(e.errcode(), where + e.errmsg());
            } catch (io.github.wecom4j.gateway.callback.push.PushRefused e) {
                throw e.at(where);
            }
            if (message.route() != null) {
                // A task_id routes one card (doc 90236: unique per app); two in one batch would
                // refuse the whole batch at commit, so say which two now.
                Integer earlier = routedTasks.putIfAbsent(message.stored().agentId() + "/" + message.route().taskId(), i);
                if (earlier != null) {
                    throw new WeComValidationException(40058, where + "task_id " + message.route().taskId()
                            + " is already used by " + RequestBodies.BATCH_FIELD + "[" + earlier + "] of the same app;"
                            + " task_id is unique per app");
                }
            }
            messages.add(message);
        }
        BatchAccepted answer = new BatchAccepted(messages.stream().map(Prepared::accepted).toList());
        return store(claim, messages, answer, BatchAccepted.class);
    }

    /**
     * One validated message ready to store: its rows, its answer, its card route (null for none) and
     * where it is in its request ("messages[3]: " in a batch, "" alone), for refusals at commit.
     */
    private record Prepared(NewMessage stored, Accepted accepted, CardRoute route, String where) {
    }

    /**
     * Everything single and batch intake share: the SDK's validation, the duplicate check, the split
     * into calls and the card route. Throws the refusal of the first rule broken; stores nothing.
     */
    private Prepared prepare(JsonNode body, String requestJson, String where, long[] storedBefore) {
        int agentId = RequestBodies.agentId(wecom, body);
        OutgoingMessage parsed = MessageJson.parseOutgoing(body);
        OutgoingMessage outgoing = parsed;
        // A call that may have been delivered (a timeout, a crash mid-send) is resent only inside
        // WeCom's duplicate-check window, so the check is on unless the caller switches it off, with
        // the caller's interval exactly as given (no floor: a short interval only means such a call
        // ends "unknown" sooner instead of being resent) or WeCom's maximum, 4 h, by default.
        boolean explicitlyOff = body.has("enable_duplicate_check") && body.path("enable_duplicate_check").asInt(1) == 0;
        if (!explicitlyOff) {
            java.time.Duration wanted = body.has("duplicate_check_interval")
                    ? parsed.options().duplicateCheckInterval() : props.getDuplicateCheckInterval();
            outgoing = parsed.with(parsed.options().duplicateCheck(wanted));
        }
        List<MessageCall> calls = wecom.app(agentId).messages().plan(outgoing);
        String firstBody = firstBodyWithinStoredBound(calls, requestJson.length(), storedBefore);
        CardRoute route = cardRoute(body, parsed);
        String id = MessageIds.next();
        long interval = outgoing.options().enableDuplicateCheck() ? outgoing.options().duplicateCheckInterval().toSeconds() : 0;
        Accepted accepted = new Accepted(id, OutboxRepository.QUEUED, calls.size(), interval);
        return new Prepared(OutboxRepository.newMessage(id, agentId, requestJson, calls, firstBody, clock.instant()), accepted,
                route, where);
    }

    /**
     * Refuses (45002) a message whose calls would store more than {@code max-stored-per-request}
     * together with what the request stored before it, reckoned before any call but the first is
     * written: each call repeats the first one's content with its own recipients. Answers the
     * first call's stored body, written once for both.
     */
    private String firstBodyWithinStoredBound(List<MessageCall> calls, int requestChars, long[] storedBefore) {
        long max = props.getMaxStoredPerRequest().toBytes();
        String firstBody = MessageJson.write(calls.get(0));
        long content = firstBody.length() - recipientChars(calls.get(0));
        long total = storedBefore[0] + requestChars;
        for (MessageCall c : calls) {
            total += content + 2 * recipientChars(c); // in the call's JSON and in its userids column
        }
        if (total > max) {
            throw new WeComValidationException(45002, "the message is stored once per WeCom call (1,000 users, 100"
                    + " departments or 100 tags a call): " + calls.size() + " calls of " + content / 1024 + " KB of content"
                    + " each, about " + total / (1024 * 1024) + " MB with the rest of the request, more than the gateway's "
                    + max / (1024 * 1024) + " MB (gateway.messages.max-stored-per-request); send the content to fewer"
                    + " recipients per message, or a smaller message (media uploaded once, sent by media_id)");
        }
        storedBefore[0] = total;
        return firstBody;
    }

    /** What a call's recipients add to its stored JSON, at most (ids, separators, quotes). */
    private static long recipientChars(MessageCall c) {
        long n = 0;
        for (String u : c.to().users()) {
            n += u.length() + 1;
        }
        return n + 21L * (c.to().parties().size() + c.to().tags().size());
    }

    /** The stored answer when {@code claim}'s key was used before (a conflict when the body differs). */
    private <A> Optional<Enqueued<A>> replay(IdempotencyKeys.Claim claim, Class<A> answerType) {
        if (claim == null) {
            return Optional.empty();
        }
        return idempotency.find(claim.key())
                .map(used -> new Enqueued<>(JSON.readValue(IdempotencyKeys.replay(claim, used), answerType), true));
    }

    /**
     * Stores {@code messages} in one transaction and returns once it committed: with the requests
     * arriving at the same time (group commit), or, with a key or a card route, in a transaction of
     * its own.
     */
    private <A> Enqueued<A> store(IdempotencyKeys.Claim claim, List<Prepared> messages, A answer, Class<A> answerType) {
        List<NewMessage> rows = messages.stream().map(Prepared::stored).toList();
        List<Prepared> routed = messages.stream().filter(m -> m.route() != null).toList();
        try {
            if (claim == null && routed.isEmpty()) {
                // The common case: shares a transaction with the requests arriving at the same time
                // (group commit), never split from its own batch's other messages; returns once that
                // transaction committed.
                intake.commit(rows);
            } else {
                // A key or a card route must be stored with its messages, and a concurrent twin must
                // fail alone, not take a whole group's transaction with it: its own transaction.
                repository.insertOwn(rows, tx -> {
                    if (claim != null) {
                        // First: a concurrent twin with the same key stops here and replays, writing no route.
                        idempotency.record(tx, claim, rows.get(0).id(), JSON.writeValueAsString(answer));
                    }
                    for (Prepared m : routed) {
                        // With the message, never before it: a refused or rolled-back send moves no clicks.
                        try {
                            push.routeCard(m.stored().agentId(), m.route().taskId(), m.route().subscriptionId());
                        } catch (io.github.wecom4j.gateway.callback.push.PushRefused taken) {
                            throw m.where().isEmpty() ? taken : taken.at(m.where());
                        }
                    }
                });
            }
        } catch (org.springframework.dao.DuplicateKeyException concurrentTwin) {
            if (claim == null) {
                throw concurrentTwin; // random ids do not collide, and a taken card route is refused as 409
            }
            // Another request with this key committed first (here or on another instance); its
            // messages stand and ours were rolled back with the key.
            return replay(claim, answerType).orElseThrow(() -> concurrentTwin);
        } catch (org.springframework.dao.DataAccessException | org.springframework.transaction.TransactionSystemException failed) {
            if (!storedDespite(rows, failed)) {
                throw failed;
            }
        }
        sender.wakeUp();
        return new Enqueued<>(answer, false);
    }

    /** How long a commit the server may still be completing is given before "not stored" is believed. */
    private static final java.time.Duration COMMIT_SETTLE = java.time.Duration.ofMillis(300);

    /**
     * After a database failure, whether the messages were stored all the same: a connection that
     * broke after the server committed (a network cut or a proxy between the COMMIT and its answer)
     * fails the transaction here although its rows are stored. Answering "nothing was stored" then
     * made the caller send the message again, twice delivered. So the rows are looked for on another
     * connection: all there, the request succeeded; none there (looked for again after
     * {@link #COMMIT_SETTLE}, for a commit the server was still completing), it failed as reported;
     * the database unreachable, the outcome is unknown and said so (503 telling to retry with an
     * Idempotency-Key).
     */
    private boolean storedDespite(List<NewMessage> rows, RuntimeException failure) {
        if (failure instanceof org.springframework.dao.NonTransientDataAccessException
                && !(failure instanceof org.springframework.dao.DataAccessResourceFailureException)) {
            return false; // a statement the database refused (a constraint, say): rolled back, nothing to look for
        }
        List<String> ids = rows.stream().map(NewMessage::id).toList();
        for (int look = 0; look < 2; look++) {
            int found;
            try {
                found = repository.storedCount(ids);
            } catch (org.springframework.dao.DataAccessException unreachable) {
                failure.addSuppressed(unreachable);
                throw new org.springframework.transaction.TransactionSystemException(
                        "the database failed and could not be asked whether the messages were stored", failure);
            }
            if (found == ids.size()) {
                log.warn("intake: the database failed ({}) after committing {} message(s); they are stored and accepted",
                        failure.getClass().getSimpleName(), ids.size());
                return true;
            }
            if (look == 0) {
                try {
                    Thread.sleep(COMMIT_SETTLE.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        return false;
    }

    /** Where a card's clicks go: the subscription named beside it. */
    private record CardRoute(String taskId, String subscriptionId) {
    }

    /**
     * {@code "subscription": "name"} beside an interactive card: its members' clicks
     * (template_card_event with the card's task_id) are pushed to that subscription. Checked here,
     * written with the message ({@link CallbackPush#routeCard}); null when none is named.
     */
    private CardRoute cardRoute(JsonNode body, OutgoingMessage message) {
        if (!body.has("subscription")) {
            return null;
        }
        String name = body.path("subscription").asString("");
        if (name.isBlank() || name.length() > 64) {
            throw new WeComValidationException(40058, "subscription must name a callback subscription (1 to 64 characters)");
        }
        if (!(message.message() instanceof TemplateCardMessage card) || !card.cardType().interactive()) {
            throw new WeComValidationException(40058, "subscription applies to interactive template cards only"
                    + " (button_interaction, vote_interaction, multiple_interaction): only they call back");
        }
        return new CardRoute(card.taskId(), push.subscriptionFor(name));
    }

    /**
     * The state of a message, with each call's details: queued, sent, failed (certainly not
     * delivered), unknown (may have been delivered, not resent), duplicate (WeCom absorbed it as a
     * copy of another message) or recalled.
     */
    public Optional<Map<String, Object>> status(String id) {
        return repository.message(id).map(m -> {
            List<Map<String, Object>> calls = repository.calls(id);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("id", id);
            out.put("agentid", m.get("agent_id"));
            out.put("created_at", Instant.ofEpochMilli(((Number) m.get("created_at")).longValue()).toString());
            out.put("state", overall(calls));
            List<String> invalidUsers = new ArrayList<>();
            List<String> invalidParties = new ArrayList<>();
            List<String> invalidTags = new ArrayList<>();
            List<Map<String, Object>> callViews = new ArrayList<>();
            for (Map<String, Object> c : calls) {
                Map<String, Object> v = new LinkedHashMap<>();
                v.put("seq", c.get("seq"));
                v.put("state", c.get("state"));
                v.put("attempts", c.get("attempts"));
                v.put("errcode", c.get("errcode"));
                // WeCom's text without its trailer: "from ip" names our egress address (stored in full for the log)
                v.put("errmsg", c.get("errmsg") == null ? null
                        : io.github.wecom4j.gateway.web.WeComErrmsg.publicPart((String) c.get("errmsg")));
                v.put("msgid", c.get("msgid"));
                v.put("response_code", c.get("response_code"));
                if (c.get("duplicate_of") != null) {
                    v.put("duplicate_of", c.get("duplicate_of"));
                }
                if (c.get("in_doubt_since") != null) {
                    v.put("in_doubt_since", Instant.ofEpochMilli(((Number) c.get("in_doubt_since")).longValue()).toString());
                }
                if (OutboxRepository.QUEUED.equals(c.get("state"))) {
                    v.put("next_attempt_at", Instant.ofEpochMilli(((Number) c.get("next_attempt_at")).longValue()).toString());
                }
                if (c.get("sent_at") != null) {
                    v.put("sent_at", Instant.ofEpochMilli(((Number) c.get("sent_at")).longValue()).toString());
                }
                split(c.get("invalid_user"), invalidUsers);
                split(c.get("invalid_party"), invalidParties);
                split(c.get("invalid_tag"), invalidTags);
                callViews.add(v);
            }
            out.put("partially_invalid", !invalidUsers.isEmpty() || !invalidParties.isEmpty() || !invalidTags.isEmpty());
            out.put("invaliduser", invalidUsers);
            out.put("invalidparty", invalidParties);
            out.put("invalidtag", invalidTags);
            out.put("calls", callViews);
            return out;
        });
    }

    /**
     * Recalls a message (doc 94867: only within 24 hours, only the sending app): calls not yet
     * claimed are cancelled, sent ones recalled at WeCom. The request is recorded first: a call being
     * sent at this very moment is recalled by its sender once WeCom has answered, and one that goes
     * back to the queue (a retry, a member's budget) is cancelled when claimed again.
     */
    public Optional<Map<String, Object>> recall(String id) {
        Optional<Map<String, Object>> message = repository.message(id);
        if (message.isEmpty()) {
            return Optional.empty();
        }
        int agentId = ((Number) message.get().get("agent_id")).intValue();
        if (!wecom.apps().containsKey(agentId)) {
            // Checked before anything changes: recalling needs the app's token (doc 94867: only the
            // sending app recalls), and this instance was not given that app's secret.
            throw new io.github.wecom4j.error.WeComValidationException(40056, "message " + id + " was sent by app "
                    + agentId + ", which this gateway instance is not configured with (wecom.apps); recall it"
                    + " through an instance that has that app");
        }
        // first, so a call being sent now that comes back to the queue is not sent, and one that
        // finishes sending is recalled by its sender
        repository.requestRecall(id, clock.instant());
        int cancelled = repository.cancelQueued(id, clock.instant());
        sender.wakeUp(); // a call in doubt was made due: its sender resends and recalls it
        int recalled = 0;
        // Every call is tried: one WeCom refuses (sent more than 24 h before the others, say) must
        // not leave the others on members' screens. Refused ones are listed; all refused, the
        // first refusal is the answer.
        List<Map<String, Object>> refused = new ArrayList<>();
        RuntimeException firstRefusal = null;
        for (Object[] call : repository.sentCalls(id)) {
            if (!repository.markRecalled((Long) call[0])) {
                continue; // its sender, having seen the request, recalls it
            }
            try {
                wecom.app((Integer) call[1]).messages().recall((String) call[2]);
            } catch (RuntimeException e) {
                repository.unmarkRecalled((Long) call[0]);
                firstRefusal = firstRefusal == null ? e : firstRefusal;
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("seq", call[3]);
                if (e instanceof io.github.wecom4j.error.WeComException w) {
                    r.put("errcode", w.errcode());
                    r.put("errmsg", io.github.wecom4j.gateway.web.WeComErrmsg.publicPart(w.errmsg()));
                } else {
                    r.put("errcode", -1);
                    r.put("errmsg", "the recall could not be sent");
                }
                refused.add(r);
                continue;
            }
            recalled++;
        }
        if (firstRefusal != null && recalled == 0) {
            throw firstRefusal;
        }
        Map<String, Object> out = new LinkedHashMap<>(status(id).orElseThrow());
        out.put("recalled_calls", recalled);
        out.put("cancelled_calls", cancelled);
        if (!refused.isEmpty()) {
            out.put("recall_refused", refused);
        }
        if (OutboxRepository.DUPLICATE.equals(out.get("state"))) {
            out.put("hint", "this message delivered nothing of its own: WeCom absorbed it as a copy of the message in"
                    + " duplicate_of; recall that one to withdraw the copy members see");
        }
        return Optional.of(out);
    }

    public List<Map<String, Object>> recent(int limit) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (String id : repository.recentMessageIds(limit)) {
            status(id).ifPresent(out::add);
        }
        return out;
    }

    public Map<String, Long> callCounts() {
        return repository.countsByState();
    }

    /**
     * One word for the whole message, the most urgent first: still queued; unknown (someone must
     * look); failed; duplicate (every call absorbed); recalled; otherwise sent.
     */
    static String overall(List<Map<String, Object>> calls) {
        if (any(calls, OutboxRepository.QUEUED) || any(calls, OutboxRepository.SENDING)) {
            return OutboxRepository.QUEUED;
        }
        if (any(calls, OutboxRepository.UNKNOWN)) {
            return OutboxRepository.UNKNOWN;
        }
        if (any(calls, OutboxRepository.FAILED)) {
            return OutboxRepository.FAILED;
        }
        if (!calls.isEmpty() && calls.stream().allMatch(c -> OutboxRepository.DUPLICATE.equals(c.get("state")))) {
            return OutboxRepository.DUPLICATE;
        }
        boolean withdrawn = !calls.isEmpty() && calls.stream().allMatch(c -> OutboxRepository.RECALLED.equals(c.get("state"))
                || OutboxRepository.CANCELLED.equals(c.get("state")));
        return withdrawn ? OutboxRepository.RECALLED : OutboxRepository.SENT;
    }

    private static boolean any(List<Map<String, Object>> calls, String state) {
        return calls.stream().anyMatch(c -> state.equals(c.get("state")));
    }

    private static void split(Object ids, List<String> into) {
        if (ids != null && !ids.toString().isEmpty()) {
            into.addAll(List.of(ids.toString().split("\\|")));
        }
    }
}
