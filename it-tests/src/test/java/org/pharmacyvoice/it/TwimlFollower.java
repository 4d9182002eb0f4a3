package org.pharmacyvoice.it;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * Twilio's side of a call once its media stream has ended: asks the {@code <Connect action>} URL what next and
 * follows the TwiML as Twilio does — {@code <Say>}, {@code <Dial>} with its {@code <Number url>} whisper asked on
 * the pharmacist's leg and its action reported with {@code DialCallStatus}, {@code <Record>} with its action (or,
 * when nothing was recorded, the next verb), {@code <Redirect>}, {@code <Hangup/>}. Requests carry Twilio's
 * parameters and, when a signer is given, its signature. What the pharmacist and the caller do is the test's.
 */
final class TwimlFollower {

    /** What the pharmacist's phone does when it rings: Twilio's {@code DialCallStatus}. */
    enum Pharmacist {
        ANSWERS("completed"), NO_ANSWER("no-answer"), BUSY("busy");

        final String dialCallStatus;

        Pharmacist(String dialCallStatus) {
            this.dialCallStatus = dialCallStatus;
        }
    }

    private static final int MAX_DOCUMENTS = 10;

    private final URI server;
    private final Optional<TwilioSigner> signer;
    private final String callSid;
    private final String from;
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<String> steps = new ArrayList<>();
    private Pharmacist pharmacist = Pharmacist.ANSWERS;
    private int voicemailSeconds = -1;

    TwimlFollower(URI server, Optional<TwilioSigner> signer, String callSid, String from) {
        this.server = server;
        this.signer = signer;
        this.callSid = callSid;
        this.from = from;
    }

    /** How the pharmacist's phone answers a {@code <Dial>}. */
    TwimlFollower pharmacist(Pharmacist behaviour) {
        this.pharmacist = behaviour;
        return this;
    }

    /** The caller leaves a message of this many seconds when asked; by default they say nothing. */
    TwimlFollower leavesVoicemail(int seconds) {
        this.voicemailSeconds = seconds;
        return this;
    }

    /**
     * Asks what happens after the stream ({@code actionPath}, with {@code CallStatus=in-progress}) and follows
     * until the call ends; returns each step: {@code say: …}, {@code dial +1…: whisper "…": completed},
     * {@code record: 17 s} or {@code record: nothing}, {@code redirect}, {@code hangup}.
     */
    List<String> afterStream(String actionPath) {
        Optional<String> next = Optional.of(post(actionPath, base(Map.of("CallStatus", "in-progress"))));
        for (int documents = 0; next.isPresent(); documents++) {
            if (documents == MAX_DOCUMENTS) {
                throw new AssertionError("more than " + MAX_DOCUMENTS + " TwiML documents: " + steps);
            }
            next = run(next.get());
        }
        return List.copyOf(steps);
    }

    /** Runs one document; the next document when one of its verbs led to another request. */
    private Optional<String> run(String twiml) {
        Element response = parse(twiml);
        for (Node node = response.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (!(node instanceof Element verb)) {
                continue;
            }
            switch (verb.getTagName()) {
                case "Say" -> steps.add("say: " + verb.getTextContent());
                case "Hangup" -> {
                    steps.add("hangup");
                    return Optional.empty();
                }
                case "Dial" -> {
                    Optional<String> next = dial(verb);
                    if (next.isPresent()) {
                        return next;
                    }
                }
                case "Record" -> {
                    Optional<String> next = record(verb);
                    if (next.isPresent()) {
                        return next;
                    }
                }
                case "Redirect" -> {
                    steps.add("redirect");
                    return Optional.of(post(verb.getTextContent().strip(), base(Map.of())));
                }
                default -> throw new AssertionError("a verb this follower does not know: " + verb.getTagName());
            }
        }
        steps.add("end of document");
        return Optional.empty();
    }

    /** Rings the number; the action's document, or empty when there is no action and the next verb follows. */
    private Optional<String> dial(Element dial) {
        Element number = (Element) dial.getElementsByTagName("Number").item(0);
        if (number == null) {
            steps.add("dial " + dial.getTextContent().strip() + ": " + pharmacist.dialCallStatus);
            return Optional.empty();
        }
        String whisper = "";
        if (number.hasAttribute("url")) {
            // Twilio asks the url on the pharmacist's leg, a child call, once they pick up.
            String twiml = post(number.getAttribute("url"), Map.of("CallSid", "CA" + "f".repeat(32),
                    "ParentCallSid", callSid, "From", from, "To", number.getTextContent().strip(),
                    "CallStatus", "in-progress", "Direction", "outbound-dial"));
            whisper = parse(twiml).getTextContent().strip();
        }
        steps.add("dial " + number.getTextContent().strip() + " (timeout " + dial.getAttribute("timeout")
                + " s): whisper \"" + whisper + "\": " + pharmacist.dialCallStatus);
        if (!dial.hasAttribute("action")) {
            return Optional.empty();
        }
        return Optional.of(post(dial.getAttribute("action"), base(Map.of("DialCallStatus",
                pharmacist.dialCallStatus))));
    }

    private Optional<String> record(Element record) {
        if (voicemailSeconds < 0) {
            steps.add("record: nothing (max " + record.getAttribute("maxLength") + " s)");
            return Optional.empty();
        }
        steps.add("record: " + voicemailSeconds + " s (max " + record.getAttribute("maxLength") + " s)");
        return Optional.of(post(record.getAttribute("action"), base(Map.of(
                "RecordingUrl", "https://api.twilio.com/2010-04-01/Accounts/AC1/Recordings/RE" + callSid.substring(2),
                "RecordingDuration", Integer.toString(voicemailSeconds),
                "RecordingSid", "RE" + callSid.substring(2), "Digits", "hangup"))));
    }

    private Map<String, String> base(Map<String, String> more) {
        var parameters = new LinkedHashMap<String, String>();
        parameters.put("AccountSid", "AC" + "0".repeat(32));
        parameters.put("CallSid", callSid);
        parameters.put("From", from);
        parameters.put("To", "+15550001111");
        parameters.put("Direction", "inbound");
        parameters.putAll(more);
        return parameters;
    }

    private String post(String pathAndQuery, Map<String, String> parameters) {
        URI target = server.resolve(pathAndQuery);
        var request = HttpRequest.newBuilder(target).header("Content-Type", "application/x-www-form-urlencoded");
        signer.ifPresent(s -> request.header("X-Twilio-Signature", s.sign(target.toString(), parameters)));
        try {
            HttpResponse<String> response = http.send(request.POST(HttpRequest.BodyPublishers.ofString(
                    TwilioSigner.form(parameters))).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new AssertionError("POST " + pathAndQuery + " answered " + response.statusCode());
            }
            return response.body();
        } catch (IOException e) {
            throw new AssertionError("POST " + pathAndQuery + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static Element parse(String twiml) {
        try {
            var factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            Element root = factory.newDocumentBuilder()
                    .parse(new ByteArrayInputStream(twiml.getBytes(StandardCharsets.UTF_8))).getDocumentElement();
            if (!root.getTagName().equals("Response")) {
                throw new AssertionError("TwiML without <Response>: " + twiml);
            }
            return root;
        } catch (ParserConfigurationException | SAXException | IOException e) {
            throw new AssertionError("not TwiML: " + twiml, e);
        }
    }
}
