package org.pharmacyvoice.domain.notification;

import java.util.Objects;

/**
 * What the agent may tell the person on a call the pharmacy placed: the message itself once the patient it is for
 * has proved who they are, or why not yet. Health information exists only in {@link Message}.
 */
public sealed interface ErrandMessage {

    /** The message for the verified patient (or, for an order by a caller who is no patient, for the number). */
    record Message(NotificationKind kind, String text) implements ErrandMessage {
        public Message {
            Objects.requireNonNull(kind, "'kind' must not be null");
            Objects.requireNonNull(text, "'text' must not be null");
        }
    }

    /** The person has not proved to be the patient the call is for: ask for their date of birth first. */
    record NotVerified(int attemptsLeft) implements ErrandMessage {
    }

    /** This call was not placed by the pharmacy (or not for a message the book still has). */
    record NoErrand() implements ErrandMessage {
    }
}
