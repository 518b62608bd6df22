package io.github.wecom4j.login;

import java.util.Objects;
import java.util.Optional;

/**
 * Who a login {@code code} belongs to ({@code GET /cgi-bin/auth/getuserinfo}, doc 91023 / 98177).
 *
 * <p>WeCom answers with {@code userid} for a member of the corp and with {@code openid} for anyone
 * else; the two ids live in different namespaces, so mixing them up would let an outsider's openid
 * be looked up as a member's userid. A sealed type with no common id accessor makes callers
 * decide explicitly (and, from Java 21, lets a pattern {@code switch} check that both are handled):
 * <pre>{@code
 * LoginIdentity who = app.login().identity(code);
 * if (who instanceof LoginIdentity.Member m) {
 *     session.login(m.userId());
 * } else {
 *     refuse("not a member of the corp");
 * }
 * }</pre>
 */
public sealed interface LoginIdentity permits LoginIdentity.Member, LoginIdentity.NonMember {

    /**
     * A member of the corp.
     *
     * @param userId     the member's userid ({@code CorpId/userid} for linked corps)
     * @param userTicket present only for scope {@code snsapi_privateinfo} when the member is in the
     *                   app's visible range; valid 1800 s; never printed by {@link #toString()}
     */
    record Member(String userId, String userTicket) implements LoginIdentity {
        public Member {
            Objects.requireNonNull(userId, "userId");
            userTicket = userTicket == null || userTicket.isEmpty() ? null : userTicket;
        }

        public Optional<String> ticket() {
            return Optional.ofNullable(userTicket);
        }

        @Override
        public String toString() {
            return "Member[userId=" + userId + ", userTicket=" + (userTicket == null ? "none" : "***") + "]";
        }
    }

    /**
     * Someone who is not a member (e.g. a WeChat user or a customer).
     *
     * @param openId         unique within the corp, not a userid
     * @param externalUserId only when the person is a customer of the corp (may be null)
     */
    record NonMember(String openId, String externalUserId) implements LoginIdentity {
        public NonMember {
            Objects.requireNonNull(openId, "openId");
            externalUserId = externalUserId == null || externalUserId.isEmpty() ? null : externalUserId;
        }
    }
}
