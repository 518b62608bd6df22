package io.github.wecom4j.emulator.login;

import io.github.wecom4j.emulator.ApiError;
import io.github.wecom4j.emulator.VirtualClock;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The emulator's login codes and member tickets, with WeCom's rules (doc 91023, 95833):
 * a code is single-use, dies 5 minutes after it was issued (on the {@link VirtualClock}) and only
 * the app it was issued for may exchange it; a {@code user_ticket} lives 1800 s.
 */
public final class LoginCodes {

    public static final Duration CODE_LIFETIME = Duration.ofMinutes(5);
    public static final Duration TICKET_LIFETIME = Duration.ofSeconds(1800);

    /**
     * What a code stands for.
     *
     * @param agentId      the app whose page issued the code; 0 when a snsapi_base URL named no
     *                     agentid (doc 91022 requires it only for snsapi_privateinfo), so any app
     *                     of the corp may exchange it
     * @param userId       the member who logged in, or null for a non-member
     * @param openId       the non-member's openid, or null for a member
     * @param privateInfo  scope {@code snsapi_privateinfo}: the exchange also yields a user_ticket
     */
    public record Grant(int agentId, String userId, String openId, boolean privateInfo) {
        public Grant {
            if ((userId == null) == (openId == null)) {
                throw new IllegalArgumentException("a grant is for a member or a non-member");
            }
        }
    }

    private record Issued(Grant grant, Instant expiresAt) {
    }

    private record Ticket(int agentId, String userId, Instant expiresAt) {
    }

    private final VirtualClock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Issued> codes = new ConcurrentHashMap<>();
    private final Map<String, Ticket> tickets = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicInteger issuedSincePrune = new java.util.concurrent.atomic.AtomicInteger();

    public LoginCodes(VirtualClock clock) {
        this.clock = Objects.requireNonNull(clock);
    }

    /** A fresh code for the grant (different every time, as WeCom's are). */
    public String issue(Grant grant) {
        forgetExpiredNowAndThen();
        String code = randomToken();
        codes.put(code, new Issued(grant, clock.instant().plus(CODE_LIFETIME)));
        return code;
    }

    /**
     * Codes never exchanged and tickets never used stay in memory until pruned: every 256 issues the
     * expired ones go, so a long-running standalone emulator does not grow with every page visit.
     */
    private void forgetExpiredNowAndThen() {
        if (issuedSincePrune.incrementAndGet() % 256 != 0) {
            return;
        }
        Instant now = clock.instant();
        codes.values().removeIf(i -> now.isAfter(i.expiresAt()));
        tickets.values().removeIf(t -> now.isAfter(t.expiresAt()));
    }

    /** Codes (exchanged or not) still held: for tests of the pruning. */
    public int held() {
        return codes.size() + tickets.size();
    }

    /**
     * Exchanges a code for its grant, for the app whose token made the call. An unknown, used or
     * expired code is 40029 ("invalid code"); a code of another app is refused too and stays
     * usable by its own app.
     */
    public Grant redeem(String code, int callerAgentId) {
        Issued issued = codes.get(code);
        if (issued == null) {
            throw new ApiError(40029, "invalid code");
        }
        if (callerAgentId == 0 || issued.grant().agentId() != 0 && issued.grant().agentId() != callerAgentId) {
            throw new ApiError(40029, "invalid code: it was issued for another app (agentid)");
        }
        if (!codes.remove(code, issued)) {
            throw new ApiError(40029, "invalid code");
        }
        if (clock.instant().isAfter(issued.expiresAt())) {
            throw new ApiError(40029, "invalid code: expired");
        }
        return issued.grant();
    }

    /** A user_ticket for a member who consented to snsapi_privateinfo. */
    public String ticketFor(int agentId, String userId) {
        String ticket = randomToken();
        tickets.put(ticket, new Ticket(agentId, userId, clock.instant().plus(TICKET_LIFETIME)));
        return ticket;
    }

    /** The member a ticket stands for: 84015 if unknown or another app's, 84014 if expired. */
    public String memberOf(String ticket, int callerAgentId) {
        Ticket t = ticket == null ? null : tickets.get(ticket);
        if (t == null || t.agentId() != callerAgentId) {
            throw new ApiError(84015, "invalid user_ticket");
        }
        if (clock.instant().isAfter(t.expiresAt())) {
            throw new ApiError(84014, "user_ticket expired");
        }
        return t.userId();
    }

    /** Codes issued and not yet exchanged (expired ones included). */
    public int outstandingCodes() {
        return codes.size();
    }

    public void reset() {
        codes.clear();
        tickets.clear();
    }

    private String randomToken() {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
