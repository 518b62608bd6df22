package io.github.wecom4j.contact;

import java.util.List;

/**
 * A department (doc 90208). {@code parentId} is 0 for the root. {@code order}: higher sorts first.
 * {@code nameEn} is empty unless the corp uses multilingual names.
 */
public record Department(long id, String name, String nameEn, long parentId, long order, List<String> leaders) {
    public Department {
        nameEn = nameEn == null ? "" : nameEn;
        leaders = leaders == null ? List.of() : List.copyOf(leaders);
    }
}
