package org.pharmacyvoice.adapters.twilio;

import java.util.Map;

/** Writes the few TwiML documents we answer with; every value is XML-escaped. */
final class TwiML {

    private static final String HEADER = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";

    private TwiML() {
    }

    /**
     * Connects the call to our media stream. Twilio runs what follows {@code </Connect>} only when the stream ends
     * without the caller hanging up, so that is where the apology goes, and the transfer to a pharmacist when
     * there is one.
     */
    static String connectStream(String streamUrl, Map<String, String> parameters, TwilioSettings settings) {
        var xml = new StringBuilder(HEADER)
                .append("<Response>\n  <Connect>\n    <Stream url=\"").append(escape(streamUrl)).append("\">\n");
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
