package org.pharmacyvoice.domain.prescription;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Whether a prescription is still one the pharmacy fills: active, or discontinued by the prescriber or transferred
 * to another pharmacy (neither is refilled here).
 */
public enum PrescriptionStatus {
    ACTIVE("active"),
    DISCONTINUED("discontinued"),
    TRANSFERRED("transferred");

    private final String code;

    PrescriptionStatus(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public static Optional<PrescriptionStatus> fromCode(String code) {
        return Arrays.stream(values()).filter(status -> status.code.equals(code)).findFirst();
    }

    public static List<String> codes() {
        return Arrays.stream(values()).map(PrescriptionStatus::code).toList();
    }
}
