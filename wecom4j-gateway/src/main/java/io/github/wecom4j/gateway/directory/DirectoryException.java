package io.github.wecom4j.gateway.directory;

/** A directory API refusal with its HTTP status and the gateway's error body. */
final class DirectoryException extends RuntimeException {

    private final int status;
    private final int errcode;
    private final String hint;

    DirectoryException(int status, int errcode, String errmsg, String hint) {
        super(errmsg, null, false, false);
        this.status = status;
        this.errcode = errcode;
        this.hint = hint;
    }

    int status() {
        return status;
    }

    int errcode() {
        return errcode;
    }

    String hint() {
        return hint;
    }

    static DirectoryException notLoaded() {
        return new DirectoryException(503, -1, "the directory mirror is not loaded yet",
                "the first load runs in the background after start; POST /api/directory/reconcile loads it now"
                        + " / 通讯录镜像尚未加载完成");
    }
}
