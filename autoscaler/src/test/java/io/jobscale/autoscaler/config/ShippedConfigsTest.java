package io.jobscale.autoscaler.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.jobscale.autoscaler.trigger.Triggers;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Every config the repository ships reads without a warning, and its triggers can be created. */
class ShippedConfigsTest {

    private static final Path ROOT = Path.of("..");
    private static final Map<String, String> SECRETS = Map.of("JOBSCALE_METRICS_AUTH_TOKEN", "t", "JOBSCALE_METRICS_AUTH_USERNAME", "u",
            "JOBSCALE_METRICS_AUTH_PASSWORD", "p", "JOBSCALE_METRICS_AUTH_APIKEY", "k");

    @ParameterizedTest
    @ValueSource(strings = {"local-default.yaml", "examples/autoscaler/keda-default.yaml", "examples/autoscaler/tuned.yaml",
            "k8s/base/autoscaler-config.yaml", "k8s/keda/scaledobject.yaml", "k8s/keda-jobs/scaledjob.yaml"})
    void readsWithoutWarnings(String file) throws Exception {
        AutoscalerConfig config = new AutoscalerConfigParser(SECRETS).parse(text(file));
        assertThat(config.warnings()).as(file).isEmpty();
        Triggers triggers = new Triggers(null, Map.of());
        config.scaledObjects().forEach(so -> so.triggers().forEach(triggers::create));
        config.scaledJobs().forEach(sj -> sj.triggers().forEach(triggers::create));
    }

    private static String text(String file) throws Exception {
        if (file.equals("local-default.yaml")) {
            try (InputStream in = Triggers.class.getResourceAsStream("/io/jobscale/autoscaler/local-default.yaml")) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
        String text = Files.readString(ROOT.resolve(file));
        if (file.startsWith("k8s/base")) {
            return new ObjectMapper(new YAMLFactory()).readTree(text).at("/data/autoscaler.yaml").asText();
        }
        if (file.startsWith("k8s/keda")) {
            // The TriggerAuthentications the objects refer to, without the Kubernetes Secret document.
            String authentications = Arrays.stream(Files.readString(ROOT.resolve("k8s/keda/trigger-authentication.yaml")).split("\n---\n"))
                    .filter(doc -> doc.contains("kind: TriggerAuthentication")).collect(Collectors.joining("\n---\n"));
            return text + "\n---\n" + authentications;
        }
        return text;
    }
}
