package org.pharmacyvoice.domain.prescription;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A drug's controlled-substance schedule under the US Controlled Substances Act, or none. The schedule decides
 * whether and how often a prescription may be refilled (21 CFR 1306.12 and 1306.22).
 */
public enum Schedule {
    NONE("none"),
    II("II"),
    III("III"),
    IV("IV"),
    V("V");

    private final String code;

    Schedule(String code) {
        this.code = code;
    }

    /** As stored and shown: "none", "II", ... "V". */
    public String code() {
        return code;
    }

    public static Optional<Schedule> fromCode(String code) {
        return Arrays.stream(values()).filter(schedule -> schedule.code.equals(code)).findFirst();
    }

    public static List<String> codes() {
        return Arrays.stream(values()).map(Schedule::code).toList();
    }

    public boolean isControlled() {
        return this != NONE;
    }
}
