package org.pharmacyvoice.adapters.twilio;

import io.helidon.http.HttpMediaType;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.lang.System.Logger.Level;
import org.pharmacyvoice.domain.call.port.in.PhoneCalls;
import org.pharmacyvoice.domain.telephony.PhoneNumbers;

/**
 * Answers Twilio's voice webhook: TwiML that connects the call to our media stream ({@link StreamConnector}) when
 * the agent can take it, or what the caller hears instead (not available yet, busy, the fallback).
 */
final class IncomingCallWebhook implements Handler {

    private static final System.Logger LOG = System.getLogger(IncomingCallWebhook.class.getName());

    private final TwilioSettings settings;
    private final RequestGuard guard;
    private final PhoneCalls calls;
    private final StreamConnector connector;

    IncomingCallWebhook(TwilioSettings settings, RequestGuard guard, PhoneCalls calls, StreamConnector connector) {
        this.settings = settings;
        this.guard = guard;
        this.calls = calls;
        this.connector = connector;
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
        String streamUrl = connector.streamUrl(request);
        LOG.log(Level.INFO, "[{0}] incoming call from {1}, streaming to {2}", callSid, PhoneNumbers.mask(from),
                streamUrl);
        response.send(connector.connect(streamUrl, callSid, from, webhook.parameter("To")));
    }
}
