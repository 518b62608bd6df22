package io.github.wecom4j.message;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** The results of every call a send was split into, in order, and their union. */
public record SendReport(List<SendResult> calls) {

    public SendReport {
        calls = List.copyOf(calls);
    }

    /** The msgid of each delivered call (one per batch), for recall. */
    public List<String> msgids() {
        return calls.stream().filter(SendResult::delivered).map(SendResult::msgid).toList();
    }

    public List<String> invalidUsers() {
        return union(SendResult::invalidUsers);
    }

    public List<String> invalidParties() {
        return union(SendResult::invalidParties);
    }

    public List<String> invalidTags() {
        return union(SendResult::invalidTags);
    }

    public List<String> unlicensedUsers() {
        return union(SendResult::unlicensedUsers);
    }

    private List<String> union(Function<SendResult, List<String>> f) {
        List<String> out = new ArrayList<>();
        calls.forEach(c -> out.addAll(f.apply(c)));
        return out;
    }
}
