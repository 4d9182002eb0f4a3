package org.pharmacyvoice.domain.call;

import java.util.Objects;

/**
 * What the agent says on the bridge's cue rather than its own: the pharmacy words them (in its callers' language),
 * the bridge decides when they are said.
 *
 * @param stillThere asked when the caller has been silent for the idle timeout after the agent's turn
 * @param goodbye    said before the call ends when the caller stayed silent as long again after {@code stillThere}
 * @param lookingUp  said once while a tool keeps the caller waiting past the filler delay
 */
public record AgentPhrases(String stillThere, String goodbye, String lookingUp) {

    public AgentPhrases {
        stillThere = spoken(stillThere, "stillThere");
        goodbye = spoken(goodbye, "goodbye");
        lookingUp = spoken(lookingUp, "lookingUp");
    }

    /** The English phrases application.yaml has too. */
    public static AgentPhrases defaults() {
        return new AgentPhrases("Are you still there?",
                "I haven't heard from you, so I'll end the call now. Please call again any time. Goodbye.",
                "One moment while I look that up.");
    }

    private static String spoken(String phrase, String name) {
        Objects.requireNonNull(phrase, "'" + name + "' must not be null");
        if (phrase.isBlank()) {
            // The agent would have nothing to say; a wait or an ending is turned off by its timeout instead.
            throw new IllegalArgumentException(name + " must not be blank");
        }
        return phrase.strip();
    }
}
