package org.pharmacyvoice.adapters.twilio;

import org.pharmacyvoice.domain.outbound.port.out.CallRequest;

/**
 * The webhooks of the calls the pharmacy places: where Twilio fetches the answered call's TwiML, reports who
 * answered (answering-machine detection) and how the call progressed. Each address names the notification and the
 * attempt in its query ({@link #address}), which Twilio's signature vouches for.
 */
final class PlacedCallWebhooks {

    /** Twilio fetches the answered call's TwiML here ({@code Url}). */
    static final String ANSWER_PATH = "/outbound/answer";
    /** Twilio reports the call's progress here ({@code StatusCallback}). */
    static final String STATUS_PATH = "/outbound/status";
    /** Twilio reports who answered here ({@code AsyncAmdStatusCallback}). */
    static final String MACHINE_PATH = "/outbound/machine";

    private PlacedCallWebhooks() {
    }

    /**
     * The address of one of a placed call's webhooks under {@code base} (PUBLIC_URL, {@link SignedUrls#base}):
     * {@code base + path + "?notification=N&attempt=A"}, exactly as Twilio will sign it.
     */
    static String address(String base, String path, CallRequest request) {
        return base + path + "?notification=" + request.notificationId() + "&attempt=" + request.attempt();
    }
}
