package org.pharmacyvoice.adapters.twilio;

import io.helidon.http.HeaderNames;
import io.helidon.http.HttpMediaType;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.lang.System.Logger.Level;
import java.util.LinkedHashMap;
import org.pharmacyvoice.domain.call.port.in.PhoneCalls;
import org.pharmacyvoice.domain.telephony.PhoneNumbers;

/**
 * Answers Twilio's voice webhook with TwiML that connects the call to our media stream, passing the caller's
 * numbers, the CallSid and, when requests are validated, a one-time stream token as stream parameters (Twilio drops
 * query strings from stream URLs); the call notice, when there is one, is said first.
 */
final class IncomingCallWebhook implements Handler {

    private static final System.Logger LOG = System.getLogger(IncomingCallWebhook.class.getName());
    /** Twilio caps each parameter's name plus value below 500 characters. */
    private static final int MAX_PARAMETER_VALUE = 400;

    private final TwilioSettings settings;
    private final RequestGuard guard;
    private final StreamTokens tokens;
    private final PhoneCalls calls;
    private final CallNotice notice;

    IncomingCallWebhook(TwilioSettings settings, RequestGuard guard, StreamTokens tokens, PhoneCalls calls,
                        CallNotice notice) {
        this.settings = settings;
        this.guard = guard;
        this.tokens = tokens;
        this.calls = calls;
        this.notice = notice;
    }

    @Override
    public void handle(ServerRequest request, ServerResponse response) {
        WebhookRequest webhook = WebhookGate.admitted(request);
        String callSid = webhook.parameter("CallSid");
        String from = webhook.parameter("From");
        if (guard.enabled() && callSid.isBlank()) {
            LOG.log(Level.WARNING, "refused a signed call from {0} without a CallSid", PhoneNumbers.mask(from));
            response.status(Status.BAD_REQUEST_400).send();
            return;
        }
        response.headers().contentType(HttpMediaType.create("text/xml; charset=UTF-8"));
        switch (calls.admitNewCall()) {
            case OPEN -> {
            }
            case UNAVAILABLE -> {
                LOG.log(Level.WARNING, "[{0}] call from {1} turned away: the voice agent is not configured",
                        callSid, PhoneNumbers.mask(from));
                response.send(TwiML.sayAndHangUp(settings.notAvailableMessage()));
                return;
            }
            case BUSY -> {
                LOG.log(Level.WARNING, "[{0}] call from {1} turned away: the line is busy (call limit reached or "
                        + "draining for shutdown)", callSid, PhoneNumbers.mask(from));
                response.send(TwiML.sayAndHangUp(settings.busyMessage()));
                return;
            }
            case AGENT_DOWN -> {
                LOG.log(Level.WARNING, "[{0}] call from {1} sent straight to the fallback: calls in a row got no "
                        + "voice agent", callSid, PhoneNumbers.mask(from));
                response.send(TwiML.fallback(settings));
                return;
            }
        }
        var parameters = new LinkedHashMap<String, String>();
        parameters.put("From", clip(from));
        parameters.put("To", clip(webhook.parameter("To")));
        parameters.put("CallSid", clip(callSid));
        if (guard.enabled()) {
            parameters.put(MediaStreamListener.TOKEN_PARAMETER, tokens.mint(callSid));
        }
        String streamUrl = StreamUrl.of(settings.publicUrl(), settings.mediaStreamPath(),
                request.headers().first(HeaderNames.X_FORWARDED_PROTO),
                request.headers().first(HeaderNames.X_FORWARDED_HOST),
                request.headers().first(HeaderNames.HOST),
                request.isSecure());
        LOG.log(Level.INFO, "[{0}] incoming call from {1}, streaming to {2}", callSid, PhoneNumbers.mask(from),
                streamUrl);
        response.send(TwiML.sayFirst(notice, TwiML.connectStream(streamUrl, parameters, settings)));
    }

    private static String clip(String value) {
        return value.length() <= MAX_PARAMETER_VALUE ? value : value.substring(0, MAX_PARAMETER_VALUE);
    }
}
