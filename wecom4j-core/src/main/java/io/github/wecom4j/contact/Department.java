package io.github.wecom4j.contact;

import java.util.List;

/**
 * A department (doc 90208). {@code parentId} is 0 for the root. {@code order}: higher sorts first.
 */
public record Department(long id, String name, long parentId, long order, List<String> leaders) {
    public Department {
        leaders = leaders == null ? List.of() : List.copyOf(leaders);
    }
}
