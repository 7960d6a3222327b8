package io.jobscale.web;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.HttpStatus;
import io.javalin.http.SameSite;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The browser sign-in: a form at {@code /signin} that sets the session cookie, {@code /signout}, and
 * {@code /api/session} telling the page who is signed in (so it can hide what a viewer may not do).
 */
final class SignInRoutes implements WebRoutes {

    static final String SIGN_IN = "/signin";
    static final String SIGN_OUT = "/signout";
    static final String COOKIE = "jobscale_session";
    private static final String AFTER_SIGN_IN = "/dashboard";
    private static final String PAGE = "/io/jobscale/web/signin.html";

    private final SignInSettings settings;
    private final Sessions sessions;
    private final String page;

    SignInRoutes(SignInSettings settings, Sessions sessions) {
        this.settings = settings;
        this.sessions = sessions;
        this.page = resource(PAGE);
    }

    @Override
    public void addTo(JavalinConfig config) {
        config.routes.get(SIGN_IN, ctx -> {
            if (settings.enabled()) render(ctx, 200, "");
            else ctx.redirect(AFTER_SIGN_IN, HttpStatus.SEE_OTHER);
        });
        config.routes.post(SIGN_IN, this::signIn);
        config.routes.post(SIGN_OUT, this::signOut);
        config.routes.get("/api/session", ctx -> {
            Principal principal = Principal.of(ctx);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("user", principal.name());
            body.put("role", principal.role().name().toLowerCase(java.util.Locale.ROOT));
            body.put("signedIn", principal.session());
            body.put("signInEnabled", settings.enabled());
            ctx.json(body);
        });
    }

    private void signIn(Context ctx) {
        if (!settings.enabled()) {
            ctx.status(404).json(Map.of("error", "sign-in is not configured"));
            return;
        }
        // Login CSRF: another site must not sign a browser in to an account of its choosing.
        if (!SameOrigin.check(ctx)) {
            render(ctx, 403, "This form must be sent from this server's own sign-in page.");
            return;
        }
        String username = Optional.ofNullable(ctx.formParam("username")).orElse("");
        Optional<Role> role = settings.roleOf(username, Optional.ofNullable(ctx.formParam("password")).orElse(""));
        if (role.isEmpty()) {
            render(ctx, 401, "Wrong username or password.");
            return;
        }
        ctx.cookie(cookie(ctx, sessions.start(username, role.get()), (int) sessions.timeout().toSeconds()));
        ctx.redirect(AFTER_SIGN_IN, HttpStatus.SEE_OTHER);
    }

    private void signOut(Context ctx) {
        sessions.end(ctx.cookie(COOKIE));
        ctx.cookie(cookie(ctx, "", 0));
        ctx.redirect(SIGN_IN, HttpStatus.SEE_OTHER);
    }

    /** HttpOnly (no script reads it), SameSite=Strict (no other site sends it), Secure when the browser used TLS. */
    private static Cookie cookie(Context ctx, String value, int maxAgeSeconds) {
        Cookie cookie = new Cookie(COOKIE, value);
        cookie.setPath("/");
        cookie.setMaxAge(maxAgeSeconds);
        cookie.setHttpOnly(true);
        cookie.setSameSite(SameSite.STRICT);
        cookie.setSecure("https".equalsIgnoreCase(ctx.scheme())
                || "https".equalsIgnoreCase(ctx.header("X-Forwarded-Proto")));
        return cookie;
    }

    private void render(Context ctx, int status, String error) {
        String message = error.isEmpty() ? "" : "<p class=\"error\" role=\"alert\">" + error + "</p>";
        ctx.status(status).contentType("text/html; charset=utf-8").result(page.replace("{{error}}", message));
    }

    private static String resource(String path) {
        try (InputStream in = SignInRoutes.class.getResourceAsStream(path)) {
            if (in == null) throw new IllegalStateException("missing resource " + path);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
