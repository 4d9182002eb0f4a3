package org.pharmacyvoice.adapters.twilio;

import io.helidon.http.Method;
import io.helidon.webserver.http.ServerRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * What Twilio sent to one of our webhooks: its parameters (from the form body of a POST, from the query of a GET)
 * and the raw body, which the signature check needs as well.
 */
record WebhookRequest(FormBody parameters, boolean posted, byte[] body) {

    private static final int MAX_BODY_BYTES = 64 * 1024;

    static WebhookRequest read(ServerRequest request) {
        if (request.prologue().method() != Method.POST) {
            return new WebhookRequest(FormBody.parse(request.query().rawValue()), false, new byte[0]);
        }
        byte[] body = readBody(request);
        return new WebhookRequest(FormBody.parse(new String(body, StandardCharsets.UTF_8)), true, body);
    }

    String parameter(String name) {
        return parameters.first(name).orElse("");
    }

    private static byte[] readBody(ServerRequest request) {
        if (!request.content().hasEntity()) {
            return new byte[0];
        }
        try {
            return request.content().inputStream().readNBytes(MAX_BODY_BYTES);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the webhook body", e);
        }
    }
}
