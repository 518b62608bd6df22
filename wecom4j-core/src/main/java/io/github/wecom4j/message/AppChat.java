package io.github.wecom4j.message;

import java.util.List;

/** A group chat as {@code appchat/get} describes it (doc 90247). */
public record AppChat(String chatId, String name, String owner, List<String> members) {
    public AppChat {
        members = List.copyOf(members);
    }
}
