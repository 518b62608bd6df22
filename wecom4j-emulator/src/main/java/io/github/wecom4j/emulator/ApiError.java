package io.github.wecom4j.emulator;

/** Thrown by an API handler to answer with WeCom's error JSON. */
public final class ApiError extends RuntimeException {

    private final int errcode;

    public ApiError(int errcode, String errmsg) {
        super(errmsg, null, false, false);
        this.errcode = errcode;
    }

    public int errcode() {
        return errcode;
    }

    public String errmsg() {
        return getMessage();
    }
}
