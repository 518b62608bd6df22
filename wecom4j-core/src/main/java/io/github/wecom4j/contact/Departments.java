package io.github.wecom4j.contact;

import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Departments (docs 90205-90208, 95350, 95351). Writes use the contacts-sync token. */
public final class Departments {

    private final ContactsCredentials credentials;

    Departments(ContactsCredentials credentials) {
        this.credentials = credentials;
    }

    /** Creates a department; returns its id (WeCom's choice unless the request named one). */
    public long create(NewDepartment department) {
        return credentials.sync("department/create").post("/cgi-bin/department/create", department.body()).path("id").asLong();
    }

    public void update(DepartmentUpdate update) {
        credentials.sync("department/update").post("/cgi-bin/department/update", update.body());
    }

    /** Deletes an empty department (60005 with members, 60006 with sub-departments, 60007 the root). */
    public void delete(long id) {
        Deletes.delete(credentials.sync("department/delete"), "/cgi-bin/department/delete", Map.of("id", Long.toString(id)),
                Set.of(60003, 60123));
    }

    public Department get(long id) {
        return read(credentials.reader().get("/cgi-bin/department/get", Map.of("id", Long.toString(id))).path("department"));
    }

    /** Every department the token may see (doc 90208: documented as slow on large corps). */
    public List<Department> list() {
        return list(Map.of());
    }

    /** {@code id} and every department below it. */
    public List<Department> list(long id) {
        return list(Map.of("id", Long.toString(id)));
    }

    /** Ids, parents and order of every visible department: the fast listing (doc 95350). */
    public List<DepartmentRef> simpleList() {
        return simpleList(Map.of());
    }

    public List<DepartmentRef> simpleList(long id) {
        return simpleList(Map.of("id", Long.toString(id)));
    }

    private List<Department> list(Map<String, String> query) {
        List<Department> out = new ArrayList<>();
        credentials.reader().get("/cgi-bin/department/list", query).path("department").forEach(d -> out.add(read(d)));
        return out;
    }

    private List<DepartmentRef> simpleList(Map<String, String> query) {
        List<DepartmentRef> out = new ArrayList<>();
        for (JsonNode d : credentials.reader().get("/cgi-bin/department/simplelist", query).path("department_id")) {
            out.add(new DepartmentRef(d.path("id").asLong(), d.path("parentid").asLong(), d.path("order").asLong()));
        }
        return out;
    }

    private static Department read(JsonNode d) {
        List<String> leaders = new ArrayList<>();
        d.path("department_leader").forEach(l -> leaders.add(l.asString()));
        return new Department(d.path("id").asLong(0), d.path("name").asString(""), d.path("name_en").asString(""),
                d.path("parentid").asLong(0), d.path("order").asLong(0), leaders);
    }
}
