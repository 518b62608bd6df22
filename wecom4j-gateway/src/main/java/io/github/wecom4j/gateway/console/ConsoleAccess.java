package io.github.wecom4j.gateway.console;

import io.github.wecom4j.gateway.login.SessionMembers;
import io.github.wecom4j.gateway.wecom.GatewayMode;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Who may use the console's APIs ({@code /api/console/**}: corp, token states, outbox, inboxes).
 * Against the embedded emulator: anyone, it is the demo. Against real WeCom: only members listed in
 * {@code gateway.console.admins} (env {@code GATEWAY_CONSOLE_ADMINS}), logged in through the
 * gateway's own WeCom login; with no list, nobody.
 */
@Configuration(proxyBeanMethods = false)
class ConsoleAccess implements WebMvcConfigurer, HandlerInterceptor {

    private final GatewayMode mode;
    private final Set<String> admins;

    ConsoleAccess(GatewayMode mode, @Value("${gateway.console.admins:}") String admins) {
        this.mode = mode;
        this.admins = Arrays.stream(admins.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .map(s -> s.toLowerCase(java.util.Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this).addPathPatterns("/api/console/**");
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) throws Exception {
        if (mode.emulated()) {
            return true;
        }
        var user = SessionMembers.userId(request);
        // WeCom compares userids case-insensitively.
        if (user.isPresent() && admins.contains(user.get().toLowerCase(java.util.Locale.ROOT))) {
            return true;
        }
        response.setStatus(user.isPresent() ? 403 : 401);
        response.setContentType("application/json");
        response.getOutputStream().write(("{\"errcode\":" + (user.isPresent() ? 403 : 401) + ",\"errmsg\":\"console is for admins\","
                + "\"hint\":\"log in at /login as a member listed in gateway.console.admins (GATEWAY_CONSOLE_ADMINS)\"}")
                .getBytes(StandardCharsets.UTF_8));
        return false;
    }
}
