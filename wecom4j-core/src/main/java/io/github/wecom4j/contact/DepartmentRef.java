package io.github.wecom4j.contact;

/** A department as department/simplelist gives it: ids and order only (doc 95350). */
public record DepartmentRef(long id, long parentId, long order) {
}
