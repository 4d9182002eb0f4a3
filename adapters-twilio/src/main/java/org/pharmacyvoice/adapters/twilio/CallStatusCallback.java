package org.pharmacyvoice.adapters.twilio;

import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.lang.System.Logger.Level;
import java.util.OptionalInt;
import org.pharmacyvoice.domain.call.port.in.PhoneCalls;

/** Passes Twilio's call status callbacks (ringing, completed, busy, …) on to the domain and answers 204. */
final class CallStatusCallback implements Handler {

    private static final System.Logger LOG = System.getLogger(CallStatusCallback.class.getName());

    private final PhoneCalls calls;

    CallStatusCallback(PhoneCalls calls) {
        this.calls = calls;
    }

    @Override
    public void handle(ServerRequest request, ServerResponse response) {
        WebhookRequest callback = WebhookGate.admitted(request);
        String callSid = callback.parameter("CallSid");
        String status = callback.parameter("CallStatus");
        if (callSid.isBlank() || status.isBlank()) {
            LOG.log(Level.WARNING, "ignored a status callback without CallSid or CallStatus");
            response.status(Status.BAD_REQUEST_400).send();
            return;
        }
        OptionalInt duration = seconds(callback.parameter("CallDuration"));
        LOG.log(Level.DEBUG, "[{0}] Twilio reports the call {1}", callSid, status);
        calls.statusReported(callSid, status, duration);
        response.status(Status.NO_CONTENT_204).send();
    }

    private static OptionalInt seconds(String text) {
        try {
            int seconds = Integer.parseInt(text);
            return seconds >= 0 ? OptionalInt.of(seconds) : OptionalInt.empty();
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }
}
