package org.pharmacyvoice.domain.notification;

import java.time.LocalDate;
import java.util.Objects;

/**
 * What a notification is about. Its {@link #key()} is unique among notifications, which is what makes every trigger
 * idempotent: a refill marked ready twice, or a reminder run twice, finds the notification already there.
 */
public sealed interface Subject {

    String key();

    /** A refill from the work queue is ready to collect. */
    record ReadyRefill(long refillId) implements Subject {
        @Override
        public String key() {
            return "refill:" + refillId;
        }
    }

    /** A phone order is ready to collect. */
    record ReadyOrder(long orderId) implements Subject {
        @Override
        public String key() {
            return "order:" + orderId;
        }
    }

    /** The fill of a prescription dispensed on {@code filledOn} is about to run out: one reminder per fill. */
    record RunningOut(String rxNumber, LocalDate filledOn) implements Subject {
        public RunningOut {
            Objects.requireNonNull(rxNumber, "'rxNumber' must not be null");
            Objects.requireNonNull(filledOn, "'filledOn' must not be null");
        }

        @Override
        public String key() {
            return "rx:" + rxNumber + ":" + filledOn;
        }
    }
}
