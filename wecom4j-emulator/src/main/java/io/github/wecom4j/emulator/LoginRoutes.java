package io.github.wecom4j.emulator;

import io.github.wecom4j.emulator.corp.EmulatedCorp;
import io.github.wecom4j.emulator.corp.EmulatedMember;
import io.github.wecom4j.emulator.login.LoginCodes;
import io.github.wecom4j.emulator.login.LoginPages;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.util.function.Supplier;

/**
 * The code and ticket exchanges behind login (the pages are {@link LoginPages}):
 * <ul>
 *   <li>{@code GET /cgi-bin/auth/getuserinfo?code=} (doc 91023 / 98177): {@code userid} (+
 *       {@code user_ticket} for snsapi_privateinfo) or {@code openid};</li>
 *   <li>{@code GET /cgi-bin/user/getuserinfo?code=}: the legacy form with capitalized keys
 *       ({@code UserId} / {@code OpenId}, {@code DeviceId}) that older SDKs still call;</li>
 *   <li>{@code POST /cgi-bin/auth/getuserdetail} {@code {"user_ticket"}} (doc 95833).</li>
 * </ul>
 * Only an app token can exchange a code: the code is bound to the app that issued it, and the
 * contacts-secret token (agentid 0) gets 40029 like any other app's.
 */
final class LoginRoutes {

    private final Supplier<EmulatedCorp> corp;
    private final LoginCodes codes;
    private final JsonMapper json;

    LoginRoutes(Supplier<EmulatedCorp> corp, LoginCodes codes, JsonMapper json) {
        this.corp = corp;
        this.codes = codes;
        this.json = json;
    }

    void register(CgiBinDispatcher api) {
        api.get("/cgi-bin/auth/getuserinfo", call -> userInfo(call, false));
        api.get("/cgi-bin/user/getuserinfo", call -> userInfo(call, true));
        api.post("/cgi-bin/auth/getuserdetail", this::userDetail);
    }

    private ObjectNode userInfo(ApiCall call, boolean legacy) {
        String code = call.requireParam("code", 41008);
        int agentId = call.scope().agentId();
        // The page already checked the redirect domain against this app's trusted domain, and the
        // code only works for that app, so WeCom's 50001 (domain of another app) cannot arise here.
        LoginCodes.Grant grant = codes.redeem(code, agentId);
        ObjectNode out = json.createObjectNode();
        if (grant.userId() == null) {
            out.put(legacy ? "OpenId" : "openid", grant.openId());
            if (legacy) {
                out.put("DeviceId", "");
            }
            return out;
        }
        out.put(legacy ? "UserId" : "userid", grant.userId());
        if (legacy) {
            out.put("DeviceId", "");
        }
        if (grant.privateInfo()) {
            out.put("user_ticket", codes.ticketFor(agentId, grant.userId()));
            out.put("expires_in", LoginCodes.TICKET_LIFETIME.toSeconds());
        }
        return out;
    }

    private ObjectNode userDetail(ApiCall call) {
        String ticket = call.body().path("user_ticket").asString("");
        if (ticket.isEmpty()) {
            throw new ApiError(84015, "invalid user_ticket: missing");
        }
        EmulatedCorp c = corp.get();
        String userId = codes.memberOf(ticket, call.scope().agentId());
        EmulatedMember m = c.member(userId).orElseThrow(() -> new ApiError(60111, "userid not found"));
        ObjectNode out = json.createObjectNode();
        out.put("userid", m.userId());
        out.put("gender", m.gender());
        out.put("avatar", "http://wework.qpic.cn/emulated/avatar/" + m.userId() + "/0");
        out.put("qr_code", "https://open.work.weixin.qq.com/wwopen/userQRCode?vcode=emulated" + m.userId());
        out.put("mobile", m.mobile());
        out.put("email", m.email());
        out.put("biz_mail", m.userId() + "@" + c.corpId() + ".wecom.work");
        out.put("address", "");
        return out;
    }
}
