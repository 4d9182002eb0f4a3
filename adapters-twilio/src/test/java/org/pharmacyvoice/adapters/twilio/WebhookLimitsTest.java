package org.pharmacyvoice.adapters.twilio;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The webhooks' limits, over raw sockets so that what the server does not read can be proven: a request it refuses
 * without reading the body is answered while the body has not even been sent, and the connection is closed.
 */
class WebhookLimitsTest {

    private static final String AUTH_TOKEN = "0123456789abcdef0123456789abcdef";
    private static final String PUBLIC = "https://pharmacy.example.com";
    private static final TwilioSignature SIGNER = new TwilioSignature(AUTH_TOKEN);
    private static final Pattern SUMMARY = Pattern.compile("WARNING refused (\\d+) more requests in the same 1000 ms "
            + "as the ones logged before, without a line each: only 5 lines are logged per 1000 ms");

    private final RecordingPhoneCalls calls = new RecordingPhoneCalls();
    private TwilioTestServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private void startValidating() {
        server = TwilioTestServer.start(TwilioSettings.defaults(Optional.of(URI.create(PUBLIC)))
                .withAuthToken(Optional.of(AUTH_TOKEN)), calls);
    }

    @Test
    void bodyDeclaredOverSixteenKibIsRefusedWith413BeforeItIsSentAndTheConnectionIsClosed() throws Exception {
        startValidating();
        try (var log = new LogCapture(); var socket = connect()) {

            // Headers only: a server that waited for the body would time out instead.
            write(socket, head("/incoming-call", "X-Twilio-Signature: c2lnbmVk\r\nContent-Length: 16385\r\n"));

            Answer answer = Answer.read(socket.getInputStream());
            assertThat(answer.status(), equalTo(413));
            assertThat(answer.header("connection"), equalTo("close"));
            assertThat(closedByServer(socket), is(true));
            assertThat(log.warnings(), contains("WARNING refused POST /incoming-call: a body of 16385 bytes, over "
                    + "the limit of 16384"));
        }
    }

    @Test
    void signedBodyOfExactlySixteenKibIsAnswered() throws Exception {
        startValidating();
        var parameters = callParameters();
        String form = form(parameters);
        String padding = "x".repeat(WebhookRequest.MAX_BODY_BYTES - form.length() - "&Padding=".length());
        parameters.put("Padding", List.of(padding));
        String body = form + "&Padding=" + padding;
        try (var socket = connect()) {

            write(socket, head("/incoming-call", "X-Twilio-Signature: " + SIGNER.sign(PUBLIC + "/incoming-call",
                    parameters) + "\r\nContent-Length: " + body.length() + "\r\n") + body);

            assertThat(body.length(), equalTo(16 * 1024));
            assertThat(Answer.read(socket.getInputStream()).status(), equalTo(200));
        }
    }

    @Test
    void chunkedBodyIsRefusedWith413AsSoonAsItPassesTheLimitWithoutWaitingForItsEnd() throws Exception {
        startValidating();
        try (var log = new LogCapture(); var socket = connect()) {
            var chunks = new StringBuilder(head("/call-status", "X-Twilio-Signature: c2lnbmVk\r\n"
                    + "Transfer-Encoding: chunked\r\n"));
            for (int i = 0; i < 16; i++) {
                chunks.append("400\r\n").append("a".repeat(1024)).append("\r\n");
            }
            chunks.append("1\r\nb\r\n");

            // 16 KiB and one byte, and no last chunk: the end of the body never comes.
            write(socket, chunks.toString());

            Answer answer = Answer.read(socket.getInputStream());
            assertThat(answer.status(), equalTo(413));
            assertThat(answer.header("connection"), equalTo("close"));
            assertThat(closedByServer(socket), is(true));
            assertThat(calls.statusReports(), empty());
            assertThat(log.warnings(), contains("WARNING refused POST /call-status: a body over 16384 bytes"));
        }
    }

    @Test
    void moreThanTwoHundredParametersAreRefusedWith413EvenWhenCorrectlySigned() throws Exception {
        startValidating();
        var parameters = callParameters();
        while (parameters.size() < WebhookRequest.MAX_PARAMETERS + 1) {
            parameters.put("p" + parameters.size(), List.of("1"));
        }
        String form = form(parameters);
        try (var log = new LogCapture(); var socket = connect()) {

            write(socket, head("/incoming-call", "X-Twilio-Signature: " + SIGNER.sign(PUBLIC + "/incoming-call",
                    parameters) + "\r\nContent-Length: " + form.length() + "\r\n") + form);

            assertThat(Answer.read(socket.getInputStream()).status(), equalTo(413));
            assertThat(log.warnings(), contains("WARNING refused POST /incoming-call: more than 200 parameters"));
        }
    }

    @Test
    void twoHundredParametersCorrectlySignedAreAnswered() throws Exception {
        startValidating();
        var parameters = callParameters();
        while (parameters.size() < WebhookRequest.MAX_PARAMETERS) {
            parameters.put("p" + parameters.size(), List.of("1"));
        }
        String form = form(parameters);
        try (var socket = connect()) {

            write(socket, head("/incoming-call", "X-Twilio-Signature: " + SIGNER.sign(PUBLIC + "/incoming-call",
                    parameters) + "\r\nContent-Length: " + form.length() + "\r\n") + form);

            assertThat(Answer.read(socket.getInputStream()).status(), equalTo(200));
        }
    }

    @Test
    void whileTheCheckingDeskStaysBusyASignedWebhookIsTurnedAwayWith503AfterThePatienceAndServedOnceItIsFree()
            throws Exception {
        var desk = new CheckingDesk(1, Duration.ofMillis(300));
        server = TwilioTestServer.start(TwilioSettings.defaults(Optional.of(URI.create(PUBLIC)))
                .withAuthToken(Optional.of(AUTH_TOKEN)), calls, desk);
        var parameters = callParameters();
        String form = form(parameters);
        String request = head("/incoming-call", "X-Twilio-Signature: " + SIGNER.sign(PUBLIC + "/incoming-call",
                parameters) + "\r\nContent-Length: " + form.length() + "\r\n") + form;
        assertThat(desk.enter(), is(true));
        try (var log = new LogCapture(); var socket = connect()) {

            long start = System.nanoTime();
            write(socket, request);
            Answer busy = Answer.read(socket.getInputStream());
            long waited = System.nanoTime() - start;
            desk.leave();
            write(socket, request);
            Answer served = Answer.read(socket.getInputStream());

            assertThat(busy.status(), equalTo(503));
            assertThat(busy.header("retry-after"), equalTo("1"));
            assertThat(waited >= Duration.ofMillis(300).toNanos(), is(true));
            assertThat(served.status(), equalTo(200));
            assertThat(log.warnings(), contains("WARNING turned away POST /incoming-call with 503: all webhook "
                    + "checks busy for 300 ms"));
        }
    }

    @Test
    void missingSignatureIsRefusedWith403BeforeTheBodyIsSentAndTheConnectionIsClosed() throws Exception {
        startValidating();
        try (var log = new LogCapture(); var socket = connect()) {

            write(socket, head("/incoming-call", "Content-Length: 300\r\n"));

            Answer answer = Answer.read(socket.getInputStream());
            assertThat(answer.status(), equalTo(403));
            assertThat(answer.header("connection"), equalTo("close"));
            assertThat(closedByServer(socket), is(true));
            assertThat(log.warnings(), contains("WARNING refused POST /incoming-call: missing X-Twilio-Signature"));
        }
    }

    @Test
    void withoutAuthTokenTheLimitsStillHold() throws Exception {
        server = TwilioTestServer.start(TwilioSettings.defaults(Optional.of(URI.create(PUBLIC))), calls);
        try (var socket = connect()) {

            write(socket, head("/incoming-call", "Content-Length: 20000\r\n"));

            assertThat(Answer.read(socket.getInputStream()).status(), equalTo(413));
        }
    }

    @Test
    void aFloodOfRefusalsIsLoggedFiveLinesASecondAndTheRestSummedUp() throws Exception {
        startValidating();
        try (var log = new LogCapture()) {

            for (int i = 0; i < 12; i++) {
                try (var socket = connect()) {
                    write(socket, head("/incoming-call", "Content-Length: 0\r\n"));
                    assertThat(Answer.read(socket.getInputStream()).status(), equalTo(403));
                }
            }

            Thread.sleep(1500);
            List<String> lines = log.warnings();
            String detailed = "WARNING refused POST /incoming-call: missing X-Twilio-Signature";
            assertThat(lines.subList(0, 5), equalTo(List.of(detailed, detailed, detailed, detailed, detailed)));
            long logged = lines.stream().filter(detailed::equals).count();
            long summedUp = 0;
            for (String line : lines) {
                Matcher summary = SUMMARY.matcher(line);
                if (summary.matches()) {
                    summedUp += Long.parseLong(summary.group(1));
                }
            }
            assertThat(logged < 12, is(true));
            assertThat(logged + summedUp, equalTo(12L));
            assertThat(lines.size(), equalTo((int) logged + (int) lines.stream().filter(l -> SUMMARY.matcher(l)
                    .matches()).count()));
        }
    }

    private Socket connect() throws IOException {
        var socket = new Socket("127.0.0.1", server.port());
        socket.setSoTimeout(5000);
        return socket;
    }

    private static String head(String path, String headers) {
        return "POST " + path + " HTTP/1.1\r\nHost: pharmacy.example.com\r\n"
                + "Content-Type: application/x-www-form-urlencoded\r\n" + headers + "\r\n";
    }

    private static void write(Socket socket, String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
    }

    private static LinkedHashMap<String, List<String>> callParameters() {
        var parameters = new LinkedHashMap<String, List<String>>();
        parameters.put("CallSid", List.of("CA123"));
        parameters.put("From", List.of("+15551234567"));
        parameters.put("To", List.of("+15550001111"));
        parameters.put("AccountSid", List.of("AC1"));
        parameters.put("CallStatus", List.of("ringing"));
        return parameters;
    }

    private static String form(Map<String, List<String>> parameters) {
        var parts = new ArrayList<String>();
        parameters.forEach((name, values) -> values.forEach(value -> parts.add(name + "="
                + java.net.URLEncoder.encode(value, StandardCharsets.UTF_8))));
        return String.join("&", parts);
    }

    /** Whether the server closed the connection (after its answer, which was read). */
    private static boolean closedByServer(Socket socket) throws IOException {
        try {
            return socket.getInputStream().read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset: the server closed with bytes of ours unread, as it should
        }
    }

    /** One HTTP response read off the socket. */
    private record Answer(int status, Map<String, String> headers) {

        static Answer read(InputStream in) throws IOException {
            String statusLine = line(in);
            var headers = new LinkedHashMap<String, String>();
            for (String header = line(in); !header.isEmpty(); header = line(in)) {
                int colon = header.indexOf(':');
                headers.put(header.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        header.substring(colon + 1).trim());
            }
            in.skipNBytes(Long.parseLong(headers.getOrDefault("content-length", "0")));
            return new Answer(Integer.parseInt(statusLine.split(" ")[1]), headers);
        }

        String header(String name) {
            return headers.get(name);
        }

        private static String line(InputStream in) throws IOException {
            var bytes = new ByteArrayOutputStream();
            for (int c = in.read(); c != '\n'; c = in.read()) {
                if (c < 0) {
                    throw new IOException("connection closed in the middle of a response: " + bytes);
                }
                bytes.write(c);
            }
            String line = bytes.toString(StandardCharsets.US_ASCII);
            return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
        }
    }
}
