package org.pharmacyvoice.domain.notification;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One attempt at a notification as the book has it: when it started, the call SID once the network gave one, who
 * answered once detection said, and its outcome once it ended. What the webhooks of a placed call and the stream
 * it opens look up, on whichever server Twilio reaches.
 */
public record PlacedAttempt(Notification notification, int attempt, Instant startedAt, Optional<String> callSid,
                            Optional<Answerer> answeredBy, Optional<CallOutcome> outcome) {

    public PlacedAttempt {
        Objects.requireNonNull(notification, "'notification' must not be null");
        Objects.requireNonNull(startedAt, "'startedAt' must not be null");
        Objects.requireNonNull(callSid, "'callSid' must not be null");
        Objects.requireNonNull(answeredBy, "'answeredBy' must not be null");
        Objects.requireNonNull(outcome, "'outcome' must not be null");
        if (attempt < 1) {
            throw new IllegalArgumentException("attempts count from 1: " + attempt);
        }
    }

    /** The attempt as the dialler handed it out. */
    public DueCall dueCall() {
        return new DueCall(notification, attempt);
    }
}
