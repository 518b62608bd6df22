package io.github.wecom4j.emulator.contact;

import io.github.wecom4j.emulator.corp.EmulatedDepartment;
import io.github.wecom4j.emulator.corp.EmulatedMember;

import java.util.List;

/**
 * {@code GET /_emulator/contacts/admin}: the emulator's stand-in for WeCom's admin console, where a
 * person changes the directory as an administrator. The form posts the same JSON as the control
 * route, so what a person does here is announced as change_contact like an administrator's change.
 */
final class AdminPage {

    private static final int MAX_MEMBERS_SHOWN = 500;

    private AdminPage() {
    }

    static String render(Directory directory) {
        return directory.read(() -> {
            StringBuilder html = new StringBuilder("<!doctype html><html><head><meta charset=\"utf-8\"><title>Contacts admin (emulated)"
                    + "</title><style>body{font-family:sans-serif;max-width:60em;margin:2em auto}ul{list-style:none}"
                    + "textarea{width:100%;height:8em}</style></head><body><h1>通讯录管理 — contacts admin (emulated)</h1>"
                    + "<p>Changes made here are an administrator's: WeCom announces them to the contacts-sync event server.</p>"
                    + "<form id=\"change\"><select id=\"op\">");
            for (String op : List.of("update_user", "create_user", "delete_user", "create_party", "update_party", "delete_party",
                    "add_tag_users", "del_tag_users")) {
                html.append("<option>").append(op).append("</option>");
            }
            html.append("</select><textarea id=\"body\">{\"userid\": \"lisi\", \"position\": \"CTO\"}</textarea>"
                    + "<button type=\"submit\">Apply</button> <output id=\"result\"></output></form>"
                    + "<script>document.getElementById('change').onsubmit=async e=>{e.preventDefault();"
                    + "let body;try{body=JSON.parse(document.getElementById('body').value)}catch(x){"
                    + "document.getElementById('result').textContent='not JSON';return}"
                    + "const r=await fetch('/_emulator/contacts/admin',{method:'POST',headers:{'Content-Type':'application/json'},"
                    + "body:JSON.stringify({op:document.getElementById('op').value,body})});const j=await r.json();"
                    + "document.getElementById('result').textContent=j.errcode===0?'done':j.errcode+' '+j.errmsg;"
                    + "if(j.errcode===0)setTimeout(()=>location.reload(),300)}</script><h2>Departments</h2>");
            tree(html, directory, 1);
            html.append("<h2>Members (").append(directory.members().size()).append(")</h2><ul id=\"members\">");
            int shown = 0;
            for (EmulatedMember m : directory.members().all()) {
                if (shown++ == MAX_MEMBERS_SHOWN) {
                    html.append("<li>…</li>");
                    break;
                }
                html.append("<li id=\"member-").append(esc(m.userId())).append("\">").append(esc(m.name())).append(" <small>(")
                        .append(esc(m.userId())).append(", ").append(esc(m.position())).append(", departments ")
                        .append(m.departments()).append(")</small></li>");
            }
            return html.append("</ul></body></html>").toString();
        });
    }

    private static void tree(StringBuilder html, Directory directory, long id) {
        EmulatedDepartment d = directory.departments().get(id);
        if (d == null) {
            return;
        }
        html.append("<ul><li id=\"department-").append(id).append("\">").append(esc(d.name())).append(" <small>(")
                .append(id).append(")</small>");
        int shown = 0;
        for (long child : directory.departments().children(id)) {
            if (shown++ == MAX_MEMBERS_SHOWN) {
                break;
            }
            tree(html, directory, child);
        }
        html.append("</li></ul>");
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
    }
}
