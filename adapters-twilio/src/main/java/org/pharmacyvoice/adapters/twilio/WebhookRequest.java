package org.pharmacyvoice.adapters.twilio;

import io.helidon.http.Method;
import io.helidon.webserver.http.ServerRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * What Twilio sent to one of our webhooks: its parameters (from the form body of a POST, from the query of a GET)
 * and the raw body, which the signature check needs as well.
 */
record WebhookRequest(FormBody parameters, boolean posted, byte[] body) {

    /**
     * The largest body read. Twilio documents some 20 to 40 parameters for the voice webhook and the status
     * callback, mostly short sids, numbers and places, the longest being CallToken: a body of a few KB. SIP calls add
     * SipHeader_ parameters and Twilio may add new ones without notice; Twilio publishes no maximum, so 16 KiB is
     * our estimate with several times that as headroom. A larger body is refused before a byte of it is parsed.
     */
    static final int MAX_BODY_BYTES = 16 * 1024;
    /**
     * The most parameters read, from a body or a query: five times what Twilio documents. A forged request is sorted
     * and signed in full before it can be refused, so this bounds what refusing one costs.
     */
    static final int MAX_PARAMETERS = 200;

    /** Why a webhook request was not read: more than we ever accept from Twilio. */
    static final class TooLarge extends Exception {
        TooLarge(String reason) {
            super(reason, null, false, false);
        }
    }

    /** The body's length as declared, when it is declared (not chunked). */
    static Optional<Long> declaredLength(ServerRequest request) {
        var length = request.headers().contentLength();
        return length.isPresent() ? Optional.of(length.getAsLong()) : Optional.empty();
    }

    /**
     * Reads at most {@link #MAX_BODY_BYTES} of a POST's body (nothing for a GET); a chunked body is refused as soon
     * as it passes the limit, with the rest left unread.
     */
    static byte[] readBody(ServerRequest request) throws TooLarge {
        if (request.prologue().method() != Method.POST || !request.content().hasEntity()) {
            return new byte[0];
        }
        byte[] body = new byte[MAX_BODY_BYTES + 1];
        int length = 0;
        try {
            InputStream in = request.content().inputStream();
            // Not readNBytes: it asks for 0 bytes once its buffer is full, and Helidon's stream answers that by
            // waiting for the next chunk, which a client can hold back for as long as it likes.
            while (length < body.length) {
                int read = in.read(body, length, body.length - length);
                if (read < 0) {
                    break;
                }
                length += read;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the webhook body", e);
        }
        if (length > MAX_BODY_BYTES) {
            throw new TooLarge("a body over " + MAX_BODY_BYTES + " bytes");
        }
        return Arrays.copyOf(body, length);
    }

    /**
     * The parameters of a POST's body (as read by {@link #readBody}) or of a GET's query, at most
     * {@link #MAX_PARAMETERS} of them.
     */
    static WebhookRequest parse(ServerRequest request, byte[] body) throws TooLarge {
        if (request.prologue().method() != Method.POST) {
            return new WebhookRequest(parse(request.query().rawValue()), false, new byte[0]);
        }
        return new WebhookRequest(parse(new String(body, StandardCharsets.UTF_8)), true, body);
    }

    String parameter(String name) {
        return parameters.first(name).orElse("");
    }

    /**
     * The number of the person at the far end of the call: who rang us on a call that came in, whom the pharmacy
     * rang on a call it placed (Twilio's {@code From} is then the pharmacy's own number).
     */
    String otherParty() {
        return placedByUs() ? parameter("To") : parameter("From");
    }

    /** The pharmacy's number on the call: the one rung on a call that came in, the caller ID on one it placed. */
    String ourNumber() {
        return placedByUs() ? parameter("From") : parameter("To");
    }

    /** Twilio's {@code Direction} of a call created through its REST API, as the pharmacy's own calls are. */
    private boolean placedByUs() {
        return "outbound-api".equals(parameter("Direction"));
    }

    private static FormBody parse(String encoded) throws TooLarge {
        return FormBody.parse(encoded, MAX_PARAMETERS)
                .orElseThrow(() -> new TooLarge("more than " + MAX_PARAMETERS + " parameters"));
    }
}
