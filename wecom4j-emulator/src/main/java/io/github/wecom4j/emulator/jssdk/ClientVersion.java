package io.github.wecom4j.emulator.jssdk;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The WeCom client version a page runs in, read from its user agent ({@code ... wxwork/4.1.36 ...}),
 * as pages and Tencent's {@code @wecom/jssdk} read it. Versions compare segment by segment as
 * numbers, a missing segment counting as 0 (so {@code 3.0} equals {@code 3.0.0}).
 *
 * <p>The versions the JS-SDK rules name (doc 94313, wx.agentConfig):
 * <ul>
 *   <li>{@link #AGENT_CONFIG}: agentConfig exists from 2.5.0;</li>
 *   <li>{@link #AGENT_CONFIG_ALONE}: from 3.0.24 agentConfig may run without a prior successful
 *   wx.config; before, wx.config must succeed first.</li>
 * </ul>
 */
public record ClientVersion(String text) implements Comparable<ClientVersion> {

    public static final ClientVersion AGENT_CONFIG = new ClientVersion("2.5.0");
    public static final ClientVersion AGENT_CONFIG_ALONE = new ClientVersion("3.0.24");

    /** Same shape as the SDK's test, bounded so a silly user agent cannot make a silly version. */
    private static final Pattern WXWORK = Pattern.compile("(?i)wxwork/([0-9][0-9.]{0,31})");

    public ClientVersion {
        if (text == null || !text.matches("[0-9][0-9.]{0,31}")) {
            throw new IllegalArgumentException("a WeCom version is digits and dots, e.g. 4.1.36");
        }
    }

    /** The version in a user agent; empty when it is not the WeCom client's. */
    public static Optional<ClientVersion> fromUserAgent(String userAgent) {
        if (userAgent == null) {
            return Optional.empty();
        }
        Matcher m = WXWORK.matcher(userAgent.length() > 1024 ? userAgent.substring(0, 1024) : userAgent);
        return m.find() ? Optional.of(new ClientVersion(m.group(1))) : Optional.empty();
    }

    public boolean before(ClientVersion other) {
        return compareTo(other) < 0;
    }

    @Override
    public int compareTo(ClientVersion o) {
        String[] a = text.split("\\.");
        String[] b = o.text.split("\\.");
        for (int i = 0; i < Math.max(a.length, b.length); i++) {
            int c = Long.compare(segment(a, i), segment(b, i));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    private static long segment(String[] parts, int i) {
        if (i >= parts.length || parts[i].isEmpty()) {
            return 0;
        }
        String digits = parts[i].length() > 9 ? parts[i].substring(0, 9) : parts[i];
        return Long.parseLong(digits);
    }

    @Override
    public String toString() {
        return text;
    }
}
