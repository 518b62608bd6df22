package io.github.wecom4j.contact;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A change to a department (doc 90206): only the fields given change. Moving a department is a
 * new {@code parentId}. Immutable: each method returns a new update.
 */
public final class DepartmentUpdate {

    private final long id;
    private final Map<String, Object> fields;

    private DepartmentUpdate(long id, Map<String, Object> fields) {
        this.id = id;
        this.fields = fields;
    }

    public static DepartmentUpdate of(long id) {
        return new DepartmentUpdate(id, Map.of());
    }

    private DepartmentUpdate with(String field, Object value) {
        Map<String, Object> f = new LinkedHashMap<>(fields);
        f.put(field, value);
        return new DepartmentUpdate(id, f);
    }

    public DepartmentUpdate name(String name) {
        DepartmentNames.check(name);
        return with("name", name);
    }

    public DepartmentUpdate nameEn(String nameEn) {
        DepartmentNames.check(nameEn);
        return with("name_en", nameEn);
    }

    public DepartmentUpdate parentId(long parentId) {
        return with("parentid", parentId);
    }

    public DepartmentUpdate order(long order) {
        return with("order", order);
    }

    public long id() {
        return id;
    }

    Map<String, Object> body() {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("id", id);
        b.putAll(fields);
        return b;
    }
}
