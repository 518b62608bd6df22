package io.github.wecom4j.gateway.message;

import io.github.wecom4j.WeComClient;
import io.github.wecom4j.error.WeComValidationException;
import io.github.wecom4j.message.MessageCall;
import io.github.wecom4j.message.MessageJson;
import io.github.wecom4j.message.OutgoingMessage;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Service;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Accepting messages into the outbox and reporting on them. A message is validated completely by
 * the SDK (the same rules as a direct send) and split into its calls before it is stored, so what
 * is queued is known to be sendable; sending happens later in {@link OutboxSender}.
 */
@Service
public class MessageOutbox {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final WeComClient wecom;
    private final OutboxRepository repository;
    private final OutboxSender sender;
    private final OutboxProperties props;
    private final Clock clock;

    MessageOutbox(WeComClient wecom, OutboxRepository repository, OutboxSender sender, OutboxProperties props,
                  @Qualifier("messageOutboxClock") Clock clock) {
        this.wecom = wecom;
        this.repository = repository;
        this.sender = sender;
        this.props = props;
        this.clock = clock;
    }

    /** The accepted message: its id and how many message/send calls it became. */
    public record Accepted(String id, String state, int calls) {
    }

    /**
     * Validates and stores a WeCom-shaped message body. {@code agentid} chooses the app (default:
     * the first configured one). Duplicate check is always switched on (see {@link OutboxSender}).
     */
    public Accepted enqueue(String requestJson) {
        JsonNode body;
        try {
            body = JSON.readTree(requestJson);
        } catch (JacksonException e) {
            throw new WeComValidationException(40058, "the request body is not valid JSON");
        }
        if (body == null || !body.isObject()) {
            throw new WeComValidationException(40058, "the request body must be a JSON object");
        }
        int agentId = body.has("agentid") ? body.path("agentid").asInt(-1)
                : wecom.apps().keySet().stream().findFirst().orElse(-1);
        if (!wecom.apps().containsKey(agentId)) {
            throw new WeComValidationException(40056, "agentid " + body.path("agentid") + " is not a configured app; configured: "
                    + wecom.apps().keySet());
        }
        OutgoingMessage parsed = MessageJson.parseOutgoing(body);
        OutgoingMessage outgoing = parsed;
        // The outbox resends after a crash; WeCom's duplicate check is what makes that at-most-once.
        // A caller may turn it off explicitly (then identical messages are separate messages, and a
        // crash at the wrong moment may deliver one twice); otherwise it is on, with an interval no
        // shorter than a lease plus the longest backoff, so every resend falls inside it.
        boolean explicitlyOff = body.has("enable_duplicate_check") && body.path("enable_duplicate_check").asInt(1) == 0;
        if (!explicitlyOff) {
            java.time.Duration minimum = props.getLease().plus(props.getMaxBackoff());
            java.time.Duration wanted = body.has("duplicate_check_interval")
                    ? parsed.options().duplicateCheckInterval() : props.getDuplicateCheckInterval();
            outgoing = parsed.with(parsed.options().duplicateCheck(wanted.compareTo(minimum) < 0 ? minimum : wanted));
        }
        List<MessageCall> calls = wecom.app(agentId).messages().plan(outgoing);
        String id = UUID.randomUUID().toString();
        repository.insert(id, agentId, requestJson, calls, clock.instant());
        sender.wakeUp();
        return new Accepted(id, OutboxRepository.QUEUED, calls.size());
    }

    /** The state of a message: queued, sent, failed or recalled, with each call's details. */
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
                v.put("errmsg", c.get("errmsg"));
                v.put("msgid", c.get("msgid"));
                v.put("response_code", c.get("response_code"));
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
     * claimed are cancelled, sent ones recalled at WeCom. A call being sent at this very moment may
     * still be delivered; recall again once it shows as sent.
     */
    public Optional<Map<String, Object>> recall(String id) {
        if (repository.message(id).isEmpty()) {
            return Optional.empty();
        }
        int cancelled = repository.cancelQueued(id);
        int recalled = 0;
        for (Object[] call : repository.sentCalls(id)) {
            wecom.app((Integer) call[1]).messages().recall((String) call[2]);
            repository.markRecalled((Long) call[0]);
            recalled++;
        }
        Map<String, Object> out = new LinkedHashMap<>(status(id).orElseThrow());
        out.put("recalled_calls", recalled);
        out.put("cancelled_calls", cancelled);
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

    static String overall(List<Map<String, Object>> calls) {
        boolean pending = calls.stream().anyMatch(c -> OutboxRepository.QUEUED.equals(c.get("state"))
                || OutboxRepository.SENDING.equals(c.get("state")));
        if (pending) {
            return OutboxRepository.QUEUED;
        }
        boolean failed = calls.stream().anyMatch(c -> OutboxRepository.FAILED.equals(c.get("state")));
        if (failed) {
            return OutboxRepository.FAILED;
        }
        boolean withdrawn = !calls.isEmpty() && calls.stream().allMatch(c -> OutboxRepository.RECALLED.equals(c.get("state"))
                || OutboxRepository.CANCELLED.equals(c.get("state")));
        return withdrawn ? OutboxRepository.RECALLED : OutboxRepository.SENT;
    }

    private static void split(Object ids, List<String> into) {
        if (ids != null && !ids.toString().isEmpty()) {
            into.addAll(List.of(ids.toString().split("\\|")));
        }
    }
}
