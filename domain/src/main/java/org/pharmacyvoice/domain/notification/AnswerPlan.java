package org.pharmacyvoice.domain.notification;

import java.util.Objects;

/** What an answered call the pharmacy placed does next: the agent takes it, or it ends politely. */
public sealed interface AnswerPlan {

    /**
     * Connect the call to the agent, which is briefed for the notification when the stream starts. When no agent can
     * take the call (the server is full, the agent is down), say {@code fallbackWords} instead and hang up: the same
     * words as the voicemail, with no health information.
     */
    record Connect(String fallbackWords) implements AnswerPlan {
        public Connect {
            Objects.requireNonNull(fallbackWords, "'fallbackWords' must not be null");
        }
    }

    /**
     * End the call after {@code words} (may be empty): the notification is no longer being called (cancelled,
     * opted out, settled), or the attempt is not one the book knows.
     */
    record HangUp(String words, String why) implements AnswerPlan {
        public HangUp {
            Objects.requireNonNull(words, "'words' must not be null");
            Objects.requireNonNull(why, "'why' must not be null");
        }
    }
}
