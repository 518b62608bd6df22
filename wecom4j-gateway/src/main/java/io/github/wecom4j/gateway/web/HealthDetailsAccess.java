package io.github.wecom4j.gateway.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.security.Principal;

/**
 * {@code /actuator/*} shows health details (database, Redis, WeCom's verdict on each credential)
 * only to a caller with a valid {@code X-API-Key}, in both modes: anyone else, a load balancer
 * included, sees the status alone. Spring Boot's {@code show-details: when-authorized} asks the
 * request for a principal; this filter gives it one when the key is valid (there is no other
 * authentication on these paths).
 */
public final class HealthDetailsAccess extends OncePerRequestFilter {

    private final ObjectProvider<ApiKeys> keys;

    public HealthDetailsAccess(ObjectProvider<ApiKeys> keys) {
        this.keys = keys;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String key = request.getHeader(ApiKeys.HEADER);
        ApiKeys accepted = keys.getIfAvailable();
        if (key == null || accepted == null || !accepted.accepts(key)) {
            chain.doFilter(request, response);
            return;
        }
        chain.doFilter(new HttpServletRequestWrapper(request) {
            private final Principal caller = () -> "api-key";

            @Override
            public Principal getUserPrincipal() {
                return caller;
            }
        }, response);
    }
}
