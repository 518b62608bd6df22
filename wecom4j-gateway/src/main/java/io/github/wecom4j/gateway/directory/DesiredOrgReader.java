package io.github.wecom4j.gateway.directory;

import io.github.wecom4j.contact.Gender;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a desired org from JSON or CSV, bounded (rows, field lengths); what cannot be read becomes
 * a per-row problem in the report, never an exception text.
 *
 * <pre>
 * JSON: {"departments": [{"id": 70, "name": "QA", "parentId": 2, "order": 10}],      (optional)
 *        "members": [{"userid": "qianjiu", "name": "钱九", "departments": [70, {"id": 2, "order": 5, "leader": true}],
 *                     "mainDepartment": 70, "mobile": "+86 13800000009", "email": "...", "position": "...",
 *                     "alias": "...", "gender": "1", "telephone": "...", "address": "...", "enabled": true}]}
 * CSV (members only, header names the columns, any order):
 *        userid,name,departments,mainDepartment,position,mobile,email,gender,alias,telephone,address,enabled
 *        qianjiu,钱九,70;2,70,QA,+86 13800000009,,1,,,,true
 * </pre>
 */
final class DesiredOrgReader {

    /** The input, and the rows that could not be read. */
    record Read(DesiredOrg org, List<SyncReport.Problem> problems) {
    }

    // The gateway's rule for every body it parses itself: a repeated key is refused, not last-wins.
    private static final JsonMapper JSON = io.github.wecom4j.gateway.web.StrictJson.MAPPER;
    private static final int MAX_FIELD = 256;
    private static final int MAX_DEPARTMENTS_PER_MEMBER = 100;

    private final int maxMembers;
    private final int maxDepartments;

    DesiredOrgReader(int maxMembers, int maxDepartments) {
        this.maxMembers = maxMembers;
        this.maxDepartments = maxDepartments;
    }

    Read json(String body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("the body is not JSON, or repeats a key (line " + e.getLocation().getLineNr() + ")");
        }
        if (root == null || !root.isObject() || !root.path("members").isArray()) {
            throw new IllegalArgumentException("expected {\"members\": [...], \"departments\": [...] (optional)}");
        }
        List<SyncReport.Problem> problems = new ArrayList<>();
        List<DesiredOrg.Department> departments = null;
        if (root.has("departments")) {
            if (!root.get("departments").isArray() || root.get("departments").size() > maxDepartments) {
                throw new IllegalArgumentException("departments must be a list of at most " + maxDepartments);
            }
            departments = new ArrayList<>();
            int row = 0;
            for (JsonNode d : root.get("departments")) {
                row++;
                try {
                    departments.add(new DesiredOrg.Department(row, requiredLong(d, "id"), text(d, "name", true),
                            requiredLong(d, "parentId"), optionalLong(d, "order")));
                } catch (IllegalArgumentException e) {
                    problems.add(SyncReport.Problem.department(row, d.path("id").asString(""), 40058, e.getMessage()));
                }
            }
        }
        if (root.get("members").size() > maxMembers) {
            throw new IllegalArgumentException("members must be a list of at most " + maxMembers);
        }
        List<DesiredOrg.Member> members = new ArrayList<>();
        int row = 0;
        for (JsonNode m : root.get("members")) {
            row++;
            try {
                List<DesiredOrg.Placement> memberships = new ArrayList<>();
                JsonNode deps = m.path("departments");
                if (!deps.isArray() || deps.size() > MAX_DEPARTMENTS_PER_MEMBER) {
                    throw new IllegalArgumentException("departments must be a list of 1-" + MAX_DEPARTMENTS_PER_MEMBER
                            + " ids or {id, order, leader}");
                }
                for (JsonNode d : deps) {
                    memberships.add(d.isObject() ? new DesiredOrg.Placement(requiredLong(d, "id"),
                            optionalLong(d, "order"), optionalFlag(d, "leader"))
                            : new DesiredOrg.Placement(number(d, "departments"), null, null));
                }
                members.add(new DesiredOrg.Member(row, text(m, "userid", true), text(m, "name", false), text(m, "alias", false),
                        text(m, "position", false), text(m, "mobile", false), text(m, "email", false),
                        gender(text(m, "gender", false)), text(m, "telephone", false), text(m, "address", false),
                        optionalFlag(m, "enabled"), memberships, optionalLong(m, "mainDepartment")));
            } catch (IllegalArgumentException e) {
                problems.add(SyncReport.Problem.member(row, m.path("userid").asString(""), 40058, e.getMessage()));
            }
        }
        return new Read(new DesiredOrg(departments, members), problems);
    }

    Read csv(String body) {
        List<SyncReport.Problem> problems = new ArrayList<>();
        List<DesiredOrg.Member> members = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new StringReader(body))) {
            String header = in.readLine();
            if (header == null) {
                throw new IllegalArgumentException("the CSV is empty; its first line names the columns");
            }
            List<String> columns = Csv.split(header.startsWith("\uFEFF") ? header.substring(1) : header);
            int userId = columns.indexOf("userid");
            int deps = columns.indexOf("departments");
            if (userId < 0 || deps < 0) {
                throw new IllegalArgumentException("the CSV header needs at least the columns userid and departments");
            }
            String line;
            int row = 0;
            while ((line = in.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                row++;
                if (row > maxMembers) {
                    throw new IllegalArgumentException("the CSV holds more than " + maxMembers + " members");
                }
                List<String> cells = Csv.split(line);
                try {
                    members.add(member(row, columns, cells));
                } catch (IllegalArgumentException e) {
                    problems.add(SyncReport.Problem.member(row, userId < cells.size() ? cells.get(userId) : "", 40058,
                            e.getMessage()));
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("the CSV could not be read");
        }
        return new Read(new DesiredOrg(null, members), problems);
    }

    private static DesiredOrg.Member member(int row, List<String> columns, List<String> cells) {
        java.util.function.Function<String, String> cell = name -> {
            int i = columns.indexOf(name);
            String v = i < 0 || i >= cells.size() ? null : cells.get(i).strip();
            if (v != null && v.length() > MAX_FIELD) {
                throw new IllegalArgumentException(name + " is longer than " + MAX_FIELD + " characters");
            }
            return v == null || v.isEmpty() ? null : v;
        };
        List<DesiredOrg.Placement> memberships = new ArrayList<>();
        String deps = cell.apply("departments");
        for (String d : deps == null ? new String[0] : deps.split(";")) {
            try {
                memberships.add(new DesiredOrg.Placement(Long.parseLong(d.strip()), null, null));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("departments must be ids separated by ';', got '" + d + "'");
            }
        }
        String main = cell.apply("mainDepartment");
        String enabled = cell.apply("enabled");
        Long mainDepartment;
        try {
            mainDepartment = main == null ? null : Long.parseLong(main);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("mainDepartment must be a department id");
        }
        return new DesiredOrg.Member(row, cell.apply("userid") == null ? "" : cell.apply("userid"), cell.apply("name"),
                cell.apply("alias"), cell.apply("position"), cell.apply("mobile"), cell.apply("email"),
                gender(cell.apply("gender")), cell.apply("telephone"), cell.apply("address"),
                enabled == null ? null : flag(enabled, "enabled"), memberships,
                mainDepartment);
    }

    private static Gender gender(String code) {
        if (code == null) {
            return null;
        }
        for (Gender g : Gender.values()) {
            if (g.code().equals(code)) {
                return g;
            }
        }
        throw new IllegalArgumentException("gender must be \"0\", \"1\" (male) or \"2\" (female)");
    }

    private static String text(JsonNode n, String field, boolean required) {
        JsonNode v = n.path(field);
        if (v.isMissingNode() || v.isNull()) {
            if (required) {
                throw new IllegalArgumentException(field + " is required");
            }
            return null;
        }
        if (!v.isString() && !v.isNumber()) {
            throw new IllegalArgumentException(field + " must be a string");
        }
        String s = v.asString();
        if (s.length() > MAX_FIELD) {
            throw new IllegalArgumentException(field + " is longer than " + MAX_FIELD + " characters");
        }
        return s;
    }

    private static Long optionalLong(JsonNode n, String field) {
        return n.hasNonNull(field) ? number(n.get(field), field) : null;
    }

    /**
     * A yes/no field: a JSON boolean, 1 or 0, or the same as text. Anything else is refused, not
     * read as false: "yes" in an enabled column would otherwise disable the member in WeCom.
     */
    private static Boolean optionalFlag(JsonNode n, String field) {
        if (!n.hasNonNull(field)) {
            return null;
        }
        JsonNode v = n.get(field);
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        if (v.isIntegralNumber() || v.isString()) {
            return flag(v.asString(), field);
        }
        throw new IllegalArgumentException(field + " must be true or false (or 1 or 0)");
    }

    private static boolean flag(String value, String field) {
        return switch (value.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "1", "true" -> true;
            case "0", "false" -> false;
            default -> throw new IllegalArgumentException(field + " must be true or false (or 1 or 0), got '"
                    + (value.length() > 20 ? value.substring(0, 20) + "..." : value) + "'");
        };
    }

    private static long requiredLong(JsonNode n, String field) {
        return number(n.path(field), field);
    }

    private static long number(JsonNode v, String field) {
        if (!v.isIntegralNumber()) {
            throw new IllegalArgumentException(field + " must be a whole number");
        }
        return v.asLong();
    }

    /** RFC 4180 cells: commas inside double quotes, doubled quotes for a quote. */
    static final class Csv {
        private Csv() {
        }

        static List<String> split(String line) {
            List<String> out = new ArrayList<>();
            StringBuilder cell = new StringBuilder();
            boolean quoted = false;
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (quoted) {
                    if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        cell.append('"');
                        i++;
                    } else if (c == '"') {
                        quoted = false;
                    } else {
                        cell.append(c);
                    }
                } else if (c == '"') {
                    quoted = true;
                } else if (c == ',') {
                    out.add(cell.toString());
                    cell.setLength(0);
                } else {
                    cell.append(c);
                }
            }
            out.add(cell.toString());
            return out;
        }
    }
}
