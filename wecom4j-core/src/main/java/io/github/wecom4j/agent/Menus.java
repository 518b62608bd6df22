package io.github.wecom4j.agent;

import io.github.wecom4j.WeComApi;
import io.github.wecom4j.error.WeComValidationException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The app's menu (doc 90231 create, 90232 get, 90233 delete): 1 to 3 buttons, each with up to 5 sub-buttons. */
public final class Menus {

    static final String CREATE = "/cgi-bin/menu/create";
    static final String GET = "/cgi-bin/menu/get";
    static final String DELETE = "/cgi-bin/menu/delete";

    private final WeComApi api;
    private final int agentId;

    public Menus(WeComApi api, int agentId) {
        this.api = api;
        this.agentId = agentId;
    }

    /** Publishes the menu, replacing any earlier one. */
    public void create(List<MenuButton> buttons) {
        if (buttons == null || buttons.isEmpty() || buttons.size() > 3) {
            throw new WeComValidationException(40016, "a menu has 1 to 3 buttons");
        }
        buttons.forEach(b -> b.validate(true));
        api.post(CREATE, Map.of("agentid", String.valueOf(agentId)), Map.of("button", buttons.stream().map(MenuButton::toJson).toList()));
    }

    /** The published menu; WeCom answers 46003 when there is none. */
    public List<MenuButton> get() {
        List<MenuButton> out = new ArrayList<>();
        api.get(GET, Map.of("agentid", String.valueOf(agentId))).path("button").forEach(b -> out.add(MenuButton.fromJson(b)));
        return out;
    }

    public void delete() {
        api.get(DELETE, Map.of("agentid", String.valueOf(agentId)));
    }
}
