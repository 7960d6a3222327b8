package io.jobscale.dashboard;

import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * Double-submit CSRF protection for the dashboard's destructive actions: the page gets a random token in a
 * SameSite=Strict cookie, and every POST/DELETE must echo it in the {@code X-CSRF-Token} header, which a page on
 * another site can neither read nor send.
 */
final class Csrf {

    static final String COOKIE = "jobscale_csrf";
    static final String HEADER = "X-CSRF-Token";
    private static final SecureRandom RANDOM = new SecureRandom();

    private Csrf() {
    }

    /** Sets the cookie when the browser has none (called when the dashboard page is served). */
    static void issue(Context ctx) {
        if (ctx.cookie(COOKIE) != null) return;
        byte[] token = new byte[24];
        RANDOM.nextBytes(token);
        Cookie cookie = new Cookie(COOKIE, Base64.getUrlEncoder().withoutPadding().encodeToString(token));
        cookie.setPath("/");
        cookie.setSameSite(SameSite.STRICT);
        ctx.cookie(cookie);
    }

    /** True when the request may proceed; otherwise answers 403. */
    static boolean check(Context ctx) {
        String cookie = ctx.cookie(COOKIE);
        String header = ctx.header(HEADER);
        if (cookie != null && header != null
                && MessageDigest.isEqual(cookie.getBytes(StandardCharsets.UTF_8),
                        header.getBytes(StandardCharsets.UTF_8))) {
            return true;
        }
        ctx.status(403).json(Map.of("error", "missing or wrong CSRF token: reload the dashboard"));
        return false;
    }
}
