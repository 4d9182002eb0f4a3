package org.pharmacyvoice.domain.outbound.port.out;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A call request the network could not carry out (relative URLs, absurd ring times) fails when it is made. */
class CallRequestTest {

    private static final String ANSWER = "https://voice.example.com/outbound/answer";

    @Test
    void aWellFormedRequestKeepsItsValues() {
        CallRequest request = request(ANSWER, Duration.ofSeconds(25));

        assertEquals(ANSWER, request.answerUrl());
        assertEquals(Duration.ofSeconds(25), request.ringTimeout());
    }

    @Test
    void relativeUrlsAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> request("/outbound/answer", Duration.ofSeconds(25)));

        assertEquals("the network fetches absolute http(s) URLs only", e.getMessage());
    }

    @Test
    void ringTimesOutsideFiveSecondsToTenMinutesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> request(ANSWER, Duration.ofSeconds(4)));
        assertThrows(IllegalArgumentException.class, () -> request(ANSWER, Duration.ofSeconds(601)));
        assertEquals(Duration.ofSeconds(5), request(ANSWER, Duration.ofSeconds(5)).ringTimeout());
        assertEquals(Duration.ofSeconds(600), request(ANSWER, Duration.ofSeconds(600)).ringTimeout());
    }

    private static CallRequest request(String answerUrl, Duration ring) {
        return new CallRequest("+15551234567", "+15559870000", answerUrl, "https://voice.example.com/status",
                "https://voice.example.com/machine", ring, "n-1");
    }
}
