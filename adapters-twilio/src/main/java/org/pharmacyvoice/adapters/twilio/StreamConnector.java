package org.pharmacyvoice.adapters.twilio;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import java.util.LinkedHashMap;

/**
 * Writes the TwiML that connects a call to our media stream, for a call that came in and for one the pharmacy
 * placed alike: the stream's {@code wss://} address, the call's numbers, its CallSid and, when requests are
 * validated, a one-time stream token as stream parameters (Twilio drops query strings from stream URLs); the call
 * notice, when there is one, is said first.
 */
final class StreamConnector {

    /** Twilio caps each parameter's name plus value below 500 characters. */
    private static final int MAX_PARAMETER_VALUE = 400;

    private final TwilioSettings settings;
    private final RequestGuard guard;
    private final StreamTokens tokens;
    private final CallNotice notice;

    StreamConnector(TwilioSettings settings, RequestGuard guard, StreamTokens tokens, CallNotice notice) {
        this.settings = settings;
        this.guard = guard;
        this.tokens = tokens;
        this.notice = notice;
    }

    /** Where Twilio must open the stream: PUBLIC_URL, or the address the webhook {@code request} came in on. */
    String streamUrl(ServerRequest request) {
        return StreamUrl.of(settings.publicUrl(), settings.mediaStreamPath(),
                request.headers().first(HeaderNames.X_FORWARDED_PROTO),
                request.headers().first(HeaderNames.X_FORWARDED_HOST),
                request.headers().first(HeaderNames.HOST),
                request.isSecure());
    }

    /**
     * Connects call {@code callSid} to the stream at {@code streamUrl}; {@code otherParty} is the person's number
     * (the stream's {@code From}: who the call's tools take the caller to be), {@code ourNumber} the pharmacy's.
     */
    String connect(String streamUrl, String callSid, String otherParty, String ourNumber) {
        var parameters = new LinkedHashMap<String, String>();
        parameters.put("From", clip(otherParty));
        parameters.put("To", clip(ourNumber));
        parameters.put("CallSid", clip(callSid));
        if (guard.enabled()) {
            parameters.put(MediaStreamListener.TOKEN_PARAMETER, tokens.mint(callSid));
        }
        return TwiML.sayFirst(notice, TwiML.connectStream(streamUrl, parameters, settings));
    }

    private static String clip(String value) {
        return value.length() <= MAX_PARAMETER_VALUE ? value : value.substring(0, MAX_PARAMETER_VALUE);
    }
}
