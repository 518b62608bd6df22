package io.github.wecom4j.message;

import io.github.wecom4j.contact.UserIds;
import io.github.wecom4j.error.WeComValidationException;

import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;

/**
 * An immutable list of recipient ids without duplicates (first occurrence kept) and without nulls,
 * deduplicated once: slices of it ({@link Recipients#batches()}) are distinct already and share its
 * array, and whether every entry is a valid userid is worked out once and remembered. A broadcast
 * to thousands of members thus dedupes and validates each id once, however often the audience is
 * split, checked and sent.
 */
final class DistinctIds<T> extends AbstractList<T> implements RandomAccess {

    private static final DistinctIds<Object> EMPTY = new DistinctIds<>(new Object[0], 0, 0, UserIdCheck.VALID);

    private enum UserIdCheck { UNKNOWN, VALID }

    private final Object[] ids;
    private final int from;
    private final int to;
    /** Benign race: two threads may both check, both reach the same answer. */
    private UserIdCheck userIds;

    private DistinctIds(Object[] ids, int from, int to, UserIdCheck userIds) {
        this.ids = ids;
        this.from = from;
        this.to = to;
        this.userIds = userIds;
    }

    /** {@code list} without duplicates; a null entry is refused with 40035. */
    @SuppressWarnings("unchecked")
    static <T> List<T> of(List<T> list) {
        if (list == null || list.isEmpty()) {
            return (List<T>) EMPTY;
        }
        if (list instanceof DistinctIds<T> distinct) {
            return distinct;
        }
        Object[] out = new Object[list.size()];
        // Open addressing, at most half full: one hash and usually no equals per id, where a
        // LinkedHashSet allocates an entry per id (measured: the larger part of planning a broadcast).
        Object[] table = new Object[Integer.highestOneBit(Math.max(2, list.size()) * 2 - 1) << 1];
        int mask = table.length - 1;
        int n = 0;
        for (T id : list) {
            if (id == null) {
                throw new WeComValidationException(40035, "recipient ids must not be null");
            }
            int slot = spread(id.hashCode()) & mask;
            while (true) {
                Object seen = table[slot];
                if (seen == null) {
                    table[slot] = id;
                    out[n++] = id;
                    break;
                }
                if (seen.equals(id)) {
                    break;
                }
                slot = (slot + 1) & mask;
            }
        }
        return new DistinctIds<>(out, 0, n, UserIdCheck.UNKNOWN);
    }

    private static int spread(int h) {
        return (h ^ (h >>> 16)) * 0x9E3779B9;
    }

    /**
     * The first entry that is not a valid userid, or null when all are (see {@link UserIds}); the
     * answer "all valid" is remembered, here and in every slice taken afterwards.
     */
    static String firstInvalidUserId(List<String> users) {
        if (users instanceof DistinctIds<String> d && d.userIds == UserIdCheck.VALID) {
            return null;
        }
        for (String u : users) {
            if (!UserIds.valid(u)) {
                return u;
            }
        }
        if (users instanceof DistinctIds<String> d) {
            d.userIds = UserIdCheck.VALID;
        }
        return null;
    }

    @Override
    @SuppressWarnings("unchecked")
    public T get(int index) {
        if (index < 0 || index >= to - from) {
            throw new IndexOutOfBoundsException(index);
        }
        return (T) ids[from + index];
    }

    @Override
    public int size() {
        return to - from;
    }

    @Override
    public List<T> subList(int fromIndex, int toIndex) {
        subListRangeCheck(fromIndex, toIndex, size());
        return new DistinctIds<>(ids, from + fromIndex, from + toIndex, userIds);
    }

    private static void subListRangeCheck(int fromIndex, int toIndex, int size) {
        if (fromIndex < 0 || toIndex > size || fromIndex > toIndex) {
            throw new IndexOutOfBoundsException("[" + fromIndex + ", " + toIndex + ") of " + size);
        }
    }
}
