package io.github.wecom4j.error;

import java.util.Objects;

/**
 * WeCom answered with a non-zero {@code errcode}, or a call could not be completed.
 *
 * <p>WeCom's rule (doc 90313): success is {@code errcode == 0}; judge by the code only, the
 * {@code errmsg} text may change. So callers branch on {@link #errcode()}; {@link #hint()} is our
 * short advice for a human, taken from {@link WeComErrorCodes}.
 *
 * <p>The message never contains a secret or an access token: {@link #path()} is the API path
 * without its query string.
 */
public class WeComException extends RuntimeException {

    /** Our own code for a call that never got a WeCom answer (network failure, bad response). */
    public static final int TRANSPORT_FAILURE = -2;

    private final int errcode;
    private final String errmsg;
    private final String hint;
    private final String path;

    public WeComException(int errcode, String errmsg, String path) {
        this(errcode, errmsg, path, null);
    }

    public WeComException(int errcode, String errmsg, String path, Throwable cause) {
        this(errcode, errmsg, WeComErrorCodes.hint(errcode), path, cause);
    }

    protected WeComException(int errcode, String errmsg, String hint, String path, Throwable cause) {
        super(format(errcode, errmsg, hint, path), cause);
        this.errcode = errcode;
        this.errmsg = Objects.requireNonNullElse(errmsg, "");
        this.hint = hint;
        this.path = path;
    }

    private static String format(int errcode, String errmsg, String hint, String path) {
        StringBuilder sb = new StringBuilder("WeCom errcode ").append(errcode);
        if (path != null) {
            sb.append(" on ").append(path);
        }
        if (errmsg != null && !errmsg.isEmpty()) {
            sb.append(": ").append(errmsg);
        }
        sb.append(" (hint: ").append(hint).append(')');
        return sb.toString();
    }

    /** WeCom's {@code errcode}, or {@link #TRANSPORT_FAILURE} when WeCom never answered. */
    public int errcode() {
        return errcode;
    }

    /** WeCom's {@code errmsg} as received (may be empty). */
    public String errmsg() {
        return errmsg;
    }

    /** Our one-line advice for this code (English, then Chinese). */
    public String hint() {
        return hint;
    }

    /** The API path that failed, without query string (so without any token); may be null. */
    public String path() {
        return path;
    }

    /** True for {@code -1}, which WeCom documents as "system busy, retry later". */
    public boolean isSystemBusy() {
        return errcode == -1;
    }

    /**
     * Whether WeCom may have carried out the request although no answer says so: a failure after
     * the request may have left (a read timeout, a connection reset, a gateway error, an answer we
     * could not read). False when WeCom answered with an errcode (an error answer means the request
     * was refused) or when the connection was never made. A caller that repeats such a request may
     * do the work twice (a message delivered twice), so it must repeat it only where WeCom absorbs
     * the repeat (message/send with its duplicate check, inside the interval).
     */
    public boolean mayHaveBeenProcessed() {
        if (errcode != TRANSPORT_FAILURE) {
            return false;
        }
        for (Throwable c = getCause(); c != null; c = c.getCause()) {
            if (c instanceof java.net.ConnectException || c instanceof java.net.http.HttpConnectTimeoutException
                    || c instanceof java.net.UnknownHostException) {
                return false;
            }
        }
        return true;
    }
}
