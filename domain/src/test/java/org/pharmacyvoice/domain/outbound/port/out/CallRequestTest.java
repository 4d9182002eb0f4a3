package org.pharmacyvoice.domain.outbound.port.out;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CallRequestTest {

    @Test
    void itsKeyNamesTheAttemptNotThePatient() {
        CallRequest request = new CallRequest("+15551234567", "+15559870000", Duration.ofSeconds(25), 42, 2);
        assertEquals("notification-42-attempt-2", request.idempotencyKey());
    }

    @Test
    void ringTimeoutsOutsideWhatTheNetworkAcceptsAreRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> new CallRequest("+15551234567", "+15559870000", Duration.ofSeconds(4), 1, 1));
        assertThrows(IllegalArgumentException.class,
                () -> new CallRequest("+15551234567", "+15559870000", Duration.ofSeconds(601), 1, 1));
    }

    @Test
    void attemptsAndNotificationsCountFromOne() {
        assertThrows(IllegalArgumentException.class,
                () -> new CallRequest("+15551234567", "+15559870000", Duration.ofSeconds(25), 0, 1));
        assertThrows(IllegalArgumentException.class,
                () -> new CallRequest("+15551234567", "+15559870000", Duration.ofSeconds(25), 1, 0));
    }
}
