package io.github.wecom4j.spring;

import io.github.wecom4j.http.HttpTransport;
import io.github.wecom4j.http.JdkHttpTransport;
import io.github.wecom4j.httpclient5.ApacheHttpTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.util.ClassUtils;

/**
 * Picks the {@link HttpTransport.Factory} that {@code wecom.transport} names.
 *
 * <p>wecom4j-httpclient5 is an optional dependency of the starter: this class only names
 * {@link ApacheHttpTransport} inside {@link Httpclient5}, which the JVM loads when that transport is
 * chosen, i.e. after its presence was checked on the application's class loader.
 */
public final class WeComTransports {

    private static final Logger log = LoggerFactory.getLogger(WeComTransports.class);

    /** The class whose presence {@code auto} looks for. */
    public static final String HTTPCLIENT5_CLASS = "io.github.wecom4j.httpclient5.ApacheHttpTransport";

    private WeComTransports() {
    }

    /**
     * The factory for {@code wecom.transport} and {@code wecom.transport-max-connections}.
     *
     * @param classLoader the application's class loader, where wecom4j-httpclient5 may be
     * @throws IllegalStateException naming the property and the dependency when the choice cannot work
     */
    public static HttpTransport.Factory fromProperties(WeComProperties p, ClassLoader classLoader) {
        Integer max = p.getTransportMaxConnections();
        if (max != null && max < 1) {
            throw new IllegalStateException("wecom.transport-max-connections must be at least 1, was " + max);
        }
        boolean httpclient5Present = ClassUtils.isPresent(HTTPCLIENT5_CLASS, classLoader);
        boolean httpclient5 = switch (p.getTransport()) {
            case JDK -> false;
            case AUTO -> httpclient5Present;
            case HTTPCLIENT5 -> {
                if (!httpclient5Present) {
                    throw new IllegalStateException("wecom.transport=httpclient5 needs the dependency "
                            + "io.github.wecom4j:wecom4j-httpclient5 on the classpath; add it, or set "
                            + "wecom.transport=auto (or jdk) to use the JDK's HTTP client");
                }
                yield true;
            }
        };
        String setting = "wecom.transport=" + p.getTransport().name().toLowerCase(java.util.Locale.ROOT);
        if (!httpclient5) {
            log.info("WeCom calls go through the JDK's HTTP client ({})", setting);
            return JdkHttpTransport::new;
        }
        int connections = max == null ? Httpclient5.DEFAULT_MAX_CONNECTIONS : max;
        log.info("WeCom calls go through wecom4j-httpclient5 (Apache HttpCore 5), {} connections per host ({})", connections, setting);
        return Httpclient5.factory(connections);
    }

    /** The only place that names wecom4j-httpclient5's classes. */
    private static final class Httpclient5 {
        // A compile-time constant: inlined here, so reading it loads nothing.
        static final int DEFAULT_MAX_CONNECTIONS = ApacheHttpTransport.DEFAULT_MAX_CONNECTIONS;

        static HttpTransport.Factory factory(int maxConnections) {
            return ApacheHttpTransport.withMaxConnections(maxConnections);
        }
    }
}
