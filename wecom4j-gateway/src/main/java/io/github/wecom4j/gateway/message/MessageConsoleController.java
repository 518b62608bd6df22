package io.github.wecom4j.gateway.message;

import io.github.wecom4j.gateway.web.ApiKeys;
import io.github.wecom4j.emulator.WeComEmulator;
import io.github.wecom4j.emulator.corp.EmulatedMember;
import io.github.wecom4j.emulator.message.DeliveredMessage;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Data of the console's messages page: the outbox, and (emulated mode) each member's emulator
 * inbox beside it. The demo API key is shown only in emulated mode, where it reaches nothing real.
 */
@RestController
class MessageConsoleController {

    private final MessageOutbox outbox;
    private final ApiKeys keys;
    private final ObjectProvider<WeComEmulator> emulator;

    MessageConsoleController(MessageOutbox outbox, ApiKeys keys, ObjectProvider<WeComEmulator> emulator) {
        this.outbox = outbox;
        this.keys = keys;
        this.emulator = emulator;
    }

    @GetMapping("/api/console/messages")
    Map<String, Object> messages() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("demo_api_key", keys.demoKey());
        out.put("calls_by_state", outbox.callCounts());
        out.put("outbox", outbox.recent(50));
        WeComEmulator e = emulator.getIfAvailable();
        if (e != null) {
            List<Map<String, Object>> inboxes = new ArrayList<>();
            List<EmulatedMember> members = e.corp().members();
            for (EmulatedMember m : members.subList(0, Math.min(50, members.size()))) {
                Map<String, Object> box = new LinkedHashMap<>();
                box.put("userid", m.userId());
                box.put("name", m.name());
                box.put("dropped", e.inboxes().droppedFor(m.userId()));
                List<Map<String, Object>> msgs = new ArrayList<>();
                List<DeliveredMessage> all = e.inboxes().of(m.userId());
                for (DeliveredMessage d : all.subList(Math.max(0, all.size() - 20), all.size())) {
                    msgs.add(Map.of("msgtype", d.msgtype(), "summary", d.summary(), "agentid", d.agentId(),
                            "delivered_at", d.deliveredAt().toString(), "recalled", d.recalled()));
                }
                box.put("count", all.size());
                box.put("messages", msgs);
                inboxes.add(box);
            }
            out.put("inboxes", inboxes);
        }
        return out;
    }
}
