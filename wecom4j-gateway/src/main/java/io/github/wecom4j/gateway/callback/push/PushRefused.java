package io.github.wecom4j.gateway.callback.push;

/** A subscription or card request the gateway refuses: answered 400 (or 404, 409) with {errcode, errmsg, hint}. */
public final class PushRefused extends RuntimeException {

    /** WeCom's "invalid parameter" code, used for every malformed field here, as the rest of the gateway does. */
    static final int INVALID = 40035;

    private final int status;
    private final int errcode;
    private final String hint;

    PushRefused(int status, int errcode, String errmsg, String hint) {
        super(errmsg, null, false, false);
        this.status = status;
        this.errcode = errcode;
        this.hint = hint;
    }

    static PushRefused invalid(String errmsg, String hint) {
        return new PushRefused(400, INVALID, errmsg, hint);
    }

    /**
     * A request that contradicts what is already stored (409), with WeCom's 40058 ("invalid
     * parameter" for a body field), as the message API answers its other refusals.
     */
    static PushRefused conflict(String errmsg, String hint) {
        return new PushRefused(409, 40058, errmsg, hint);
    }

    static PushRefused notFound(String errmsg, String hint) {
        return new PushRefused(404, 404, errmsg, hint);
    }

    /**
     * The same refusal about one part of a larger request ({@code where}, e.g. "messages[3]: " of
     * a batch of messages), so the caller knows which part to fix.
     */
    public PushRefused at(String where) {
        return new PushRefused(status, errcode, where + getMessage(), where + hint);
    }

    public int status() {
        return status;
    }

    public int errcode() {
        return errcode;
    }

    public String hint() {
        return hint;
    }
}
