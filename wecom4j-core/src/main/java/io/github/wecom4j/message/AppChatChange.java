package io.github.wecom4j.message;

import java.util.ArrayList;
import java.util.List;

/**
 * One {@code appchat/update} (doc 90246): any of a new name, a new owner (who must be a member after
 * the change), members to add and members to remove. Build with {@link #of(String)}.
 */
public record AppChatChange(String chatId, String name, String owner, List<String> add, List<String> remove) {

    public AppChatChange {
        add = List.copyOf(add);
        remove = List.copyOf(remove);
    }

    public static AppChatChange of(String chatId) {
        return new AppChatChange(chatId, null, null, List.of(), List.of());
    }

    public AppChatChange rename(String newName) {
        return new AppChatChange(chatId, newName, owner, add, remove);
    }

    public AppChatChange owner(String newOwner) {
        return new AppChatChange(chatId, name, newOwner, add, remove);
    }

    public AppChatChange addMembers(String... userIds) {
        List<String> more = new ArrayList<>(add);
        more.addAll(List.of(userIds));
        return new AppChatChange(chatId, name, owner, more, remove);
    }

    public AppChatChange removeMembers(String... userIds) {
        List<String> more = new ArrayList<>(remove);
        more.addAll(List.of(userIds));
        return new AppChatChange(chatId, name, owner, add, more);
    }
}
