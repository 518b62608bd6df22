package io.github.wecom4j.gateway.callback.push;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The callback types a subscription takes, stored so one SQL {@code LIKE} matches a type:
 * {@code *} or {@code ,text,template_card_event,} (lower case: WeCom spells some events in upper
 * case, e.g. {@code LOCATION}, and a consumer should not have to know which).
 */
final class EventTypes {

    static final String ALL = "*";
    static final int MAX_TYPES = 50;
    private static final String NAME = "[A-Za-z0-9_]{1,64}";

    private EventTypes() {
    }

    static String store(List<String> types) {
        if (types == null || types.isEmpty()) {
            throw PushRefused.invalid("event_types is required", "a list of callback types, e.g. [\"template_card_event\","
                    + " \"text\"], or [\"*\"] for every callback");
        }
        if (types.size() > MAX_TYPES) {
            throw PushRefused.invalid("event_types has more than " + MAX_TYPES + " entries", "use [\"*\"] for every callback");
        }
        Set<String> out = new LinkedHashSet<>();
        for (String t : types) {
            if (t == null || !(t.equals(ALL) || t.matches(NAME))) {
                throw PushRefused.invalid("event_types has an invalid entry", "each entry is a WeCom Event or MsgType"
                        + " (letters, digits, _; at most 64) or \"*\"");
            }
            if (t.equals(ALL)) {
                return ALL;
            }
            out.add(t.toLowerCase(Locale.ROOT));
        }
        return "," + String.join(",", out) + ",";
    }

    static List<String> read(String stored) {
        if (stored.equals(ALL)) {
            return List.of(ALL);
        }
        List<String> out = new ArrayList<>();
        for (String t : stored.split(",")) {
            if (!t.isEmpty()) {
                out.add(t);
            }
        }
        return out;
    }

    /** The type a callback is matched by: its Event for events, its MsgType otherwise. */
    static String of(String msgType, String event) {
        return (event != null && !event.isEmpty() ? event : msgType).toLowerCase(Locale.ROOT);
    }
}
