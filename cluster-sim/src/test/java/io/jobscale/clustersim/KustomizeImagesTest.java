package io.jobscale.clustersim;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.jobscale.clustersim.Manifests.list;
import static io.jobscale.clustersim.Manifests.map;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's recipe for running your own jobs on Kubernetes: an overlay of your own with the README's {@code images:}
 * entry puts your image into every jobscale container of our manifests — workers, web, example app and a ScaledJob's
 * Jobs — and leaves the others (PostgreSQL) alone.
 */
class KustomizeImagesTest {

    private static final Path CHECKOUT = Path.of("..").toAbsolutePath().normalize();
    private static final String STOCK = "jobscale/jobscale:0.1.0";

    @Test
    void theReadmesImagesEntryInAnOverlayOfYourOwnReplacesOurImageEverywhere(@TempDir Path overlay) throws IOException {
        String images = readmeImagesEntry();
        String yours = imageOf(images);

        for (String base : List.of("k8s/base", "k8s/keda", "k8s/keda-jobs")) {
            Path directory = Files.createDirectories(overlay.resolve(base.replace('/', '-')));
            Files.writeString(directory.resolve("kustomization.yaml"), "apiVersion: kustomize.config.k8s.io/v1beta1\n"
                    + "kind: Kustomization\nresources:\n  - " + directory.relativize(CHECKOUT.resolve(base)) + "\n"
                    + images);

            List<String> stock = containerImages(Kustomization.build(CHECKOUT.resolve(base)));
            List<String> rebuilt = containerImages(Kustomization.build(directory));

            assertThat(stock).as(base).contains(STOCK).hasSameSizeAs(rebuilt);
            for (int i = 0; i < stock.size(); i++) {
                assertThat(rebuilt.get(i)).as(base + " container " + i)
                        .isEqualTo(stock.get(i).equals(STOCK) ? yours : stock.get(i));
            }
        }
    }

    @Test
    void anImageRewriteMatchesTheNameOnlyAndKeepsWhatItIsNotGiven() {
        Map<String, Object> tagOnly = Map.of("name", "jobscale/jobscale", "newTag", "2.0.0");
        assertThat(Kustomization.retag("jobscale/jobscale:0.1.0", tagOnly)).isEqualTo("jobscale/jobscale:2.0.0");
        assertThat(Kustomization.retag("jobscale/jobscale", tagOnly)).isEqualTo("jobscale/jobscale:2.0.0");
        assertThat(Kustomization.retag("jobscale/jobscale-extra:0.1.0", tagOnly))
                .isEqualTo("jobscale/jobscale-extra:0.1.0");
        assertThat(Kustomization.retag("postgres:16", tagOnly)).isEqualTo("postgres:16");
        Map<String, Object> nameOnly = Map.of("name", "jobscale/jobscale", "newName", "registry:5000/acme/jobs");
        assertThat(Kustomization.retag("jobscale/jobscale:0.1.0", nameOnly)).isEqualTo("registry:5000/acme/jobs:0.1.0");
        Map<String, Object> ported = Map.of("name", "registry:5000/acme/jobs", "newTag", "3");
        assertThat(Kustomization.retag("registry:5000/acme/jobs", ported)).isEqualTo("registry:5000/acme/jobs:3");
    }

    /** The {@code images:} block the README tells users to add, exactly as written there. */
    private static String readmeImagesEntry() throws IOException {
        String readme = Files.readString(CHECKOUT.resolve("README.md"));
        Matcher block = Pattern.compile("```yaml\n(images:\n  - name: jobscale/jobscale\n(?:    .*\n)+)```")
                .matcher(readme);
        assertThat(block.find()).as("README has a yaml block with an images: entry for jobscale/jobscale").isTrue();
        return block.group(1);
    }

    private static String imageOf(String imagesEntry) {
        Map<String, Object> image = map(list(Kustomization.yaml(imagesEntry).get("images")).get(0));
        return image.get("newName") + ":" + image.get("newTag");
    }

    private static List<String> containerImages(List<Map<String, Object>> objects) {
        List<String> images = new ArrayList<>();
        objects.forEach(object -> collect(object, images));
        return images;
    }

    private static void collect(Object node, List<String> images) {
        if (node instanceof Map<?, ?> fields) {
            fields.forEach((key, value) -> {
                if (key.equals("containers") || key.equals("initContainers")) {
                    list(value).forEach(container -> images.add(String.valueOf(map(container).get("image"))));
                }
                collect(value, images);
            });
        } else if (node instanceof List<?> items) {
            items.forEach(item -> collect(item, images));
        }
    }
}
