package io.github.wecom4j.contact;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The CSV files of the batch import jobs (docs 90980-90982), in the column names of WeCom's sample
 * files; WeCom finds columns by their header. Multi-valued cells (departments, order, leader
 * flags) are {@code ;}-separated and index-aligned. UTF-8 with a BOM, as WeCom's samples are,
 * so spreadsheet programs open them correctly.
 */
public final class ContactCsv {

    public static final List<String> MEMBER_COLUMNS = List.of("姓名", "帐号", "别名", "职务", "部门", "是否部门内上级", "排序",
            "性别", "手机", "座机", "个人邮箱", "地址", "禁用");
    public static final List<String> DEPARTMENT_COLUMNS = List.of("部门名称", "部门ID", "父部门ID", "排序");

    private ContactCsv() {
    }

    public static byte[] members(List<Member> members) {
        StringBuilder csv = new StringBuilder("\uFEFF").append(String.join(",", MEMBER_COLUMNS)).append("\r\n");
        for (Member m : members) {
            row(csv, m.name(), m.userId(), m.alias(), m.position(),
                    join(m.memberships().stream().map(x -> Long.toString(x.departmentId())).toList()),
                    join(m.memberships().stream().map(x -> x.leader() ? "1" : "0").toList()),
                    join(m.memberships().stream().map(x -> Long.toString(x.order())).toList()),
                    m.gender() == Gender.UNKNOWN ? "" : m.gender().code(), m.mobile(), m.telephone(), m.email(), m.address(),
                    m.status() == MemberStatus.DISABLED ? "1" : "0");
        }
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] departments(List<Department> departments) {
        StringBuilder csv = new StringBuilder("\uFEFF").append(String.join(",", DEPARTMENT_COLUMNS)).append("\r\n");
        for (Department d : departments) {
            row(csv, d.name(), Long.toString(d.id()), Long.toString(d.parentId()), Long.toString(d.order()));
        }
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String join(List<String> values) {
        return String.join(";", values);
    }

    private static void row(StringBuilder csv, String... cells) {
        csv.append(java.util.Arrays.stream(cells).map(ContactCsv::cell).collect(Collectors.joining(","))).append("\r\n");
    }

    /** A phone number with its country code: WeCom must read it as written, and it runs nothing in a spreadsheet. */
    private static final java.util.regex.Pattern PHONE = java.util.regex.Pattern.compile("\\+[0-9][0-9 \\-]{0,30}");

    /**
     * Whether the file carries this value behind an apostrophe, so a spreadsheet does not run it:
     * a caller that needs the value stored exactly as given (WeCom's importer is not documented
     * to strip the apostrophe) writes such a row through the API instead of a job.
     */
    public static boolean defused(String value) {
        return value != null && !value.isEmpty() && "=+@".indexOf(value.charAt(0)) >= 0 && !PHONE.matcher(value).matches();
    }

    /**
     * RFC 4180 quoting; a leading = + @ is defused so a spreadsheet does not run it as a formula,
     * except in a phone number ("+86 13800000001"), which WeCom would otherwise take as invalid.
     */
    private static String cell(String v) {
        String s = v == null ? "" : v;
        if (defused(s)) {
            s = "'" + s;
        }
        if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
            return "\"" + s.replace("\"", "\"\"") + "\"";
        }
        return s;
    }
}
