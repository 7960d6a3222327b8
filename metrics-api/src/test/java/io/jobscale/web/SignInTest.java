package io.jobscale.web;

import io.jobscale.db.testing.MutableClock;
import io.jobscale.settings.InvalidSettingException;
import io.jobscale.settings.Settings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Browser sign-in: the cookie's attributes, the two roles, CSRF checks, expiry and sign-out, next to machine
 * credentials.
 */
class SignInTest {

    private static final WebRoutes ROUTES = config -> {
        config.routes.get("/dashboard", ctx -> ctx.result("page"));
        config.routes.get("/api/things", ctx -> ctx.json(Map.of("read", true)));
        config.routes.post("/api/things", ctx -> ctx.json(Map.of("changed", true)));
        config.routes.get("/api/metrics/workers", ctx -> ctx.json(Map.of("workers", 0)));
    };
    /** A question too long for a URL: a POST that changes nothing. */
    private static final WebRoutes QUESTION = new WebRoutes() {
        @Override
        public void addTo(io.javalin.config.JavalinConfig config) {
            config.routes.post("/api/question", ctx -> ctx.json(Map.of("answer", 42)));
        }

        @Override
        public java.util.Set<String> readOnlyPosts() {
            return java.util.Set.of("/api/question");
        }
    };
    private static final Map<String, String> ACCOUNTS = Map.of("JOBSCALE_DASHBOARD_VIEWER_PASSWORD", "look",
            "JOBSCALE_DASHBOARD_OPERATOR_USERNAME", "ops", "JOBSCALE_DASHBOARD_OPERATOR_PASSWORD", "act",
            "JOBSCALE_DASHBOARD_SESSION_TIMEOUT", "PT30M");

    private final HttpClient http = HttpClient.newHttpClient();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private WebServer server;

    @AfterEach
    void stop() {
        if (server != null) server.stop();
    }

    @Test
    void eachRoleSignsInWithAHardenedCookieAndOnlyTheOperatorChangesThings() throws Exception {
        start(Map.of("JOBSCALE_AUTH_MODE", "bearer", "JOBSCALE_AUTH_TOKEN", "t0ken"));
        HttpResponse<String> page = send("GET", "/dashboard", null, Map.of());
        assertThat(page.statusCode()).isEqualTo(303);
        assertThat(page.headers().firstValue("Location")).hasValue("/signin");
        assertThat(send("GET", "/signin", null, Map.of()).body()).contains("<label for=\"password\">");
        assertThat(send("GET", "/api/things", null, Map.of()).statusCode()).isEqualTo(401);

        HttpResponse<String> viewerSignIn = signIn("viewer", "look", Map.of());
        assertThat(viewerSignIn.statusCode()).isEqualTo(303);
        String setCookie = viewerSignIn.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(setCookie).startsWith("jobscale_session=").contains("HttpOnly")
                .containsIgnoringCase("SameSite=Strict").contains("Max-Age=1800").doesNotContain("Secure");
        String viewer = cookie(viewerSignIn);
        assertThat(send("GET", "/dashboard", viewer, Map.of()).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/api/things", viewer, Map.of()).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/api/session", viewer, Map.of()).body())
                .contains("\"role\":\"viewer\"").contains("\"signedIn\":true");
        assertThat(send("POST", "/api/things", viewer, sameOrigin()).statusCode()).isEqualTo(403);

        String operator = cookie(signIn("ops", "act", Map.of()));
        assertThat(send("GET", "/api/session", operator, Map.of()).body()).contains("\"role\":\"operator\"");
        assertThat(send("POST", "/api/things", operator, sameOrigin()).statusCode()).isEqualTo(200);
        assertThat(send("POST", "/api/things", operator, Map.of()).statusCode()).as("no Origin").isEqualTo(403);
        assertThat(send("POST", "/api/things", operator, Map.of("Origin", "https://evil.example")).statusCode())
                .isEqualTo(403);
        assertThat(send("POST", "/api/things", operator, Map.of("Referer", base() + "/dashboard")).statusCode())
                .isEqualTo(200);

        // The machine credential keeps working, without a session and without Origin.
        assertThat(send("POST", "/api/things", null, Map.of("Authorization", "Bearer t0ken")).statusCode())
                .isEqualTo(200);
    }

    @Test
    void aViewerMayAskAReadOnlyPostButOnlyFromThisServer() throws Exception {
        start(Map.of("JOBSCALE_AUTH_MODE", "bearer", "JOBSCALE_AUTH_TOKEN", "t0ken"));
        String viewer = cookie(signIn("viewer", "look", Map.of()));
        assertThat(send("POST", "/api/question", viewer, sameOrigin()).statusCode()).isEqualTo(200);
        assertThat(send("POST", "/api/question", viewer, Map.of("Origin", "https://evil.example")).statusCode())
                .isEqualTo(403);
        assertThat(send("POST", "/api/things", viewer, sameOrigin()).statusCode()).isEqualTo(403);
        assertThat(send("POST", "/api/question", null, Map.of()).statusCode()).as("no credential").isEqualTo(401);
    }

    @Test
    void wrongPasswordsAndForeignFormsAreRefused() throws Exception {
        start(Map.of());
        assertThat(signIn("viewer", "wrong", Map.of()).statusCode()).isEqualTo(401);
        assertThat(signIn("ops", "look", Map.of()).statusCode()).as("the viewer's password for the operator")
                .isEqualTo(401);
        assertThat(signIn("", "", Map.of()).statusCode()).isEqualTo(401);
        HttpResponse<String> foreign = send("POST", "/signin", null,
                Map.of("Origin", "https://evil.example", "Content-Type", "application/x-www-form-urlencoded"),
                form("viewer", "look"));
        assertThat(foreign.statusCode()).isEqualTo(403);
        assertThat(foreign.headers().firstValue("Set-Cookie")).isEmpty();
    }

    @Test
    void cookieIsSecureBehindTls() throws Exception {
        start(Map.of());
        assertThat(signIn("viewer", "look", Map.of("X-Forwarded-Proto", "https")).headers()
                .firstValue("Set-Cookie").orElseThrow())
                .contains("Secure");
    }

    @Test
    void sessionsExpireAndSignOutEndsThem() throws Exception {
        start(Map.of());
        String first = cookie(signIn("viewer", "look", Map.of()));
        clock.advance(Duration.ofMinutes(29));
        assertThat(send("GET", "/api/things", first, Map.of()).statusCode()).isEqualTo(200);
        clock.advance(Duration.ofMinutes(1));
        assertThat(send("GET", "/api/things", first, Map.of()).statusCode()).isEqualTo(401);

        String second = cookie(signIn("viewer", "look", Map.of()));
        HttpResponse<String> signOut = send("POST", "/signout", second, sameOrigin());
        assertThat(signOut.statusCode()).isEqualTo(303);
        assertThat(signOut.headers().firstValue("Set-Cookie").orElseThrow()).contains("Expires=Thu, 01 Jan 1970");
        assertThat(send("GET", "/api/things", second, Map.of()).statusCode()).isEqualTo(401);
    }

    @Test
    void signInAloneLeavesTheMetricsEndpointsOpen() throws Exception {
        start(Map.of());
        assertThat(send("GET", "/api/metrics/workers", null, Map.of()).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/api/things", null, Map.of()).statusCode()).isEqualTo(401);
        assertThat(send("GET", "/health", null, Map.of()).statusCode()).isEqualTo(200);
    }

    @Test
    void withoutPasswordsNothingChanges() throws Exception {
        server = WebServer.start(0, WebAuthSettings.NONE, List.of(ROUTES), clock);
        assertThat(send("POST", "/api/things", null, Map.of()).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/api/session", null, Map.of()).body())
                .contains("\"role\":\"operator\"").contains("\"signInEnabled\":false");
    }

    @Test
    void oneNameForBothAccountsIsAConfigError() {
        assertThatThrownBy(() -> SignInSettings.from(Settings.of(Map.of("JOBSCALE_DASHBOARD_VIEWER_PASSWORD", "a",
                "JOBSCALE_DASHBOARD_OPERATOR_PASSWORD", "b", "JOBSCALE_DASHBOARD_OPERATOR_USERNAME", "viewer"))))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("JOBSCALE_DASHBOARD_VIEWER_USERNAME");
        assertThatThrownBy(() -> SignInSettings.from(
                Settings.of(Map.of("JOBSCALE_DASHBOARD_SESSION_TIMEOUT", "forever"))))
                .hasMessageContaining("JOBSCALE_DASHBOARD_SESSION_TIMEOUT");
    }

    private void start(Map<String, String> machineAuth) {
        Map<String, String> env = new HashMap<>(ACCOUNTS);
        env.putAll(machineAuth);
        server = WebServer.start(0, WebAuthSettings.from(Settings.of(env)), List.of(ROUTES, QUESTION), clock);
    }

    private HttpResponse<String> signIn(String username, String password, Map<String, String> headers)
            throws Exception {
        Map<String, String> all = new HashMap<>(sameOrigin());
        all.put("Content-Type", "application/x-www-form-urlencoded");
        all.putAll(headers);
        return send("POST", "/signin", null, all, form(username, password));
    }

    private static String form(String username, String password) {
        return "username=" + URLEncoder.encode(username, StandardCharsets.UTF_8)
                + "&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8);
    }

    private HttpResponse<String> send(String method, String path, String session, Map<String, String> headers)
            throws Exception {
        return send(method, path, session, headers, "");
    }

    private HttpResponse<String> send(String method, String path, String session, Map<String, String> headers,
                                      String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base() + path))
                .method(method, body.isEmpty()
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (session != null) request.header("Cookie", session);
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private Map<String, String> sameOrigin() {
        return Map.of("Origin", base());
    }

    private String base() {
        return "http://127.0.0.1:" + server.port();
    }

    private static String cookie(HttpResponse<String> signIn) {
        assertThat(signIn.statusCode()).isEqualTo(303);
        return signIn.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
    }
}
