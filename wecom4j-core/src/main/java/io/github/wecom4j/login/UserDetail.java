package io.github.wecom4j.login;

/**
 * A member's sensitive fields, read with a {@code user_ticket} ({@code POST /cgi-bin/auth/getuserdetail},
 * doc 95833 / 96443). Without the member's consent and the admin enabling them WeCom returns
 * empty values (and {@code gender} "0").
 *
 * @param gender "0" undefined, "1" male, "2" female (WeCom sends a string)
 */
public record UserDetail(String userId, String gender, String avatar, String qrCode, String mobile, String email,
                         String bizMail, String address) {
}
