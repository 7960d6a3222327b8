package io.jobscale.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** Comparison of secrets in constant time, so response timing does not reveal how much of a guess was right. */
final class Secrets {

    private Secrets() {
    }

    /**
     * False when either is null. Both sides are hashed first: MessageDigest.isEqual takes constant time only for
     * inputs of equal length, and hashing makes them so.
     */
    static boolean equal(String given, String expected) {
        if (given == null || expected == null) return false;
        return MessageDigest.isEqual(sha256(given), sha256(expected));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
