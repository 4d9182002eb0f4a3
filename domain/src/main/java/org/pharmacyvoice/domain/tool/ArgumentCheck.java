package org.pharmacyvoice.domain.tool;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks a tool call's arguments against the tool's declared parameters, with the same rules as the JSON Schema
 * the agent is given: required and non-blank, right type, bounds, allowed values, no undeclared names.
 */
final class ArgumentCheck {

    /** An undeclared name is echoed back; the agent's text could be of any length. */
    private static final int MAX_ECHOED_NAME = 40;
    private static final BigDecimal LONG_MIN = BigDecimal.valueOf(Long.MIN_VALUE);
    private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);

    private ArgumentCheck() {
    }

    /** Every problem found, in words the agent can pass on; empty when the arguments are fine. */
    static List<String> problems(ToolSpec spec, ToolArguments arguments) {
        var problems = new ArrayList<String>();
        Set<String> declared = new HashSet<>();
        for (ToolParameter parameter : spec.parameters()) {
            declared.add(parameter.name());
            Object value = arguments.values().get(parameter.name());
            if (value == null || (value instanceof String s && s.isBlank())) {
                if (parameter.required()) {
                    problems.add(parameter.name() + " is missing");
                }
                continue;
            }
            checkValue(parameter, value, problems);
        }
        for (String name : arguments.values().keySet()) {
            if (!declared.contains(name)) {
                problems.add(Printable.of(name, MAX_ECHOED_NAME) + " is not a parameter of " + spec.name());
            }
        }
        return problems;
    }

    private static void checkValue(ToolParameter parameter, Object value, List<String> problems) {
        String name = parameter.name();
        switch (parameter.type()) {
            case STRING -> {
                if (!(value instanceof String text)) {
                    problems.add(name + " must be text");
                    return;
                }
                if (parameter.maxLength() > 0 && text.length() > parameter.maxLength()) {
                    problems.add(name + " must be at most " + parameter.maxLength() + " characters");
                }
                if (!parameter.allowedValues().isEmpty() && !parameter.allowedValues().contains(text)) {
                    problems.add(name + " must be one of " + String.join(", ", parameter.allowedValues()));
                }
            }
            case INTEGER -> {
                BigDecimal number = asNumber(value);
                if (number == null || number.stripTrailingZeros().scale() > 0) {
                    problems.add(name + " must be a whole number");
                    return;
                }
                // Tools read whole numbers as long (ToolArguments.integer): a bigger one must not reach them.
                if (number.compareTo(LONG_MIN) < 0 || number.compareTo(LONG_MAX) > 0) {
                    problems.add(name + " is out of range");
                    return;
                }
                checkBounds(parameter, number, problems);
            }
            case NUMBER -> {
                BigDecimal number = asNumber(value);
                if (number == null) {
                    problems.add(name + " must be a number");
                    return;
                }
                checkBounds(parameter, number, problems);
            }
            case BOOLEAN -> {
                if (!(value instanceof Boolean)) {
                    problems.add(name + " must be true or false");
                }
            }
        }
    }

    private static BigDecimal asNumber(Object value) {
        if (value instanceof Long l) {
            return BigDecimal.valueOf(l);
        }
        if (value instanceof BigDecimal d) {
            return d;
        }
        return null;
    }

    private static void checkBounds(ToolParameter parameter, BigDecimal number, List<String> problems) {
        parameter.minimum().ifPresent(min -> {
            if (number.compareTo(BigDecimal.valueOf(min)) < 0) {
                problems.add(parameter.name() + " must be at least " + min);
            }
        });
        parameter.maximum().ifPresent(max -> {
            if (number.compareTo(BigDecimal.valueOf(max)) > 0) {
                problems.add(parameter.name() + " must be at most " + max);
            }
        });
    }
}
