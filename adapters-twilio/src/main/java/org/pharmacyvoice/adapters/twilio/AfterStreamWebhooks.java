package org.pharmacyvoice.adapters.twilio;

import io.helidon.http.HttpMediaType;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.lang.System.Logger.Level;
import java.util.Locale;
import java.util.Optional;
import org.pharmacyvoice.domain.frontdesk.port.in.AfterStreamUseCase;
import org.pharmacyvoice.domain.telephony.Callback;
import org.pharmacyvoice.domain.telephony.DialOutcome;

/**
 * Answers Twilio's requests once a call's media stream has ended, in TwiML: what next ({@code <Connect action>}),
 * the pharmacist's whisper ({@code <Number url>}), how ringing them ended ({@code <Dial action>}) and the voicemail
 * ({@code <Record action>}). The front desk in the domain decides; this only reads Twilio's parameters and writes
 * TwiML. Every request is size-checked and signature-checked first ({@link WebhookGate}).
 */
final class AfterStreamWebhooks {

    private static final System.Logger LOG = System.getLogger(AfterStreamWebhooks.class.getName());
    /** A CallSid is "CA" and 32 hex digits; anything else is not a call of ours. */
    private static final String CALL_SID = "CA[0-9a-fA-F]{32}";

    private final AfterStreamUseCase frontDesk;
    private final TwilioSettings settings;

    AfterStreamWebhooks(AfterStreamUseCase frontDesk, TwilioSettings settings) {
        this.frontDesk = frontDesk;
        this.settings = settings;
    }

    /** {@code POST /after-stream}: the stream ended; a caller who hung up needs nothing more. */
    void afterStream(ServerRequest request, ServerResponse response) {
        WebhookRequest webhook = WebhookGate.admitted(request);
        Optional<String> callSid = callSid(webhook.parameter("CallSid"));
        if (callSid.isEmpty()) {
            refuse(response, "after-stream");
            return;
        }
        if ("completed".equals(webhook.parameter("CallStatus"))) {
            send(response, TwiML.hangUp());
            return;
        }
        send(response, TwiML.afterStream(frontDesk.afterStream(callSid.get(), webhook.otherParty()), settings));
    }

    /** {@code POST /whisper?call=CA…}: said to the pharmacist before the caller is put through. */
    void whisper(ServerRequest request, ServerResponse response) {
        WebhookGate.admitted(request);
        Optional<String> callSid = callSid(request.query().first("call").orElse(""));
        if (callSid.isEmpty()) {
            refuse(response, "whisper");
            return;
        }
        // The summary names the patient: it goes to the pharmacist's phone, never to the log.
        send(response, TwiML.whisper(frontDesk.whisper(callSid.get())));
    }

    /** {@code POST /dial-done}: how ringing the pharmacist ended. */
    void dialDone(ServerRequest request, ServerResponse response) {
        WebhookRequest webhook = WebhookGate.admitted(request);
        Optional<String> callSid = callSid(webhook.parameter("CallSid"));
        if (callSid.isEmpty()) {
            refuse(response, "dial-done");
            return;
        }
        send(response, TwiML.afterStream(frontDesk.dialEnded(callSid.get(),
                outcome(webhook.parameter("DialCallStatus"))), settings));
    }

    /** {@code POST /voicemail-done?reason=…}: the caller's message (or none) becomes a callback request. */
    void voicemailDone(ServerRequest request, ServerResponse response) {
        WebhookRequest webhook = WebhookGate.admitted(request);
        Optional<String> callSid = callSid(webhook.parameter("CallSid"));
        Optional<Callback.Reason> reason = request.query().first("reason").flatMap(Callback.Reason::fromCode);
        if (callSid.isEmpty() || reason.isEmpty()) {
            refuse(response, "voicemail-done");
            return;
        }
        Optional<String> recording = Optional.of(webhook.parameter("RecordingUrl"))
                .filter(url -> url.startsWith("https://") || url.startsWith("http://"));
        send(response, TwiML.afterStream(frontDesk.voicemailLeft(callSid.get(), webhook.otherParty(),
                reason.get(), recording, seconds(webhook.parameter("RecordingDuration"))), settings));
    }

    /** Twilio's {@code DialCallStatus}; an unknown one counts as failed, so the caller still gets the voicemail. */
    static DialOutcome outcome(String dialCallStatus) {
        return switch (dialCallStatus.toLowerCase(Locale.ROOT)) {
            case "completed", "answered" -> DialOutcome.ANSWERED;
            case "busy" -> DialOutcome.BUSY;
            case "no-answer" -> DialOutcome.NO_ANSWER;
            case "canceled" -> DialOutcome.CANCELED;
            default -> DialOutcome.FAILED;
        };
    }

    /** The value if it is a CallSid, which every request about one of our calls carries. */
    static Optional<String> callSid(String value) {
        return Optional.of(value).filter(sid -> sid.matches(CALL_SID));
    }

    private static int seconds(String text) {
        try {
            return Math.max(0, Integer.parseInt(text.strip()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static void refuse(ServerResponse response, String what) {
        LOG.log(Level.WARNING, "refused a {0} request without a valid CallSid", what);
        response.status(Status.BAD_REQUEST_400).send();
    }

    private static void send(ServerResponse response, String twiml) {
        response.headers().contentType(HttpMediaType.create("text/xml; charset=UTF-8"));
        response.send(twiml);
    }
}
