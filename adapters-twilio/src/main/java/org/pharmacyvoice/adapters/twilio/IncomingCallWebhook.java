package org.pharmacyvoice.adapters.twilio;

import io.helidon.http.HeaderNames;
import io.helidon.http.HttpMediaType;
import io.helidon.http.Method;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.lang.System.Logger.Level;
import java.util.LinkedHashMap;
import java.util.Optional;
import org.pharmacyvoice.domain.model.PhoneNumbers;

/**
 * Answers Twilio's voice webhook with TwiML that connects the call to our media stream, passing the caller's
 * numbers and CallSid as stream parameters (Twilio drops query strings from stream URLs).
 */
final class IncomingCallWebhook implements Handler {

    private static final System.Logger LOG = System.getLogger(IncomingCallWebhook.class.getName());
    private static final int MAX_BODY_BYTES = 64 * 1024;
    /** Twilio caps each parameter's name plus value below 500 characters. */
    private static final int MAX_PARAMETER_VALUE = 400;

    private final TwilioSettings settings;

    IncomingCallWebhook(TwilioSettings settings) {
        this.settings = settings;
    }

    @Override
    public void handle(ServerRequest request, ServerResponse response) {
        FormBody form = request.prologue().method() == Method.POST
                ? FormBody.parse(readBody(request))
                : FormBody.parse(request.query().rawValue());
        String callSid = form.first("CallSid").orElse("");
        String from = form.first("From").orElse("");
        response.headers().contentType(HttpMediaType.create("text/xml; charset=UTF-8"));
        if (!settings.agentConfigured()) {
            LOG.log(Level.WARNING, "[{0}] call from {1} turned away: the voice agent is not configured",
                    callSid, PhoneNumbers.mask(from));
            response.send(TwiML.sayAndHangUp(settings.notAvailableMessage()));
            return;
        }
        var parameters = new LinkedHashMap<String, String>();
        parameters.put("From", clip(from));
        parameters.put("To", clip(form.first("To").orElse("")));
        parameters.put("CallSid", clip(callSid));
        String streamUrl = StreamUrl.of(settings.publicUrl(), settings.mediaStreamPath(),
                request.headers().first(HeaderNames.X_FORWARDED_PROTO),
                request.headers().first(HeaderNames.X_FORWARDED_HOST),
                request.headers().first(HeaderNames.HOST),
                request.isSecure());
        LOG.log(Level.INFO, "[{0}] incoming call from {1}, streaming to {2}", callSid, PhoneNumbers.mask(from),
                streamUrl);
        response.send(TwiML.connectStream(streamUrl, parameters, settings.apology()));
    }

    private static String readBody(ServerRequest request) {
        if (!request.content().hasEntity()) {
            return "";
        }
        try {
            byte[] body = request.content().inputStream().readNBytes(MAX_BODY_BYTES);
            return new String(body, java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("could not read the webhook body", e);
        }
    }

    private static String clip(String value) {
        return value.length() <= MAX_PARAMETER_VALUE ? value : value.substring(0, MAX_PARAMETER_VALUE);
    }
}
