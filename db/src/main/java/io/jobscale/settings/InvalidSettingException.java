package io.jobscale.settings;

/** A setting that is missing, malformed or out of range; the message always names the key. */
public class InvalidSettingException extends RuntimeException {

    private final String key;

    public InvalidSettingException(String key, String value, String problem) {
        super("Invalid setting " + key + "=" + (isSecret(key) ? "****" : value) + ": " + problem);
        this.key = key;
    }

    public String key() {
        return key;
    }

    private static boolean isSecret(String key) {
        return key.contains("PASSWORD") || key.contains("TOKEN") || key.contains("SECRET") || key.contains("API_KEY");
    }
}
