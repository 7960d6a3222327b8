package io.jobscale.autoscaler.trigger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The number at {@code valueLocation} in a metrics-api response, per KEDA's {@code format}: {@code json} and
 * {@code yaml} by a dotted path ({@code a.b}, {@code items.0.value}), {@code xml} by a dotted path of element names
 * below the root element, {@code prometheus} by a metric selector ({@code jobs_waiting{queue="default"}}) over the text
 * exposition format. The value must be a number or a string holding a Kubernetes quantity.
 */
final class ResponseValue {

    enum Format { JSON, YAML, XML, PROMETHEUS }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern SELECTOR = Pattern.compile("\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*(?:\\{(.*)})?\\s*");
    private static final Pattern LABEL =
            Pattern.compile("\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*=\\s*\"((?:[^\"\\\\]|\\\\.)*)\"\\s*,?");
    private static final Pattern SAMPLE =
            Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})?\\s+(\\S+)(?:\\s+\\S+)?\\s*");

    private final Format format;
    private final String location;
    private final String[] path;
    private final String metricName;
    private final Map<String, String> labels;

    /** Throws IllegalArgumentException when {@code location} is not valid for {@code format}. */
    ResponseValue(Format format, String location) {
        this.format = format;
        this.location = location;
        this.path = location.split("\\.");
        if (format == Format.PROMETHEUS) {
            Matcher m = SELECTOR.matcher(location);
            if (!m.matches()) {
                throw new IllegalArgumentException("is not a metric selector such as name{label=\"value\"}");
            }
            this.metricName = m.group(1);
            this.labels = labels(m.group(2) == null ? "" : m.group(2));
        } else {
            this.metricName = null;
            this.labels = Map.of();
        }
    }

    double read(String body) throws TriggerException {
        return switch (format) {
            case JSON -> fromTree(parse(JSON, body));
            case YAML -> fromTree(parse(YAML, body));
            case XML -> fromXml(body);
            case PROMETHEUS -> fromPrometheus(body);
        };
    }

    private JsonNode parse(ObjectMapper mapper, String body) throws TriggerException {
        try {
            return mapper.readTree(body);
        } catch (Exception e) {
            throw new TriggerException("the response is not valid " + format.name().toLowerCase(Locale.ROOT) + ": "
                    + e.getMessage(), e);
        }
    }

    private double fromTree(JsonNode root) throws TriggerException {
        JsonNode node = root;
        if (node == null) throw notFound();
        for (String segment : path) {
            node = node.isArray() && segment.matches("\\d+") ? node.get(Integer.parseInt(segment)) : node.get(segment);
            if (node == null) throw notFound();
        }
        if (node.isNumber()) return node.doubleValue();
        if (node.isTextual()) return quantity(node.asText());
        throw new TriggerException("value at '" + location + "' is not a number: " + node);
    }

    private double fromXml(String body) throws TriggerException {
        Document document;
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            document = factory.newDocumentBuilder().parse(new ByteArrayInputStream(bytes));
        } catch (Exception e) {
            throw new TriggerException("the response is not valid xml: " + e.getMessage(), e);
        }
        Element element = document.getDocumentElement();
        for (String segment : path) {
            element = child(element, segment);
            if (element == null) throw notFound();
        }
        return quantity(element.getTextContent());
    }

    private static Element child(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && (name.equals(e.getTagName()) || name.equals(e.getLocalName()))) return e;
        }
        return null;
    }

    private double fromPrometheus(String body) throws TriggerException {
        for (String line : body.split("\r?\n")) {
            if (line.isBlank() || line.startsWith("#")) continue;
            Matcher m = SAMPLE.matcher(line);
            if (!m.matches() || !m.group(1).equals(metricName)) continue;
            Map<String, String> sample = labels(m.group(2) == null ? "" : m.group(2));
            if (!sample.entrySet().containsAll(labels.entrySet())) continue;
            try {
                return Double.parseDouble(m.group(3));
            } catch (NumberFormatException e) {
                throw new TriggerException("value of " + location + " is not a number: " + m.group(3));
            }
        }
        throw new TriggerException("value " + location + " not found in the response");
    }

    private static Map<String, String> labels(String text) {
        Map<String, String> labels = new LinkedHashMap<>();
        Matcher m = LABEL.matcher(text);
        int end = 0;
        while (m.find() && m.start() == end) {
            labels.put(m.group(1), m.group(2).replaceAll("\\\\(.)", "$1"));
            end = m.end();
        }
        if (end != text.length()) {
            throw new IllegalArgumentException("has labels that are not name=\"value\" pairs: {" + text + "}");
        }
        return labels;
    }

    private TriggerException notFound() {
        return new TriggerException("valueLocation '" + location + "' not found in the response");
    }

    private double quantity(String text) throws TriggerException {
        try {
            return Quantity.parse(text);
        } catch (NumberFormatException e) {
            throw new TriggerException("value at '" + location + "' is not a number or quantity: " + text);
        }
    }
}
