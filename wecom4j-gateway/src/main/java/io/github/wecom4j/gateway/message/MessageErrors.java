package io.github.wecom4j.gateway.message;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;

import java.io.IOException;
import java.util.List;

/**
 * Answers a failure of {@link MessageIntakeFilter} the way the DispatcherServlet would have for
 * {@link MessageController#send}: through the same exception resolvers, with the controller's own
 * {@code @ExceptionHandler}s first (409, 503 overloaded) and then the gateway's advice (400, 413, 503,
 * 500 with a log reference). One set of error answers, wherever the request was handled; errors are
 * rare, so their cost does not matter.
 */
final class MessageErrors {

    private final ObjectProvider<HandlerExceptionResolver> resolverBeans;
    private final HandlerMethod handler;
    private volatile List<HandlerExceptionResolver> resolvers;

    MessageErrors(ObjectProvider<HandlerExceptionResolver> resolvers, Object controller) {
        this.resolverBeans = resolvers;
        try {
            this.handler = new HandlerMethod(controller, MessageController.class.getDeclaredMethod("send", String.class, String.class));
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("MessageController.send(String, String) is the handler whose errors are mirrored", e);
        }
    }

    void answer(HttpServletRequest request, HttpServletResponse response, Exception error) throws IOException, ServletException {
        if (!response.isCommitted()) {
            // As the DispatcherServlet does: an error answer never follows part of another one.
            response.resetBuffer();
        }
        for (HandlerExceptionResolver resolver : resolvers()) {
            ModelAndView answer = resolver.resolveException(request, response, handler, error);
            if (answer != null) {
                // Every handler of ours writes its body itself (an empty ModelAndView); the
                // attribute is what the DispatcherServlet leaves for the error page and observation.
                request.setAttribute(DispatcherServlet.EXCEPTION_ATTRIBUTE, error);
                return;
            }
        }
        // No handler took it: the container's error page, as when the DispatcherServlet rethrows.
        if (error instanceof IOException io) {
            throw io;
        }
        if (error instanceof ServletException servlet) {
            throw servlet;
        }
        if (error instanceof RuntimeException runtime) {
            throw runtime;
        }
        throw new ServletException(error);
    }

    /** The DispatcherServlet's list: every resolver bean, in order (read once the context is up). */
    private List<HandlerExceptionResolver> resolvers() {
        List<HandlerExceptionResolver> r = resolvers;
        if (r == null) {
            r = resolverBeans.orderedStream().toList();
            resolvers = r;
        }
        return r;
    }
}
