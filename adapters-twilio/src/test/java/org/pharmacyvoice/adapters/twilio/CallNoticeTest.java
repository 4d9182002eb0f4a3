package org.pharmacyvoice.adapters.twilio;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pharmacyvoice.domain.telephony.Admission;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The recording or monitoring notice: off by default; when set, the incoming-call TwiML says it, XML-escaped, before
 * anything else, and is otherwise the same document byte for byte.
 */
class CallNoticeTest {

    private static final String START = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response>\n";
    private static final String CALL = "CallSid=CA123&From=%2B15551234567&To=%2B15550001111";
    private static final TwilioSettings SETTINGS = TwilioSettings.defaults(
            Optional.of(URI.create("https://pharmacy.example.com")));

    private final RecordingPhoneCalls calls = new RecordingPhoneCalls();
    private final List<TwilioTestServer> servers = new ArrayList<>();

    @AfterEach
    void stop() {
        servers.forEach(TwilioTestServer::close);
    }

    private String incomingCall(CallNotice notice) throws Exception {
        var server = TwilioTestServer.start(SETTINGS, notice, calls);
        servers.add(server);
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/incoming-call"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(CALL)).build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode(), is(200));
        return response.body();
    }

    @Test
    void withoutANoticeTheCallIsConnectedFirstThing() throws Exception {
        String twiml = incomingCall(CallNotice.NONE);

        assertThat(twiml, startsWith(START + "  <Connect action=\"/after-stream\" method=\"POST\">\n"));
        assertThat(incomingCall(new CallNotice("  \n ")), equalTo(twiml));
        assertThat(verbs(twiml).getFirst(), is("Connect"));
    }

    @Test
    void theNoticeIsSaidBeforeConnectingAndTheRestIsUnchanged() throws Exception {
        String without = incomingCall(CallNotice.NONE);

        String with = incomingCall(new CallNotice("This call may be recorded or monitored for quality."));

        assertThat(with, equalTo(START + "  <Say>This call may be recorded or monitored for quality.</Say>\n"
                + without.substring(START.length())));
        assertThat(verbs(with).subList(0, 2), contains("Say", "Connect"));
    }

    @Test
    void xmlSpecialCharactersInTheNoticeAreEscapedSoTheyCannotAddVerbs() throws Exception {
        String without = incomingCall(CallNotice.NONE);

        String with = incomingCall(new CallNotice("Calls to Smith & Sons <Pharmacy> are \"recorded\"; it's "
                + "policy.</Say><Hangup/><Say>"));

        assertThat(with, equalTo(START + "  <Say>Calls to Smith &amp; Sons &lt;Pharmacy&gt; are &quot;recorded&quot;; "
                + "it&apos;s policy.&lt;/Say&gt;&lt;Hangup/&gt;&lt;Say&gt;</Say>\n" + without.substring(START.length())));
        assertThat(verbs(with), equalTo(prepend("Say", verbs(without))));
    }

    @Test
    void aCallTurnedAwayHearsOnlyWhyNotTheNotice() throws Exception {
        calls.admission = Admission.BUSY;

        String twiml = incomingCall(new CallNotice("This call may be recorded."));

        assertThat(twiml, equalTo(TwiML.sayAndHangUp(SETTINGS.busyMessage())));
    }

    @Test
    void aNoticeLongerThanAThousandCharactersIsRefusedWithItsLength() {
        var e = assertThrows(IllegalArgumentException.class, () -> new CallNotice("a".repeat(1001)));

        assertThat(e.getMessage(), is("the call notice is 1001 characters long; keep it to 1000 (a sentence or two)"));
        assertThat(new CallNotice("a".repeat(1000)).isSet(), is(true));
    }

    /** The verbs of the TwiML document, in order, as an XML parser reads them: the bytes must be well-formed. */
    private static List<String> verbs(String twiml) throws Exception {
        Element response = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(twiml.getBytes(StandardCharsets.UTF_8))).getDocumentElement();
        assertThat(response.getTagName(), is("Response"));
        var verbs = new ArrayList<String>();
        for (Node child = response.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element) {
                verbs.add(element.getTagName());
            }
        }
        return verbs;
    }

    private static List<String> prepend(String first, List<String> rest) {
        var all = new ArrayList<String>();
        all.add(first);
        all.addAll(rest);
        return all;
    }
}
