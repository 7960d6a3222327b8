package io.jobscale.web;

import io.jobscale.settings.InvalidSettingException;
import io.jobscale.settings.Settings;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Browser sign-in to the dashboard, off unless a password is set. Two accounts, one per {@link Role}; either may be
 * left out.
 *
 * @param viewerUsername   {@code JOBSCALE_DASHBOARD_VIEWER_USERNAME}, default {@value #DEFAULT_VIEWER_USERNAME}
 * @param viewerPassword   {@code JOBSCALE_DASHBOARD_VIEWER_PASSWORD}; unset = no viewer account
 * @param operatorUsername {@code JOBSCALE_DASHBOARD_OPERATOR_USERNAME}, default {@value #DEFAULT_OPERATOR_USERNAME}
 * @param operatorPassword {@code JOBSCALE_DASHBOARD_OPERATOR_PASSWORD}; unset = no operator account
 * @param sessionTimeout   {@code JOBSCALE_DASHBOARD_SESSION_TIMEOUT}: how long a sign-in lasts, default
 *                         {@link #DEFAULT_SESSION_TIMEOUT} (8 hours)
 */
public record SignInSettings(String viewerUsername, String viewerPassword, String operatorUsername,
                             String operatorPassword, Duration sessionTimeout) {

    public static final String VIEWER_USERNAME = "JOBSCALE_DASHBOARD_VIEWER_USERNAME";
    public static final String VIEWER_PASSWORD = "JOBSCALE_DASHBOARD_VIEWER_PASSWORD";
    public static final String OPERATOR_USERNAME = "JOBSCALE_DASHBOARD_OPERATOR_USERNAME";
    public static final String OPERATOR_PASSWORD = "JOBSCALE_DASHBOARD_OPERATOR_PASSWORD";
    public static final String SESSION_TIMEOUT = "JOBSCALE_DASHBOARD_SESSION_TIMEOUT";
    public static final List<String> KEYS = List.of(VIEWER_USERNAME, VIEWER_PASSWORD, OPERATOR_USERNAME,
            OPERATOR_PASSWORD, SESSION_TIMEOUT);

    public static final String DEFAULT_VIEWER_USERNAME = "viewer";
    public static final String DEFAULT_OPERATOR_USERNAME = "operator";
    public static final Duration DEFAULT_SESSION_TIMEOUT = Duration.ofHours(8);
    private static final Duration MIN_SESSION_TIMEOUT = Duration.ofMinutes(1);
    private static final Duration MAX_SESSION_TIMEOUT = Duration.ofDays(30);

    public static final SignInSettings OFF = new SignInSettings(DEFAULT_VIEWER_USERNAME, null,
            DEFAULT_OPERATOR_USERNAME, null, DEFAULT_SESSION_TIMEOUT);

    public static SignInSettings from(Settings settings) {
        SignInSettings signIn = new SignInSettings(settings.string(VIEWER_USERNAME, DEFAULT_VIEWER_USERNAME),
                settings.optional(VIEWER_PASSWORD).orElse(null),
                settings.string(OPERATOR_USERNAME, DEFAULT_OPERATOR_USERNAME),
                settings.optional(OPERATOR_PASSWORD).orElse(null),
                settings.duration(SESSION_TIMEOUT, DEFAULT_SESSION_TIMEOUT, MIN_SESSION_TIMEOUT, MAX_SESSION_TIMEOUT));
        boolean bothAccounts = signIn.viewerPassword != null && signIn.operatorPassword != null;
        if (bothAccounts && signIn.viewerUsername.equals(signIn.operatorUsername)) {
            throw new InvalidSettingException(VIEWER_USERNAME, signIn.viewerUsername,
                    "must differ from " + OPERATOR_USERNAME);
        }
        return signIn;
    }

    public boolean enabled() {
        return viewerPassword != null || operatorPassword != null;
    }

    /** The role of this username and password, compared in constant time; empty when they match no account. */
    public Optional<Role> roleOf(String username, String password) {
        // Both accounts are always compared, so the time taken does not tell which usernames exist.
        boolean viewer = Secrets.equal(username, viewerUsername) & Secrets.equal(password, viewerPassword);
        boolean operator = Secrets.equal(username, operatorUsername) & Secrets.equal(password, operatorPassword);
        if (operator) return Optional.of(Role.OPERATOR);
        if (viewer) return Optional.of(Role.VIEWER);
        return Optional.empty();
    }
}
