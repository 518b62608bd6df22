package io.github.wecom4j.gateway.web;

import org.apache.catalina.Host;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.io.IOException;
import java.io.Writer;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Errors Tomcat answers by itself, before any servlet runs (an illegal character in the request
 * target, a broken percent-encoding, a malformed header): in the gateway's error shape instead of
 * Tomcat's HTML page, which also quoted the parser's exception text ("Invalid character found in
 * the request target ...").
 */
@Configuration(proxyBeanMethods = false)
class ContainerErrorReport {

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> gatewayErrorReportValve() {
        return factory -> factory.addContextCustomizers(context -> {
            // The context is added to its host before customizers run, and the host is not started
            // yet: it installs its error report valve, by class name, when it starts.
            Host host = (Host) context.getParent();
            if (host instanceof StandardHost standard) {
                standard.setErrorReportValveClass(Valve.class.getName());
            }
        });
    }

    /** Tomcat's error report valve, writing {@link ApiError} (or the browser page) instead of its HTML. */
    public static final class Valve extends ErrorReportValve {

        @Override
        protected void report(Request request, Response response, Throwable throwable) {
            int status = response.getStatus();
            if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
                return;
            }
            AtomicBoolean ioAllowed = new AtomicBoolean(true);
            response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
            if (!ioAllowed.get()) {
                return;
            }
            ApiError error = status == 404
                    ? ApiErrorHandler.notFound(request.getMethod(), "this path")
                    : new ApiError(status == 500 ? -3 : status, ErrorEndpoint.describe(status), ErrorEndpoint.hintFor(status));
            String accept = request.getHeader("Accept");
            String path = request.getDecodedRequestURI();
            boolean page = ErrorReplies.wantsPage(path, accept);
            try {
                response.setContentType(page ? "text/html" : "application/json");
                response.setCharacterEncoding("utf-8");
                Writer writer = response.getReporter();
                if (writer != null) {
                    writer.write(page ? ErrorReplies.page(status, error, "/") : error.json());
                    response.finishResponse();
                }
            } catch (IOException | IllegalStateException e) {
                // The connection is gone or the response was taken over: nothing more to say.
            }
        }
    }
}
