package io.github.wecom4j.emulator.people;

import io.github.wecom4j.emulator.agent.AgentRoutes;
import io.github.wecom4j.emulator.callback.CallbackPusher;
import io.github.wecom4j.emulator.corp.EmulatedApp;
import io.github.wecom4j.emulator.corp.EmulatedCorp;
import io.github.wecom4j.emulator.corp.EmulatedMember;
import io.github.wecom4j.emulator.http.EmulatorHttpServer;
import io.github.wecom4j.emulator.http.EmulatorRequest;
import io.github.wecom4j.emulator.http.EmulatorResponse;
import io.github.wecom4j.emulator.message.AppChats;
import io.github.wecom4j.emulator.message.DeliveredMessage;
import io.github.wecom4j.emulator.message.Inboxes;
import io.github.wecom4j.emulator.message.TemplateCards;
import tools.jackson.databind.JsonNode;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A member's side of WeCom, as pages a browser or a test can use:
 * <pre>
 * GET  /_emulator/people/{userid}          their inbox: cards with buttons and choices, each app's menu, their group chats
 * POST /_emulator/people/{userid}/card     click a card button, or submit a vote / multiple-choice card
 * POST /_emulator/people/{userid}/text     write to an app
 * POST /_emulator/people/{userid}/menu     pick a menu item
 * POST /_emulator/people/{userid}/join     join a group chat
 * </pre>
 * Each action pushes the callback WeCom would (template_card_event with a fresh response_code,
 * text, click / view / ...), signed and encrypted to the app's URL; a passive {@code update_button}
 * reply changes this member's card, as in WeCom. Actions redirect (302) back to the page; a refused
 * action answers 400 with the page and the reason.
 */
public final class PeoplePages {

    private static final Pattern REPLACE_NAME = Pattern.compile("<ReplaceName><!\\[CDATA\\[(.*?)]]></ReplaceName>", Pattern.DOTALL);

    private final Supplier<EmulatedCorp> corp;
    private final Inboxes inboxes;
    private final TemplateCards cards;
    private final AppChats chats;
    private final AgentRoutes agents;
    private final CallbackPusher callbacks;
    private final Clock clock;

    public PeoplePages(Supplier<EmulatedCorp> corp, Inboxes inboxes, TemplateCards cards, AppChats chats, AgentRoutes agents,
                       CallbackPusher callbacks, Clock clock) {
        this.corp = corp;
        this.inboxes = inboxes;
        this.cards = cards;
        this.chats = chats;
        this.agents = agents;
        this.callbacks = callbacks;
        this.clock = clock;
    }

    public void register(EmulatorHttpServer server) {
        server.route("/_emulator/people/*", this::serve);
    }

    private EmulatorResponse serve(EmulatorRequest req) {
        String rest = req.path().substring("/_emulator/people/".length());
        int slash = rest.indexOf('/');
        String userId = URLDecoder.decode(slash < 0 ? rest : rest.substring(0, slash), StandardCharsets.UTF_8);
        String action = slash < 0 ? "" : rest.substring(slash + 1);
        Optional<EmulatedMember> member = corp.get().member(userId);
        if (member.isEmpty()) {
            return EmulatorResponse.html(404, "<!doctype html><title>No such member</title><p>No member " + esc(userId) + ".</p>");
        }
        if (action.isEmpty()) {
            return req.method().equals("GET") ? EmulatorResponse.html(200, page(member.get(), null))
                    : EmulatorResponse.text(405, "GET only");
        }
        if (!req.method().equals("POST")) {
            return EmulatorResponse.text(405, "POST only");
        }
        if (req.body().length > 16_384) {
            return EmulatorResponse.text(413, "form too large");
        }
        Map<String, String> form = EmulatorRequest.parseQuery(req.bodyText());
        String note;
        try {
            note = switch (action) {
                case "card" -> card(member.get().userId(), form);
                case "text" -> text(member.get().userId(), form);
                case "menu" -> menu(member.get().userId(), form);
                case "join" -> join(member.get().userId(), form);
                default -> null;
            };
        } catch (IllegalArgumentException | IllegalStateException | io.github.wecom4j.emulator.ApiError refused) {
            return EmulatorResponse.html(400, page(member.get(), refused.getMessage()));
        }
        if (note == null) {
            return EmulatorResponse.text(404, "no such action");
        }
        return EmulatorResponse.redirect("/_emulator/people/" + URLEncoder.encode(member.get().userId(), StandardCharsets.UTF_8)
                + "?done=" + URLEncoder.encode(note, StandardCharsets.UTF_8));
    }

    private String card(String userId, Map<String, String> form) {
        String msgid = required(form, "msgid");
        DeliveredMessage m = inboxes.of(userId).stream().filter(x -> x.msgid().equals(msgid) && x.msgtype().equals("template_card"))
                .findFirst().orElseThrow(() -> new IllegalArgumentException("no such card in this inbox"));
        JsonNode c = m.content();
        if (c.has("replace_text")) {
            throw new IllegalStateException("this card's buttons are already replaced");
        }
        String taskId = c.path("task_id").asString("");
        String code = cards.codeForInteraction(m.agentId(), taskId)
                .orElseThrow(() -> new IllegalStateException("this card takes no interaction"));
        String key = required(form, "key");
        StringBuilder selected = new StringBuilder();
        Map<String, List<String>> chosen = new LinkedHashMap<>();
        form.forEach((k, v) -> {
            if (k.startsWith("opt:")) {
                String[] parts = k.split(":", 3);
                if (parts.length == 3) {
                    chosen.computeIfAbsent(parts[1], q -> new ArrayList<>()).add(parts[2]);
                }
            } else if (k.startsWith("sel:") && !v.isEmpty()) {
                chosen.computeIfAbsent(k.substring(4), q -> new ArrayList<>()).add(v);
            }
        });
        if (!chosen.isEmpty()) {
            selected.append("<SelectedItems>");
            chosen.forEach((q, ids) -> {
                selected.append("<SelectedItem><QuestionKey>").append(cdata(q)).append("</QuestionKey><OptionIds>");
                ids.forEach(id -> selected.append("<OptionId>").append(cdata(id)).append("</OptionId>"));
                selected.append("</OptionIds></SelectedItem>");
            });
            selected.append("</SelectedItems>");
        }
        String xml = head(userId, "event") + "<Event><![CDATA[template_card_event]]></Event><EventKey>" + cdata(key)
                + "</EventKey><TaskId>" + cdata(taskId) + "</TaskId><CardType>" + cdata(c.path("card_type").asString(""))
                + "</CardType><ResponseCode>" + cdata(code) + "</ResponseCode><AgentID>" + m.agentId() + "</AgentID>"
                + selected + "</xml>";
        CallbackPusher.Delivery d = callbacks.push(m.agentId(), xml, 1);
        Matcher replace = REPLACE_NAME.matcher(d.reply());
        if (d.reply().contains("update_button") && replace.find()) {
            cards.replaceButtonsFor(msgid, userId, replace.group(1));
        }
        return d.delivered() ? "clicked " + key : "the app did not answer 200";
    }

    private String text(String userId, Map<String, String> form) {
        int agentId = agent(form);
        String content = required(form, "content");
        if (content.getBytes(StandardCharsets.UTF_8).length > 2048) {
            throw new IllegalArgumentException("a text is at most 2048 bytes");
        }
        return callbacks.pushText(agentId, userId, content, 1).delivered() ? "sent" : "the app did not answer 200";
    }

    private String menu(String userId, Map<String, String> form) {
        int agentId = agent(form);
        String type = required(form, "type");
        String key = required(form, "key");
        return callbacks.pushEvent(agentId, userId, type, key).delivered() ? "picked " + key : "the app did not answer 200";
    }

    private String join(String userId, Map<String, String> form) {
        chats.join(required(form, "chatid"), userId);
        return "joined";
    }

    private int agent(Map<String, String> form) {
        String s = required(form, "agentid");
        if (!s.matches("\\d{1,10}") || corp.get().app(Integer.parseInt(s)).isEmpty()) {
            throw new IllegalArgumentException("no such app");
        }
        return Integer.parseInt(s);
    }

    private String head(String userId, String msgType) {
        return "<xml><ToUserName>" + cdata(corp.get().corpId()) + "</ToUserName><FromUserName>" + cdata(userId)
                + "</FromUserName><CreateTime>" + clock.instant().getEpochSecond() + "</CreateTime><MsgType>" + cdata(msgType)
                + "</MsgType>";
    }

    private static String required(Map<String, String> form, String name) {
        String v = form.get(name);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException(name + " is required");
        }
        if (v.length() > 4096) {
            throw new IllegalArgumentException(name + " is too long");
        }
        return v;
    }

    private String page(EmulatedMember member, String error) {
        String base = "/_emulator/people/" + esc(URLEncoder.encode(member.userId(), StandardCharsets.UTF_8));
        StringBuilder h = new StringBuilder("<!doctype html><html><head><meta charset=\"utf-8\"><title>")
                .append(esc(member.name())).append(" - WeCom emulator</title><style>body{font-family:sans-serif;max-width:46em;margin:1em auto}"
                        + ".card{border:1px solid #ccc;border-radius:6px;padding:.6em;margin:.6em 0}.muted{color:#888}"
                        + "button[disabled]{color:#888}</style></head><body><h1>")
                .append(esc(member.name())).append(" <span class=\"muted\">").append(esc(member.userId())).append("</span></h1>");
        if (error != null) {
            h.append("<p class=\"error\" role=\"alert\">").append(esc(error)).append("</p>");
        }
        h.append("<h2>Messages</h2>");
        List<DeliveredMessage> messages = inboxes.of(member.userId());
        if (messages.isEmpty()) {
            h.append("<p class=\"muted\">No messages.</p>");
        }
        for (DeliveredMessage m : messages) {
            h.append("<div class=\"card\" data-msgid=\"").append(esc(m.msgid())).append("\" data-msgtype=\"").append(esc(m.msgtype()))
                    .append("\"><div class=\"muted\">").append(esc(appName(m.agentId()))).append("</div>");
            if (m.recalled()) {
                h.append("<p class=\"muted\">This message was recalled.</p>");
            } else if (m.msgtype().equals("template_card")) {
                templateCard(h, base, m);
            } else {
                h.append("<p class=\"summary\">").append(esc(m.summary())).append("</p>");
            }
            h.append("</div>");
        }
        h.append("<h2>Apps</h2>");
        for (EmulatedApp app : corp.get().apps()) {
            h.append("<div class=\"card app\" data-agentid=\"").append(app.agentId()).append("\"><strong>").append(esc(app.name()))
                    .append("</strong>");
            agents.menu(app.agentId()).ifPresent(menu -> menuForms(h, base, app.agentId(), menu));
            h.append("<form method=\"post\" action=\"").append(base).append("/text\"><input type=\"hidden\" name=\"agentid\" value=\"")
                    .append(app.agentId()).append("\"><input name=\"content\" aria-label=\"Message to ").append(esc(app.name()))
                    .append("\"><button>Send</button></form></div>");
        }
        h.append("<h2>Group chats</h2>");
        for (AppChats.Chat chat : chats.chatsOf(member.userId())) {
            h.append("<div class=\"card chat\" data-chatid=\"").append(esc(chat.chatId())).append("\"><strong>")
                    .append(esc(chat.name().isEmpty() ? chat.chatId() : chat.name())).append("</strong> <span class=\"muted\">")
                    .append(chat.members().size()).append(" members</span>");
            chat.messages().forEach(cm -> h.append("<p class=\"summary\">").append(esc(cm.summary())).append("</p>"));
            h.append("</div>");
        }
        h.append("<form method=\"post\" action=\"").append(base).append("/join\"><input name=\"chatid\" aria-label=\"chatid\">")
                .append("<button>Join chat</button></form></body></html>");
        return h.toString();
    }

    private static void templateCard(StringBuilder h, String base, DeliveredMessage m) {
        JsonNode c = m.content();
        h.append("<h3 class=\"title\">").append(esc(c.path("main_title").path("title").asString(""))).append("</h3>");
        String desc = c.path("main_title").path("desc").asString(c.path("sub_title_text").asString(""));
        if (!desc.isEmpty()) {
            h.append("<p>").append(esc(desc)).append("</p>");
        }
        if (c.has("replace_text")) {
            h.append("<button class=\"replaced\" disabled>").append(esc(c.path("replace_text").asString())).append("</button>");
            return;
        }
        h.append("<form method=\"post\" action=\"").append(base).append("/card\"><input type=\"hidden\" name=\"msgid\" value=\"")
                .append(esc(m.msgid())).append("\">");
        JsonNode checkbox = c.path("checkbox");
        if (checkbox.isObject()) {
            boolean multi = checkbox.path("mode").asInt(0) == 1;
            String q = checkbox.path("question_key").asString("");
            for (JsonNode o : checkbox.path("option_list")) {
                String id = o.path("id").asString("");
                h.append("<label><input type=\"").append(multi ? "checkbox" : "radio").append("\" name=\"")
                        .append(esc(multi ? "opt:" + q + ":" + id : "sel:" + q)).append("\" value=\"").append(esc(id)).append('"')
                        .append(o.path("is_checked").asBoolean(false) ? " checked" : "").append('>').append(esc(o.path("text").asString("")))
                        .append("</label> ");
            }
        }
        for (JsonNode s : c.path("select_list")) {
            h.append("<label>").append(esc(s.path("title").asString(""))).append(" <select name=\"sel:")
                    .append(esc(s.path("question_key").asString(""))).append("\">");
            for (JsonNode o : s.path("option_list")) {
                String id = o.path("id").asString("");
                h.append("<option value=\"").append(esc(id)).append('"')
                        .append(id.equals(s.path("selected_id").asString("")) ? " selected" : "").append('>')
                        .append(esc(o.path("text").asString(""))).append("</option>");
            }
            h.append("</select></label> ");
        }
        for (JsonNode b : c.path("button_list")) {
            String url = b.path("url").asString("");
            if (b.path("type").asInt(0) == 1) {
                // a link button opens its url and sends no callback (doc 90236); only http(s) is a link here
                boolean web = url.startsWith("https://") || url.startsWith("http://");
                h.append(web ? "<a class=\"link-button\" rel=\"noopener noreferrer\" target=\"_blank\" href=\"" + esc(url) + "\">"
                        : "<span class=\"link-button\">").append(esc(b.path("text").asString(""))).append(web ? "</a> " : "</span> ");
                continue;
            }
            h.append("<button name=\"key\" value=\"").append(esc(b.path("key").asString(""))).append("\">")
                    .append(esc(b.path("text").asString(""))).append("</button> ");
        }
        if (c.path("submit_button").isObject()) {
            h.append("<button name=\"key\" value=\"").append(esc(c.path("submit_button").path("key").asString(""))).append("\">")
                    .append(esc(c.path("submit_button").path("text").asString("Submit"))).append("</button>");
        }
        h.append("</form>");
    }

    private static void menuForms(StringBuilder h, String base, int agentId, JsonNode menu) {
        h.append("<nav class=\"menu\">");
        for (JsonNode b : menu) {
            List<JsonNode> leaves = new ArrayList<>();
            if (b.path("sub_button").isArray() && !b.path("sub_button").isEmpty()) {
                b.path("sub_button").forEach(leaves::add);
            } else {
                leaves.add(b);
            }
            for (JsonNode leaf : leaves) {
                String type = leaf.path("type").asString("");
                String key = switch (type) {
                    case "view" -> leaf.path("url").asString("");
                    case "view_miniprogram" -> leaf.path("pagepath").asString("");
                    default -> leaf.path("key").asString("");
                };
                h.append("<form method=\"post\" action=\"").append(base).append("/menu\" style=\"display:inline\">")
                        .append("<input type=\"hidden\" name=\"agentid\" value=\"").append(agentId).append("\">")
                        .append("<input type=\"hidden\" name=\"type\" value=\"").append(esc(type)).append("\">")
                        .append("<input type=\"hidden\" name=\"key\" value=\"").append(esc(key)).append("\">")
                        .append("<button>").append(esc(leaf.path("name").asString(""))).append("</button></form> ");
            }
        }
        h.append("</nav>");
    }

    private String appName(int agentId) {
        return corp.get().app(agentId).map(EmulatedApp::name).orElse("app " + agentId);
    }

    private static String cdata(String s) {
        return "<![CDATA[" + s.replace("]]>", "]]]]><![CDATA[>") + "]]>";
    }

    static String esc(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(ch);
            }
        }
        return out.toString();
    }
}
