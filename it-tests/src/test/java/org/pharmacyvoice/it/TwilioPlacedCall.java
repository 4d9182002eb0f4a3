package org.pharmacyvoice.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.pharmacyvoice.it.fakes.FakeTwilioCaller;
import org.pharmacyvoice.it.fakes.FakeTwilioRest;

/**
 * Twilio's side of a call the pharmacy placed through the fake REST API, played step by step by the test as Twilio
 * would: fetch the answer URL once the patient picks up, open the media stream its TwiML names, report what
 * answering-machine detection decided and how the call progressed. Every webhook is signed as Twilio signs it, with
 * exactly the parameters Twilio sends (twilio-media-streams.md §5).
 */
final class TwilioPlacedCall {

    private static final Pattern STREAM_URL = Pattern.compile("<Stream[^>]*\\surl=\"([^\"]+)\"");
    private static final Pattern PARAMETER = Pattern.compile("<Parameter name=\"([^\"]+)\" value=\"([^\"]*)\"/>");

    private final FakeTwilioRest.Received create;
    private final String callSid;
    private final TwilioSigner signer;
    private final HttpClient http = HttpClient.newHttpClient();

    TwilioPlacedCall(FakeTwilioRest.Received create, String callSid, String authToken) {
        this.create = create;
        this.callSid = callSid;
        this.signer = new TwilioSigner(authToken);
    }

    String callSid() {
        return callSid;
    }

    String to() {
        return create.first("To").orElseThrow();
    }

    /** The patient picked up: Twilio fetches the call's TwiML from its Url. The answer's status and body. */
    HttpResponse<String> answer() {
        return post(create.first("Url").orElseThrow(), "in-progress", Map.of());
    }

    /**
     * Opens the media stream the answer's {@code <Connect><Stream url>} names, as this call: the upgrade signed over
     * that URL and {@code start} carrying the TwiML's {@code <Parameter>}s (the stream token among them), as Twilio
     * does. {@code socket} is where that URL's server listens in the test.
     */
    FakeTwilioCaller connectStream(String twiml, URI socket) {
        return openStream(twiml, socket, signer, callSid);
    }

    /** Opens the stream {@code twiml} names for call {@code callSid}, as Twilio does (see {@link #connectStream}). */
    static FakeTwilioCaller openStream(String twiml, URI socket, TwilioSigner signer, String callSid) {
        Matcher url = STREAM_URL.matcher(twiml);
        if (!url.find()) {
            throw new AssertionError("no <Stream url> in the answer: " + twiml);
        }
        String streamUrl = url.group(1).replace("&amp;", "&");
        Map<String, String> parameters = new LinkedHashMap<>();
        Matcher parameter = PARAMETER.matcher(twiml);
        while (parameter.find()) {
            parameters.put(parameter.group(1), parameter.group(2));
        }
        FakeTwilioCaller caller = FakeTwilioCaller.connect(socket,
                Map.of("x-twilio-signature", signer.sign(streamUrl, Map.of())));
        caller.sendConnected();
        caller.sendStart(callSid, FakeTwilioCaller.newStreamSid(), parameters);
        return caller;
    }

    /**
     * A patient calling the pharmacy at {@code publicUrl} from {@code from}, as Twilio brings such a call: the signed
     * {@code /incoming-call} webhook, then the stream its TwiML names; the call once the agent is briefed.
     */
    static PhoneCall callingIn(RunningPharmacy pharmacy, String publicUrl, String from, String to, String authToken) {
        String callSid = FakeTwilioCaller.newCallSid();
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("AccountSid", FakeTwilioRest.ACCOUNT_SID);
        parameters.put("ApiVersion", "2010-04-01");
        parameters.put("CallSid", callSid);
        parameters.put("CallStatus", "ringing");
        parameters.put("Direction", "inbound");
        parameters.put("From", from);
        parameters.put("To", to);
        var signer = new TwilioSigner(authToken);
        HttpResponse<String> answer = post(HttpClient.newHttpClient(), signer, publicUrl + "/incoming-call",
                parameters);
        if (answer.statusCode() != 200) {
            throw new AssertionError("/incoming-call answered " + answer.statusCode() + ": " + answer.body());
        }
        FakeTwilioCaller caller = openStream(answer.body(), pharmacy.streamUrl(), signer, callSid);
        return PhoneCall.answered(caller, pharmacy.agent).call();
    }

    /** Asynchronous answering-machine detection reports {@code answeredBy} (human, machine_end_beep, fax, …). */
    HttpResponse<String> detected(String answeredBy) {
        return post(create.first("AsyncAmdStatusCallback").orElseThrow(), "in-progress",
                Map.of("AnsweredBy", answeredBy, "MachineDetectionDuration", "2140"));
    }

    /** The call's status callback with {@code status} (ringing, completed, no-answer, busy, failed, …). */
    HttpResponse<String> status(String status) {
        Map<String, String> extra = new LinkedHashMap<>();
        extra.put("CallbackSource", "call-progress-events");
        extra.put("SequenceNumber", "3");
        if (status.equals("completed")) {
            extra.put("CallDuration", "42");
            extra.put("Duration", "1");
        }
        return post(create.first("StatusCallback").orElseThrow(), status, extra);
    }

    private HttpResponse<String> post(String url, String callStatus, Map<String, String> extra) {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("AccountSid", FakeTwilioRest.ACCOUNT_SID);
        parameters.put("ApiVersion", "2010-04-01");
        parameters.put("CallSid", callSid);
        parameters.put("CallStatus", callStatus);
        parameters.put("Direction", "outbound-api");
        parameters.put("From", create.first("From").orElseThrow());
        parameters.put("To", to());
        parameters.putAll(extra);
        return post(http, signer, url, parameters);
    }

    private static HttpResponse<String> post(HttpClient http, TwilioSigner signer, String url,
                                             Map<String, String> parameters) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Twilio-Signature", signer.sign(url, parameters))
                .POST(HttpRequest.BodyPublishers.ofString(TwilioSigner.form(parameters)))
                .build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError("the server did not answer Twilio's webhook " + url, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
