package io.jobscale.autoscaler.config;

import org.apache.commons.jexl3.JexlBuilder;
import org.apache.commons.jexl3.JexlEngine;
import org.apache.commons.jexl3.JexlException;
import org.apache.commons.jexl3.JexlFeatures;
import org.apache.commons.jexl3.JexlScript;
import org.apache.commons.jexl3.MapContext;
import org.apache.commons.jexl3.introspection.JexlPermissions;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code scalingModifiers.formula}: arithmetic ({@code + - * / %}, parentheses), comparisons ({@code < <= > >= ==
 * !=}), {@code && || !} and the ternary {@code a ? b : c} over numbers and the triggers' names, evaluated with Apache
 * Commons JEXL restricted to exactly that: no assignment, loop, function or method call, object creation, array or
 * map literal. Anything else is a config error (docs/autoscaler.md, "scalingModifiers").
 */
public final class Formula {

    private static final JexlFeatures FEATURES = JexlFeatures.createNone();
    private static final JexlEngine ENGINE = new JexlBuilder().features(FEATURES)
            .permissions(JexlPermissions.RESTRICTED).strict(true).silent(false).safe(false).antish(false).cache(0)
            .create();

    private static final Pattern FUNCTION_CALL = Pattern.compile("([A-Za-z_$][\\w$:]*)\\s*\\(");

    private final String text;
    private final JexlScript script;

    private Formula(String text, JexlScript script) {
        this.text = text;
        this.script = script;
    }

    /**
     * Compiles {@code text}; {@code names} are the variables it may use (the triggers' names).
     *
     * @throws IllegalArgumentException with a one-line message when the text is outside the subset or names another
     *                                  variable
     */
    public static Formula compile(String text, Set<String> names) {
        // JEXL's features have no switch for plain function calls (float(x), size(x)) or string literals.
        Matcher call = FUNCTION_CALL.matcher(text);
        if (call.find()) {
            throw new IllegalArgumentException("calls " + call.group(1) + "(...): function calls are not supported"
                    + " (arithmetic, comparison and ternary over trigger names; write float(x) as x)");
        }
        if (text.contains("'") || text.contains("\"")) {
            throw new IllegalArgumentException("contains a string: only numbers and trigger names are supported");
        }
        JexlScript script;
        try {
            script = ENGINE.createScript(FEATURES, null, text);
        } catch (JexlException e) {
            throw new IllegalArgumentException("is not a formula jobscale supports (arithmetic, comparison and"
                    + " ternary over trigger names): " + oneLine(e));
        }
        for (List<String> variable : script.getVariables()) {
            String name = String.join(".", variable);
            if (variable.size() != 1 || !names.contains(name)) {
                throw new IllegalArgumentException("uses '" + name + "', which is not the name of a trigger"
                        + " (names: " + String.join(", ", names.stream().sorted().toList()) + ")");
            }
        }
        return new Formula(text, script);
    }

    /** The formula's value for the triggers' values by name; fails when it is not a finite number. */
    public double evaluate(Map<String, Double> values) {
        Object result;
        try {
            result = script.execute(new MapContext(Map.copyOf(values)));
        } catch (JexlException e) {
            throw new IllegalStateException("formula failed: " + oneLine(e));
        }
        if (result instanceof Boolean b) return b ? 1 : 0;
        if (!(result instanceof Number n) || !Double.isFinite(n.doubleValue())) {
            throw new IllegalStateException("formula gave " + result + ", not a number");
        }
        return n.doubleValue();
    }

    public String text() {
        return text;
    }

    private static String oneLine(JexlException e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        return message.replaceAll("\\s+", " ").trim();
    }
}
