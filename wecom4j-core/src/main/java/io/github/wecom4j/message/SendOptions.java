package io.github.wecom4j.message;

import java.time.Duration;

/**
 * The optional flags of {@code message/send} (doc 90236).
 *
 * @param safe                   0 shareable, 1 not shareable with a watermark, 2 shareable inside the
 *                               corp only (mpnews only)
 * @param enableIdTrans          translate userids/department ids into names in supported fields
 * @param enableDuplicateCheck   WeCom drops an identical request within the interval; the outbox
 *                               relies on this to make a resend after a crash harmless
 * @param duplicateCheckInterval 1 s to 4 h, default 1800 s
 */
public record SendOptions(int safe, boolean enableIdTrans, boolean enableDuplicateCheck, Duration duplicateCheckInterval) {

    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1800);
    public static final Duration MAX_INTERVAL = Duration.ofHours(4);
    public static final SendOptions DEFAULT = new SendOptions(0, false, false, DEFAULT_INTERVAL);

    public SendOptions {
        duplicateCheckInterval = duplicateCheckInterval == null ? DEFAULT_INTERVAL : duplicateCheckInterval;
    }

    public SendOptions safe(int safe) {
        return new SendOptions(safe, enableIdTrans, enableDuplicateCheck, duplicateCheckInterval);
    }

    public SendOptions idTrans(boolean on) {
        return new SendOptions(safe, on, enableDuplicateCheck, duplicateCheckInterval);
    }

    public SendOptions duplicateCheck(Duration interval) {
        return new SendOptions(safe, enableIdTrans, true, interval);
    }

    public SendOptions noDuplicateCheck() {
        return new SendOptions(safe, enableIdTrans, false, duplicateCheckInterval);
    }

    void validateFor(Message message) {
        if (safe < 0 || safe > 2) {
            Check.fail("safe must be 0, 1 or 2 (got " + safe + ")");
        }
        if (safe == 2 && !(message instanceof MpNewsMessage)) {
            Check.fail("safe=2 (inside the corp only) is supported by mpnews only, not " + message.msgtype());
        }
        long s = duplicateCheckInterval.toSeconds();
        if (enableDuplicateCheck && (s < 1 || duplicateCheckInterval.compareTo(MAX_INTERVAL) > 0)) {
            Check.fail("duplicate_check_interval must be 1-" + MAX_INTERVAL.toSeconds() + " seconds (got " + s + ")");
        }
    }
}
