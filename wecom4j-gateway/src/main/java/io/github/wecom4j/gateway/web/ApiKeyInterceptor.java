package io.github.wecom4j.gateway.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.web.servlet.HandlerInterceptor;

import java.nio.charset.StandardCharsets;

/** Refuses the internal APIs (messages, media, callbacks) without a valid {@code X-API-Key}: 401 with the gateway's error JSON. */
public final class ApiKeyInterceptor implements HandlerInterceptor {

    private final ObjectProvider<ApiKeys> keys;

    public ApiKeyInterceptor(ObjectProvider<ApiKeys> keys) {
        this.keys = keys;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) throws Exception {
        if (keys.getObject().accepts(request.getHeader(ApiKeys.HEADER))) {
            return true;
        }
        response.setStatus(401);
        response.setContentType("application/json");
        response.getOutputStream().write(("{\"errcode\":401,\"errmsg\":\"missing or invalid API key\",\"hint\":\"send the"
                + " header " + ApiKeys.HEADER + " with a key from gateway.messages.api-keys (emulated mode: the demo key"
                + " in the startup log / console)\"}").getBytes(StandardCharsets.UTF_8));
        return false;
    }
}
