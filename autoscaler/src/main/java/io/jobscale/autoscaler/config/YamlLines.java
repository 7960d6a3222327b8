package io.jobscale.autoscaler.config;

import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.io.StringReader;
import java.util.HashMap;
import java.util.Map;

/**
 * The line of every value in a YAML text, by JSON-pointer-like path ({@code /0/spec/triggers/1/type}, the first
 * segment the document index), so configuration errors can say where to look. Jackson's tree has no locations.
 */
final class YamlLines {

    private final Map<String, Integer> lines = new HashMap<>();

    YamlLines(String yaml) {
        try {
            int document = 0;
            for (Node node : new Yaml().composeAll(new StringReader(yaml))) {
                if (node != null) walk(node, "/" + document);
                document++;
            }
        } catch (RuntimeException e) {
            // Invalid YAML is reported by the parser itself; without lines the messages still name the field.
        }
    }

    /** The 1-based line of the value at {@code pointer}, or of its nearest ancestor that exists; 0 when unknown. */
    int lineOf(String pointer) {
        for (String p = pointer; !p.isEmpty(); p = p.substring(0, Math.max(0, p.lastIndexOf('/')))) {
            Integer line = lines.get(p);
            if (line != null) return line;
        }
        return 0;
    }

    private void walk(Node node, String pointer) {
        lines.put(pointer, node.getStartMark().getLine() + 1);
        if (node instanceof MappingNode mapping) {
            for (NodeTuple tuple : mapping.getValue()) {
                if (tuple.getKeyNode() instanceof ScalarNode key) {
                    String child = pointer + "/" + key.getValue();
                    walk(tuple.getValueNode(), child);
                    lines.put(child, tuple.getKeyNode().getStartMark().getLine() + 1);
                }
            }
        } else if (node instanceof SequenceNode sequence) {
            for (int i = 0; i < sequence.getValue().size(); i++) walk(sequence.getValue().get(i), pointer + "/" + i);
        }
    }
}
