package io.github.wecom4j.emulator.message;

import io.github.wecom4j.emulator.ApiError;
import io.github.wecom4j.emulator.corp.EmulatedCorp;
import tools.jackson.databind.JsonNode;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Group chats created by apps (doc 90245 create, 90246 update, 90247 get, 90248 send), each with
 * its own inbox. WeCom's rules: 2 to 2000 members, every one a member of the corp; the owner is a
 * member (chosen at random among them when not given); a chatid is at most 32 characters of
 * {@code [0-9a-zA-Z]}; a name at most 50 characters. Errcodes from the global table (doc 90313).
 */
public final class AppChats {

    public static final int MIN_MEMBERS = 2;
    public static final int MAX_MEMBERS = 2000;
    private static final Pattern CHAT_ID = Pattern.compile("[0-9a-zA-Z]{1,32}");

    /** A chat as WeCom describes it, plus what was said in it (oldest first). */
    public record Chat(String chatId, String name, String owner, List<String> members, List<DeliveredMessage> messages,
                       int creatorAgentId) {
        public Chat {
            members = List.copyOf(members);
            messages = List.copyOf(messages);
        }

        public boolean hasMember(String userId) {
            return members.stream().anyMatch(m -> m.equalsIgnoreCase(userId));
        }
    }

    private final Supplier<EmulatedCorp> corp;
    private final Clock clock;
    private final Map<String, Chat> chats = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();

    AppChats(Supplier<EmulatedCorp> corp, Clock clock) {
        this.corp = corp;
        this.clock = clock;
    }

    public Optional<Chat> chat(String chatId) {
        return Optional.ofNullable(chats.get(chatId));
    }

    /** Chats a member belongs to. */
    public List<Chat> chatsOf(String userId) {
        return chats.values().stream().filter(c -> c.hasMember(userId)).toList();
    }

    synchronized String create(int agentId, JsonNode body) {
        String chatId = MessageBodyRules.text(body, "chatid");
        if (chatId.isEmpty()) {
            chatId = HexFormat.of().formatHex(randomBytes());
        } else if (!CHAT_ID.matcher(chatId).matches()) {
            throw new ApiError(chatId.length() > 32 ? 86205 : 86001, "invalid chatid: at most 32 of 0-9 a-z A-Z");
        }
        if (chats.containsKey(chatId)) {
            throw new ApiError(86215, "chatid already exists");
        }
        String name = name(body);
        List<String> members = members(body.path("userlist"), 86204);
        String owner = MessageBodyRules.text(body, "owner");
        if (owner.isEmpty()) {
            owner = members.get(random.nextInt(members.size()));
        }
        owner = ownerAmong(owner, members);
        chats.put(chatId, new Chat(chatId, name, owner, members, List.of(), agentId));
        return chatId;
    }

    synchronized void update(int agentId, JsonNode body) {
        Chat chat = createdBy(agentId, existing(body));
        String name = body.has("name") ? name(body) : chat.name();
        Set<String> members = new LinkedHashSet<>(chat.members());
        for (JsonNode u : body.path("del_user_list")) {
            members.removeIf(m -> m.equalsIgnoreCase(u.asString("")));
        }
        for (JsonNode u : body.path("add_user_list")) {
            members.add(canonical(u.asString(""), 86216));
        }
        checkCount(members.size());
        String owner = body.has("owner") ? MessageBodyRules.text(body, "owner") : chat.owner();
        owner = ownerAmong(owner, List.copyOf(members));
        chats.put(chat.chatId(), new Chat(chat.chatId(), name, owner, List.copyOf(members), chat.messages(), chat.creatorAgentId()));
    }

    Chat get(String chatId) {
        if (chatId == null || chatId.isEmpty()) {
            throw new ApiError(86201, "chatid is required");
        }
        Chat chat = chats.get(chatId);
        if (chat == null) {
            throw new ApiError(86003, "chatid does not exist");
        }
        return chat;
    }

    /** Checks the message like message/send (no template_card or miniprogram_notice in chats) and stores it. */
    synchronized DeliveredMessage send(int agentId, JsonNode body, String msgid) {
        Chat chat = createdBy(agentId, existing(body));
        String msgtype = body.path("msgtype").asString("");
        if (msgtype.equals("template_card") || msgtype.equals("miniprogram_notice")) {
            throw new ApiError(86214, "a group chat does not accept " + msgtype);
        }
        JsonNode content = MessageBodyRules.check(body);
        DeliveredMessage m = new DeliveredMessage(msgid, agentId, chat.chatId(), msgtype, content.deepCopy(),
                MessageCenter.summary(msgtype, content), clock.instant(), false);
        List<DeliveredMessage> messages = new ArrayList<>(chat.messages());
        messages.add(m);
        chats.put(chat.chatId(), new Chat(chat.chatId(), chat.name(), chat.owner(), chat.members(), messages, chat.creatorAgentId()));
        return m;
    }

    /** A member joins from the emulator's inbox page (standing in for being added in the WeCom client). */
    public synchronized void join(String chatId, String userId) {
        Chat chat = get(chatId);
        if (chat.hasMember(userId)) {
            return;
        }
        List<String> members = new ArrayList<>(chat.members());
        members.add(canonical(userId, 86216));
        checkCount(members.size());
        chats.put(chatId, new Chat(chatId, chat.name(), chat.owner(), members, chat.messages(), chat.creatorAgentId()));
    }

    void clear() {
        chats.clear();
    }

    /**
     * Docs 98913, 98914, 90248: "chatid所代表的群必须是该应用所创建"; another app's chat is 86008
     * (非法操作非自己创建的群, global error codes).
     */
    static Chat createdBy(int agentId, Chat chat) {
        if (chat.creatorAgentId() != agentId) {
            throw new ApiError(86008, "chat " + chat.chatId() + " was not created by this app (agentid " + agentId
                    + "): only the app that created a chat may update, read or send to it");
        }
        return chat;
    }

    private Chat existing(JsonNode body) {
        return get(MessageBodyRules.text(body, "chatid"));
    }

    private static String name(JsonNode body) {
        String name = MessageBodyRules.text(body, "name");
        if (name.codePointCount(0, name.length()) > 50) {
            throw new ApiError(86004, "invalid chat name: at most 50 characters");
        }
        return name;
    }

    private List<String> members(JsonNode list, int missingCode) {
        if (!list.isArray() || list.isEmpty()) {
            throw new ApiError(missingCode, "userlist is required");
        }
        Set<String> out = new LinkedHashSet<>();
        for (JsonNode u : list) {
            out.add(canonical(u.asString(""), 86216));
        }
        checkCount(out.size());
        return List.copyOf(out);
    }

    private static void checkCount(int n) {
        if (n < MIN_MEMBERS || n > MAX_MEMBERS) {
            throw new ApiError(86006, "a group chat has 2 to 2000 members, not " + n);
        }
    }

    /** The corp's spelling of a userid (WeCom compares case-insensitively). */
    private String canonical(String userId, int errcode) {
        return corp.get().members().stream().map(m -> m.userId()).filter(u -> u.equalsIgnoreCase(userId)).findFirst()
                .orElseThrow(() -> new ApiError(errcode, "not a member of the corp: " + userId.toLowerCase(Locale.ROOT)));
    }

    private static String ownerAmong(String owner, List<String> members) {
        return members.stream().filter(m -> m.equalsIgnoreCase(owner)).findFirst()
                .orElseThrow(() -> new ApiError(86207, "the owner must be one of the chat's members"));
    }

    private byte[] randomBytes() {
        byte[] b = new byte[8];
        random.nextBytes(b);
        return b;
    }
}
