package org.pharmacyvoice.domain.tool;

/** The JSON type a tool parameter takes. */
public enum ParameterType {
    STRING("string"),
    INTEGER("integer"),
    NUMBER("number"),
    BOOLEAN("boolean");

    private final String jsonName;

    ParameterType(String jsonName) {
        this.jsonName = jsonName;
    }

    /** The name JSON Schema uses for this type. */
    public String jsonName() {
        return jsonName;
    }
}
