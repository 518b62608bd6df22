package io.github.wecom4j.gateway.message;

import java.security.SecureRandom;
import java.util.UUID;

/**
 * Random (version 4) UUIDs for accepted messages, without {@link UUID#randomUUID()}'s one
 * JVM-wide lock (NativePRNG reads /dev/urandom through one shared, synchronized stream): under
 * load every intake thread queued on it (a JFR profile showed seconds of monitor waits per run).
 * One DRBG per thread instead (NIST SP 800-90A, seeded by the platform once), so ids stay
 * unguessable and no thread waits for another.
 */
final class MessageIds {

    private static final ThreadLocal<SecureRandom> RANDOM = ThreadLocal.withInitial(MessageIds::drbg);

    private MessageIds() {
    }

    private static SecureRandom drbg() {
        try {
            return SecureRandom.getInstance("DRBG");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no DRBG (JDK 9+ always has)", e);
        }
    }

    static String next() {
        byte[] b = new byte[16];
        RANDOM.get().nextBytes(b);
        b[6] = (byte) ((b[6] & 0x0f) | 0x40);
        b[8] = (byte) ((b[8] & 0x3f) | 0x80);
        long msb = 0;
        long lsb = 0;
        for (int i = 0; i < 8; i++) {
            msb = (msb << 8) | (b[i] & 0xff);
            lsb = (lsb << 8) | (b[i + 8] & 0xff);
        }
        return new UUID(msb, lsb).toString();
    }
}
