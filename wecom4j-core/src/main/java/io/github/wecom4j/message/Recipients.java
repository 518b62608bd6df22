package io.github.wecom4j.message;

import io.github.wecom4j.error.WeComValidationException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * Who receives a message: members ({@code touser}), departments ({@code toparty}), tags
 * ({@code totag}) or everyone in the app's visible range ({@code @all}).
 *
 * <p>WeCom accepts at most 1000 users, 100 departments and 100 tags per call (doc 90236; more is
 * refused with 40035). {@link #batches()} splits a larger audience into the fewest calls that
 * respect all three limits at once: {@code max(⌈users/1000⌉, ⌈parties/100⌉, ⌈tags/100⌉)}.
 * Duplicates are dropped, keeping the first occurrence, so nobody is counted twice; this happens
 * once per audience, as does checking the userids (see {@link DistinctIds}).
 */
public record Recipients(boolean all, List<String> users, List<Long> parties, List<Long> tags) {

    public static final int MAX_USERS = 1000;
    public static final int MAX_PARTIES = 100;
    public static final int MAX_TAGS = 100;

    public Recipients {
        users = DistinctIds.of(users);
        parties = DistinctIds.of(parties);
        tags = DistinctIds.of(tags);
    }

    /** {@code touser=@all}: every member in the app's visible range; parties and tags are then ignored by WeCom. */
    public static Recipients everyone() {
        return new Recipients(true, List.of(), List.of(), List.of());
    }

    public static Recipients users(String... userIds) {
        return users(Arrays.asList(userIds));
    }

    public static Recipients users(Collection<String> userIds) {
        return new Recipients(false, userIds instanceof List<String> list ? list : new ArrayList<>(userIds),
                List.of(), List.of());
    }

    public static Recipients parties(Long... partyIds) {
        return new Recipients(false, List.of(), Arrays.asList(partyIds), List.of());
    }

    public static Recipients tags(Long... tagIds) {
        return new Recipients(false, List.of(), List.of(), Arrays.asList(tagIds));
    }

    public Recipients andUsers(Collection<String> more) {
        List<String> u = new ArrayList<>(users);
        u.addAll(more);
        return new Recipients(all, u, parties, tags);
    }

    public Recipients andParties(Collection<Long> more) {
        List<Long> p = new ArrayList<>(parties);
        p.addAll(more);
        return new Recipients(all, users, p, tags);
    }

    public Recipients andTags(Collection<Long> more) {
        List<Long> t = new ArrayList<>(tags);
        t.addAll(more);
        return new Recipients(all, users, parties, t);
    }

    /** Checks ids (any size); see {@link #requireOneCall()} for the per-call limits. */
    public void validate() {
        if (all) {
            return;
        }
        if (users.isEmpty() && parties.isEmpty() && tags.isEmpty()) {
            throw new WeComValidationException(82001, "touser, toparty and totag are all empty");
        }
        String invalid = DistinctIds.firstInvalidUserId(users);
        if (invalid != null) {
            throw new WeComValidationException(40003, "userid must be 1-64 letters, digits or _-@. (got '" + invalid + "')");
        }
        for (Long p : parties) {
            if (p <= 0) {
                throw new WeComValidationException(40066, "department ids must be positive (got " + p + ")");
            }
        }
        for (Long t : tags) {
            if (t <= 0) {
                throw new WeComValidationException(40035, "tag ids must be positive (got " + t + ")");
            }
        }
    }

    /** Throws 40035 when this audience does not fit in a single {@code message/send} call. */
    public void requireOneCall() {
        validate();
        if (users.size() > MAX_USERS || parties.size() > MAX_PARTIES || tags.size() > MAX_TAGS) {
            throw new WeComValidationException(40035, "one message/send call takes at most " + MAX_USERS + " users, "
                    + MAX_PARTIES + " departments and " + MAX_TAGS + " tags (got " + users.size() + ", " + parties.size()
                    + ", " + tags.size() + "); use batches()");
        }
    }

    /** The fewest single-call audiences that together reach everyone here. */
    public List<Recipients> batches() {
        validate();
        if (all) {
            return List.of(this);
        }
        int calls = Math.max(chunks(users.size(), MAX_USERS), Math.max(chunks(parties.size(), MAX_PARTIES),
                chunks(tags.size(), MAX_TAGS)));
        List<Recipients> out = new ArrayList<>(calls);
        for (int i = 0; i < calls; i++) {
            out.add(new Recipients(false, slice(users, i, MAX_USERS), slice(parties, i, MAX_PARTIES), slice(tags, i, MAX_TAGS)));
        }
        return out;
    }

    /** Total number of ids named (0 for {@code @all}, whose size only WeCom knows). */
    public int size() {
        return users.size() + parties.size() + tags.size();
    }

    String toUserField() {
        return all ? "@all" : join(users);
    }

    String toPartyField() {
        return all ? null : join(parties);
    }

    String toTagField() {
        return all ? null : join(tags);
    }

    private static String join(List<?> ids) {
        if (ids.isEmpty()) {
            return null;
        }
        StringBuilder sb = new StringBuilder(ids.size() * 16);
        for (Object id : ids) {
            if (!sb.isEmpty()) {
                sb.append('|');
            }
            sb.append(id);
        }
        return sb.toString();
    }

    private static int chunks(int n, int size) {
        return (n + size - 1) / size;
    }

    private static <T> List<T> slice(List<T> list, int chunk, int size) {
        int from = Math.min(list.size(), chunk * size);
        int to = Math.min(list.size(), from + size);
        return list.subList(from, to);
    }
}
