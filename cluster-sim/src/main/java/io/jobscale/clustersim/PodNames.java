package io.jobscale.clustersim;

import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.client.utils.Serialization;

import java.util.Locale;
import java.util.Random;

/** Pod names as the controllers make them: {@code <owner>-<5 random characters>}, and a template's hash label. */
final class PodNames {

    private static final String ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
    private final Random random;

    PodNames(Random random) {
        this.random = random;
    }

    String next(String owner) {
        StringBuilder name = new StringBuilder(owner).append('-');
        for (int i = 0; i < 5; i++) name.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        return name.toString();
    }

    /** A stable 10-character hash of the pod template, as the Deployment controller names its ReplicaSet. */
    static String templateHash(PodTemplateSpec template) {
        int hash = Serialization.asJson(template).hashCode();
        return String.format(Locale.ROOT, "%010x", hash & 0xffffffffL).substring(0, 10);
    }
}
