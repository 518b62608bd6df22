package io.github.wecom4j.error;

/**
 * A request was refused by the SDK before it was sent, because WeCom would refuse it too.
 *
 * <p>The {@link #errcode()} is the code WeCom documents for that mistake, so a caller handles a
 * local refusal and a remote one the same way; the hint says exactly what to fix.
 */
public class WeComValidationException extends WeComException {

    public WeComValidationException(int errcode, String problem) {
        super(errcode, problem, problem + " / " + WeComErrorCodes.hint(errcode), null, null);
    }
}
