package io.jobscale.web;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Signed-in browsers, held in this process's memory: a random token (the cookie's value) per session, which expires
 * a fixed time after sign-in and ends at sign-out. A restart signs everyone out.
 */
public final class Sessions {

    /** Who is signed in, with which role, until when. */
    public record Session(String username, Role role, Instant expiresAt) {
    }

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int TOKEN_BYTES = 32;

    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Duration timeout;
    private final Clock clock;

    public Sessions(Duration timeout, Clock clock) {
        this.timeout = timeout;
        this.clock = clock;
    }

    /** Starts a session and returns its token. */
    String start(String username, Role role) {
        Instant now = clock.instant();
        sessions.values().removeIf(s -> !now.isBefore(s.expiresAt()));
        byte[] bytes = new byte[TOKEN_BYTES];
        RANDOM.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        sessions.put(token, new Session(username, role, now.plus(timeout)));
        return token;
    }

    /** The live session of this token; an expired one is forgotten. */
    Optional<Session> find(String token) {
        if (token == null) return Optional.empty();
        Session session = sessions.get(token);
        if (session == null) return Optional.empty();
        if (!clock.instant().isBefore(session.expiresAt())) {
            sessions.remove(token);
            return Optional.empty();
        }
        return Optional.of(session);
    }

    void end(String token) {
        if (token != null) sessions.remove(token);
    }

    Duration timeout() {
        return timeout;
    }
}
