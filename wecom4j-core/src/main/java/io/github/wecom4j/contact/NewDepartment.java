package io.github.wecom4j.contact;

import io.github.wecom4j.error.WeComValidationException;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A department to create (doc 90205): a name and a parent; an id (&gt; 1) and an order if you
 * want them, otherwise WeCom picks.
 */
public record NewDepartment(String name, String nameEn, long parentId, Long order, Long id) {

    public NewDepartment {
        DepartmentNames.check(name);
        if (nameEn != null && !nameEn.isEmpty()) {
            DepartmentNames.check(nameEn);
        }
        if (parentId < 1) {
            throw new WeComValidationException(60004, "parentid must name an existing department (the root is 1)");
        }
        if (id != null && id <= 1) {
            throw new WeComValidationException(60123, "a department id must be greater than 1 (1 is the root), got " + id);
        }
        if (order != null && (order < 0 || order >= (1L << 32))) {
            throw new WeComValidationException(40058, "order must be in [0, 2^32)");
        }
    }

    public static NewDepartment of(String name, long parentId) {
        return new NewDepartment(name, null, parentId, null, null);
    }

    public NewDepartment withId(long id) {
        return new NewDepartment(name, nameEn, parentId, order, id);
    }

    public NewDepartment withOrder(long order) {
        return new NewDepartment(name, nameEn, parentId, order, id);
    }

    public NewDepartment withNameEn(String nameEn) {
        return new NewDepartment(name, Objects.requireNonNull(nameEn), parentId, order, id);
    }

    Map<String, Object> body() {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("name", name);
        if (nameEn != null) {
            b.put("name_en", nameEn);
        }
        b.put("parentid", parentId);
        if (order != null) {
            b.put("order", order);
        }
        if (id != null) {
            b.put("id", id);
        }
        return b;
    }
}
