package org.pharmacyvoice.domain.notification;

/**
 * Who picked up a call the pharmacy placed, as answering-machine detection tells it: a person hears the agent, a
 * machine gets the short voicemail without health information, a fax gets nothing.
 */
public enum Answerer {
    PERSON("person"),
    MACHINE("machine"),
    FAX("fax"),
    /** Detection could not tell; treated as a person, since a person hearing nothing would hang up on the pharmacy. */
    UNKNOWN("unknown");

    private final String code;

    Answerer(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public static java.util.Optional<Answerer> fromCode(String code) {
        return java.util.Arrays.stream(values()).filter(answerer -> answerer.code.equals(code)).findFirst();
    }
}
