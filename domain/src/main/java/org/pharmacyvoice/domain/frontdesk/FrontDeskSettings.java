package org.pharmacyvoice.domain.frontdesk;

import java.util.Objects;
import java.util.Optional;

/**
 * What the front desk says and where it sends callers: the pharmacist's number (none: every transfer becomes a
 * voicemail), what a caller hears before being put through when the agent did not say it, the voicemail prompts when
 * the pharmacy is closed or nobody answers, and the thanks after a message.
 */
public record FrontDeskSettings(Optional<String> pharmacistNumber, String connecting, String closedPrompt,
                                String unansweredPrompt, String thanks) {

    public FrontDeskSettings {
        Objects.requireNonNull(pharmacistNumber, "'pharmacistNumber' must not be null");
        Objects.requireNonNull(connecting, "'connecting' must not be null");
        Objects.requireNonNull(closedPrompt, "'closedPrompt' must not be null");
        Objects.requireNonNull(unansweredPrompt, "'unansweredPrompt' must not be null");
        Objects.requireNonNull(thanks, "'thanks' must not be null");
    }

    /** The texts of application.yaml, for tests. */
    public static FrontDeskSettings defaults(Optional<String> pharmacistNumber) {
        return new FrontDeskSettings(pharmacistNumber,
                "Connecting you to a pharmacist now. Please hold.",
                "The pharmacy is closed right now. Please leave your name and number after the tone, and a "
                        + "pharmacist will call you back when we open.",
                "All our pharmacists are busy right now. Please leave your name and number after the tone, and a "
                        + "pharmacist will call you back.",
                "Thank you. A pharmacist will call you back. Goodbye.");
    }
}
