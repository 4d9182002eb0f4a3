package org.pharmacyvoice.adapters.twilio;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.pharmacyvoice.domain.telephony.AfterStream;

/** Writes the few TwiML documents we answer with; every value is XML-escaped. */
final class TwiML {

    private static final String HEADER = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";

    private TwiML() {
    }

    /** Where Twilio asks what to do once a call's media stream has ended ({@code <Connect action>}). */
    static final String AFTER_STREAM_PATH = "/after-stream";
    /** What the pharmacist hears before being connected ({@code <Number url>}). */
    static final String WHISPER_PATH = "/whisper";
    /** Where Twilio reports how ringing the pharmacist ended ({@code <Dial action>}). */
    static final String DIAL_DONE_PATH = "/dial-done";
    /** Where Twilio reports a voicemail ({@code <Record action>}). */
    static final String VOICEMAIL_PATH = "/voicemail-done";
    /** How long the pharmacist's phone rings before the caller is offered the voicemail. */
    static final int RING_SECONDS = 20;
    /** The longest voicemail, in seconds: a message, not a recording of a whole call. */
    static final int VOICEMAIL_MAX_SECONDS = 120;

    /**
     * Connects the call to our media stream. When the stream ends, Twilio asks {@link #AFTER_STREAM_PATH} what to do
     * next; what follows {@code </Connect>} (the apology, or the transfer to a pharmacist when there is one) is the
     * fallback for when it can't.
     */
    static String connectStream(String streamUrl, Map<String, String> parameters, TwilioSettings settings) {
        var xml = new StringBuilder(HEADER)
                .append("<Response>\n  <Connect action=\"").append(AFTER_STREAM_PATH).append("\" method=\"POST\">\n")
                .append("    <Stream url=\"").append(escape(streamUrl)).append("\">\n");
        parameters.forEach((name, value) -> xml.append("      <Parameter name=\"").append(escape(name))
                .append("\" value=\"").append(escape(value)).append("\"/>\n"));
        xml.append("    </Stream>\n  </Connect>\n");
        return appendFallback(xml, settings).toString();
    }

    /**
     * What a caller hears when the voice agent can't take the call: the same as after {@code </Connect>}, served at
     * once instead of after a wait in silence.
     */
    static String fallback(TwilioSettings settings) {
        return appendFallback(new StringBuilder(HEADER).append("<Response>\n"), settings).toString();
    }

    private static StringBuilder appendFallback(StringBuilder xml, TwilioSettings settings) {
        if (settings.pharmacistNumber().isPresent()) {
            return xml.append("  <Say>").append(escape(settings.transferMessage())).append("</Say>\n  <Dial>")
                    .append(escape(settings.pharmacistNumber().get())).append("</Dial>\n</Response>\n");
        }
        return xml.append("  <Say>").append(escape(settings.apology())).append("</Say>\n  <Hangup/>\n</Response>\n");
    }

    /** What Twilio does once the stream has ended, as the front desk decided. */
    static String afterStream(AfterStream next, TwilioSettings settings) {
        return switch (next) {
            case AfterStream.Transfer transfer -> transfer(transfer);
            case AfterStream.Voicemail voicemail -> voicemail(voicemail);
            case AfterStream.HangUp hangUp -> hangUp.goodbye().isEmpty() ? hangUp() : sayAndHangUp(hangUp.goodbye());
            case AfterStream.Fallback fallback -> fallback(settings);
        };
    }

    private static String transfer(AfterStream.Transfer transfer) {
        var xml = new StringBuilder(HEADER).append("<Response>\n");
        if (!transfer.announcement().isEmpty()) {
            xml.append("  <Say>").append(escape(transfer.announcement())).append("</Say>\n");
        }
        return xml.append("  <Dial action=\"").append(DIAL_DONE_PATH).append("\" method=\"POST\" timeout=\"")
                .append(RING_SECONDS).append("\">\n    <Number url=\"")
                .append(escape(WHISPER_PATH + "?call=" + URLEncoder.encode(transfer.callSid(), StandardCharsets.UTF_8)))
                .append("\" method=\"POST\">").append(escape(transfer.number())).append("</Number>\n  </Dial>\n")
                .append("</Response>\n").toString();
    }

    /**
     * The prompt, the beep and up to {@link #VOICEMAIL_MAX_SECONDS} of message. Twilio skips the {@code <Record>}
     * action when nothing was recorded and goes on to the next verb instead: that redirect still files the caller's
     * callback request, without a message.
     */
    private static String voicemail(AfterStream.Voicemail voicemail) {
        String done = escape(VOICEMAIL_PATH + "?reason=" + voicemail.reason().code());
        return HEADER + "<Response>\n  <Say>" + escape(voicemail.prompt()) + "</Say>\n  <Record action=\"" + done
                + "\" method=\"POST\" maxLength=\"" + VOICEMAIL_MAX_SECONDS
                + "\" playBeep=\"true\" finishOnKey=\"#\" trim=\"trim-silence\"/>\n  <Redirect method=\"POST\">" + done
                + "</Redirect>\n</Response>\n";
    }

    /** The whisper: what the pharmacist hears before the caller is put through. */
    static String whisper(String summary) {
        return HEADER + "<Response>\n  <Say>" + escape(summary) + "</Say>\n</Response>\n";
    }

    /** Hangs up. */
    static String hangUp() {
        return HEADER + "<Response>\n  <Hangup/>\n</Response>\n";
    }

    /**
     * {@code twiml}, one of ours, with {@code notice} said before everything else in it (Twilio runs the verbs in
     * order); unchanged when there is no notice.
     */
    static String sayFirst(CallNotice notice, String twiml) {
        if (!notice.isSet()) {
            return twiml;
        }
        String start = HEADER + "<Response>\n";
        if (!twiml.startsWith(start)) {
            // Not the document itself: it carries the caller's number.
            throw new IllegalArgumentException("the call notice goes only into a TwiML response written here");
        }
        return start + "  <Say>" + escape(notice.text()) + "</Say>\n" + twiml.substring(start.length());
    }

    /** Says something and hangs up. */
    static String sayAndHangUp(String message) {
        return HEADER + "<Response>\n  <Say>" + escape(message) + "</Say>\n  <Hangup/>\n</Response>\n";
    }

    static String escape(String text) {
        var out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                default -> {
                    // XML 1.0 forbids most control characters even when escaped.
                    if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r') {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
