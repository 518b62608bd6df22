package io.github.wecom4j.emulator.corp;

import java.time.LocalDate;
import java.util.List;

/**
 * The contacts-sync assistant (通讯录同步) of the corp: its event server (a corp-level URL, Token and
 * EncodingAESKey, doc 90967) and the rules of 2022-08-15 (doc 96255, 96302):
 * <ul>
 *   <li>an event server configured on or after {@link #MINIMAL_EVENTS_FROM} gets member events with
 *       only UserID and Department;</li>
 *   <li>the contacts-sync secret called from an IP it had not used before that day may only read
 *       {@code user/list_id} and {@code department/simplelist} (48009 otherwise).</li>
 * </ul>
 *
 * @param knownIps IPs the assistant used before 2022-08-15 (full read access); null = every IP
 */
public record EmulatedContactsSync(String callbackUrl, String callbackToken, String encodingAesKey,
                                   LocalDate callbackConfiguredOn, List<String> knownIps) {

    public static final LocalDate MINIMAL_EVENTS_FROM = LocalDate.of(2022, 8, 15);

    public EmulatedContactsSync {
        knownIps = knownIps == null ? null : List.copyOf(knownIps);
        callbackConfiguredOn = callbackConfiguredOn == null ? LocalDate.now() : callbackConfiguredOn;
    }

    /** No event server, every IP known. */
    public static EmulatedContactsSync none() {
        return new EmulatedContactsSync(null, null, null, null, null);
    }

    public boolean minimalMemberEvents() {
        return !callbackConfiguredOn.isBefore(MINIMAL_EVENTS_FROM);
    }

    public boolean knownIp(String ip) {
        return knownIps == null || knownIps.contains(ip);
    }

    public EmulatedContactsSync withCallback(String url, String token, String aesKey, LocalDate configuredOn) {
        return new EmulatedContactsSync(url, token, aesKey, configuredOn, knownIps);
    }

    public EmulatedContactsSync withKnownIps(List<String> ips) {
        return new EmulatedContactsSync(callbackUrl, callbackToken, encodingAesKey, callbackConfiguredOn, ips);
    }
}
