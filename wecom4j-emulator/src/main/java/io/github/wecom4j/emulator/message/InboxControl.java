package io.github.wecom4j.emulator.message;

import io.github.wecom4j.emulator.http.EmulatorHttpServer;
import io.github.wecom4j.emulator.http.EmulatorRequest;
import io.github.wecom4j.emulator.http.EmulatorResponse;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Control routes over the inboxes, for tests and the console:
 * <pre>
 * GET /_emulator/inbox/{userid}   that member's messages, oldest first, and how many were dropped
 * GET /_emulator/inbox            delivered count per member, totals delivered and dropped
 * </pre>
 */
public final class InboxControl {

    private final MessageCenter center;
    private final JsonMapper json;

    public InboxControl(MessageCenter center, JsonMapper json) {
        this.center = center;
        this.json = json;
    }

    public void register(EmulatorHttpServer server) {
        server.route("/_emulator/inbox", this::summary);
        server.route("/_emulator/inbox/*", this::inbox);
    }

    private EmulatorResponse summary(EmulatorRequest req) {
        if (!req.method().equals("GET")) {
            return EmulatorResponse.json(405, "{\"errcode\":405,\"errmsg\":\"GET only\"}".getBytes(StandardCharsets.UTF_8));
        }
        Inboxes boxes = center.inboxes();
        ObjectNode out = ok();
        out.put("delivered", boxes.totalDelivered());
        out.put("dropped", boxes.totalDropped());
        ObjectNode members = out.putObject("members");
        boxes.sizes().forEach(members::put);
        return EmulatorResponse.json(200, json.writeValueAsBytes(out));
    }

    private EmulatorResponse inbox(EmulatorRequest req) {
        if (!req.method().equals("GET")) {
            return EmulatorResponse.json(405, "{\"errcode\":405,\"errmsg\":\"GET only\"}".getBytes(StandardCharsets.UTF_8));
        }
        String userId = URLDecoder.decode(req.path().substring("/_emulator/inbox/".length()), StandardCharsets.UTF_8);
        Inboxes boxes = center.inboxes();
        ObjectNode out = ok();
        out.put("userid", userId);
        out.put("dropped", boxes.droppedFor(userId));
        ArrayNode list = out.putArray("messages");
        for (DeliveredMessage m : boxes.of(userId)) {
            ObjectNode n = list.addObject();
            n.put("msgid", m.msgid());
            n.put("agentid", m.agentId());
            n.put("msgtype", m.msgtype());
            n.put("summary", m.summary());
            n.put("delivered_at", m.deliveredAt().toString());
            n.put("recalled", m.recalled());
            n.set(m.msgtype(), m.content());
        }
        return EmulatorResponse.json(200, json.writeValueAsBytes(out));
    }

    private ObjectNode ok() {
        ObjectNode out = json.createObjectNode();
        out.put("errcode", 0);
        out.put("errmsg", "ok");
        return out;
    }
}
