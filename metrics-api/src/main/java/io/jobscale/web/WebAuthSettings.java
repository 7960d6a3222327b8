package io.jobscale.web;

import io.jobscale.settings.InvalidSettingException;
import io.jobscale.settings.Settings;

import java.util.List;
import java.util.Locale;

/**
 * Authentication of the web process (metrics API and dashboard), off by default. The modes are the ones KEDA's
 * {@code metrics-api} trigger can send, so a TriggerAuthentication works unchanged.
 *
 * @param mode         {@code JOBSCALE_AUTH_MODE}: {@code none} (default), {@code basic}, {@code bearer} or
 *                     {@code apiKey}
 * @param username     {@code JOBSCALE_AUTH_USERNAME} (basic)
 * @param password     {@code JOBSCALE_AUTH_PASSWORD} (basic)
 * @param token        {@code JOBSCALE_AUTH_TOKEN} (bearer)
 * @param apiKey       {@code JOBSCALE_AUTH_API_KEY} (apiKey)
 * @param apiKeyHeader {@code JOBSCALE_AUTH_API_KEY_HEADER} (apiKey), default {@code X-API-KEY} as KEDA
 * @param signIn       browser sign-in to the dashboard, independent of the mode (see {@link SignInSettings})
 */
public record WebAuthSettings(Mode mode, String username, String password, String token, String apiKey,
                              String apiKeyHeader, SignInSettings signIn) {

    public enum Mode { NONE, BASIC, BEARER, API_KEY }

    public static final String MODE = "JOBSCALE_AUTH_MODE";
    public static final String USERNAME = "JOBSCALE_AUTH_USERNAME";
    public static final String PASSWORD = "JOBSCALE_AUTH_PASSWORD";
    public static final String TOKEN = "JOBSCALE_AUTH_TOKEN";
    public static final String API_KEY = "JOBSCALE_AUTH_API_KEY";
    public static final String API_KEY_HEADER = "JOBSCALE_AUTH_API_KEY_HEADER";
    public static final List<String> KEYS = List.of(MODE, USERNAME, PASSWORD, TOKEN, API_KEY, API_KEY_HEADER);
    /** Every key the web process's authentication reads, sign-in included. */
    public static final List<String> ALL_KEYS = java.util.stream.Stream
            .concat(KEYS.stream(), SignInSettings.KEYS.stream())
            .toList();

    public static final WebAuthSettings NONE = new WebAuthSettings(Mode.NONE, null, null, null, null, "X-API-KEY",
            SignInSettings.OFF);

    public static WebAuthSettings from(Settings settings) {
        String raw = settings.string(MODE, "none");
        Mode mode = switch (raw.toLowerCase(Locale.ROOT)) {
            case "none" -> Mode.NONE;
            case "basic" -> Mode.BASIC;
            case "bearer" -> Mode.BEARER;
            case "apikey", "api_key", "api-key" -> Mode.API_KEY;
            default -> throw new InvalidSettingException(MODE, raw, "must be none, basic, bearer or apiKey");
        };
        WebAuthSettings auth = new WebAuthSettings(mode, settings.optional(USERNAME).orElse(null),
                settings.optional(PASSWORD).orElse(null), settings.optional(TOKEN).orElse(null),
                settings.optional(API_KEY).orElse(null), settings.string(API_KEY_HEADER, "X-API-KEY"),
                SignInSettings.from(settings));
        switch (mode) {
            case BASIC -> {
                require(USERNAME, auth.username, mode);
                require(PASSWORD, auth.password, mode);
            }
            case BEARER -> require(TOKEN, auth.token, mode);
            case API_KEY -> require(API_KEY, auth.apiKey, mode);
            default -> { }
        }
        return auth;
    }

    private static void require(String key, String value, Mode mode) {
        if (value == null) {
            throw new InvalidSettingException(key, "",
                    "is required when " + MODE + " is " + mode.name().toLowerCase(Locale.ROOT));
        }
    }
}
