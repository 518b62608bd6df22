package io.github.wecom4j.message;

import io.github.wecom4j.WeComApi;
import io.github.wecom4j.error.WeComValidationException;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Group chats an app creates and speaks in (doc 90245 create, 90246 update, 90247 get, 90248 send).
 * Checked here before any call, with WeCom's codes: 2 to 2000 members (86006), the owner among them
 * (86207), a chatid of at most 32 {@code [0-9a-zA-Z]} (86001), a name of at most 50 characters
 * (86004); a chat takes every message type except template_card and miniprogram_notice (86214).
 * WeCom only lets apps whose visible range is the whole corp use group chats.
 */
public final class AppChats {

    static final String CREATE = "/cgi-bin/appchat/create";
    static final String UPDATE = "/cgi-bin/appchat/update";
    static final String GET = "/cgi-bin/appchat/get";
    static final String SEND = "/cgi-bin/appchat/send";

    private static final Pattern CHAT_ID = Pattern.compile("[0-9a-zA-Z]{1,32}");

    private final WeComApi api;

    public AppChats(WeComApi api) {
        this.api = api;
    }

    /**
     * Creates a chat and returns its chatid.
     *
     * @param chatId  null to let WeCom choose one
     * @param name    null for none (WeCom shows the members' names)
     * @param owner   null to let WeCom pick one of the members
     * @param members 2 to 2000 userids
     */
    public String create(String chatId, String name, String owner, List<String> members) {
        if (chatId != null) {
            chatId(chatId);
        }
        name(name);
        Set<String> unique = new LinkedHashSet<>(members == null ? List.of() : members);
        count(unique.size());
        if (owner != null && unique.stream().noneMatch(owner::equalsIgnoreCase)) {
            throw new WeComValidationException(86207, "the owner " + owner + " must be one of the members");
        }
        Json body = Json.object().put("name", name).put("owner", owner).put("userlist", List.copyOf(unique)).put("chatid", chatId);
        return api.post(CREATE, body.build()).path("chatid").asString();
    }

    public void update(AppChatChange change) {
        chatId(change.chatId());
        name(change.name());
        Json body = Json.object().put("chatid", change.chatId()).put("name", change.name()).put("owner", change.owner())
                .put("add_user_list", change.add().isEmpty() ? null : change.add())
                .put("del_user_list", change.remove().isEmpty() ? null : change.remove());
        api.post(UPDATE, body.build());
    }

    public AppChat get(String chatId) {
        chatId(chatId);
        JsonNode info = api.get(GET, Map.of("chatid", chatId)).path("chat_info");
        List<String> members = new ArrayList<>();
        info.path("userlist").forEach(u -> members.add(u.asString()));
        return new AppChat(info.path("chatid").asString(), info.path("name").asString(""), info.path("owner").asString(""), members);
    }

    /** Sends to everyone in the chat; {@code safe} 1 = not shareable, with a watermark. */
    public void send(String chatId, Message message, boolean safe) {
        chatId(chatId);
        if (message instanceof TemplateCardMessage || message instanceof MiniProgramNoticeMessage) {
            throw new WeComValidationException(86214, "a group chat does not accept " + message.msgtype());
        }
        message.validate();
        Json body = Json.object().put("chatid", chatId).put("msgtype", message.msgtype()).put(message.msgtype(), message.payload())
                .put("safe", safe ? 1 : 0);
        api.post(SEND, body.build());
    }

    public void send(String chatId, Message message) {
        send(chatId, message, false);
    }

    private static void chatId(String chatId) {
        if (chatId == null || !CHAT_ID.matcher(chatId).matches()) {
            throw new WeComValidationException(86001, "a chatid is 1 to 32 characters of 0-9 a-z A-Z");
        }
    }

    private static void name(String name) {
        if (name != null && name.codePointCount(0, name.length()) > 50) {
            throw new WeComValidationException(86004, "a chat name is at most 50 characters");
        }
    }

    private static void count(int members) {
        if (members < 2 || members > 2000) {
            throw new WeComValidationException(86006, "a group chat has 2 to 2000 members, not " + members);
        }
    }
}
