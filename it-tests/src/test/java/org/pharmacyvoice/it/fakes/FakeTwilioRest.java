package org.pharmacyvoice.it.fakes;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * A local stand-in for Twilio's REST API Calls resource ({@code /2010-04-01/Accounts/{AccountSid}/Calls.json} and
 * {@code .../Calls/{CallSid}.json}): checks Basic auth and the create parameters as Twilio does, answers with
 * Twilio's JSON (the call resource, or {@code code}, {@code message}, {@code more_info}, {@code status} errors), lists
 * calls by {@code To}, fetches and updates one call (404 for a SID it never created, 400 code 21220 once the call is
 * over), can be scripted to fail (429, 5xx, slow answers, a call created or updated and its answer lost), and records
 * every request.
 *
 * <p>Parameters Twilio would accept but that look wrong for our use (an unknown StatusCallbackEvent, a
 * non-numeric Timeout, an update's TwiML that is not a well-formed {@code <Response>}) are listed in
 * {@link #mistakes()} rather than refused with an error code we can't vouch for. An update is recorded, not run:
 * a call ends only when the test says so ({@link #hangUp}).
 */
public final class FakeTwilioRest implements AutoCloseable {

    public static final String ACCOUNT_SID = "AC" + "0123456789abcdef".repeat(2);
    public static final String AUTH_TOKEN = "fake-auth-token-" + "9".repeat(16);
    public static final String API_KEY_SID = "SK" + "fedcba9876543210".repeat(2);
    public static final String API_KEY_SECRET = "fake-api-key-secret-" + "7".repeat(12);

    private static final Pattern CALLS = Pattern.compile("/2010-04-01/Accounts/([^/]+)/Calls\\.json");
    private static final Pattern CALL = Pattern.compile("/2010-04-01/Accounts/([^/]+)/Calls/([^/]+)\\.json");
    /** Twilio's documented cap on inline TwiML (for Calls create). */
    private static final int MAX_TWIML = 4000;
    /** Twilio's date format in JSON resources (RFC 2822), e.g. "Tue, 01 Dec 2026 02:10:00 +0000". */
    static final DateTimeFormatter TWILIO_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss Z", Locale.US).withZone(ZoneOffset.UTC);
    private static final Set<String> STATUS_EVENTS = Set.of("initiated", "ringing", "answered", "completed");
    private static final Set<String> MACHINE_DETECTION = Set.of("Enable", "DetectMessageEnd");

    /** One request as the fake received it, repeated parameters kept in order. */
    public record Received(String method, String path, Optional<String> username,
            Map<String, List<String>> parameters, int answeredStatus) {

        /** The parameter's only or first value. */
        public Optional<String> first(String name) {
            return parameters.getOrDefault(name, List.of()).stream().findFirst();
        }

        /** Every value of a repeated parameter, in order. */
        public List<String> all(String name) {
            return parameters.getOrDefault(name, List.of());
        }
    }

    /** A call the fake created, as Twilio would have queued it. */
    public record CreatedCall(String sid, String to, String from, Instant created) {
    }

    /** An update the fake applied to one of its calls, in arrival order. */
    public record CallUpdate(String sid, Map<String, List<String>> parameters) {

        /** The parameter's only or first value. */
        public Optional<String> first(String name) {
            return parameters.getOrDefault(name, List.of()).stream().findFirst();
        }
    }

    /** A scripted failure for one request. */
    public record Fault(int status, Optional<Duration> retryAfter, Duration delay, boolean createFirst) {

        /** 429 Too Many Requests, with a Retry-After header in seconds when given; no call is created. */
        public static Fault tooManyRequests(Optional<Duration> retryAfter) {
            return new Fault(429, retryAfter, Duration.ZERO, false);
        }

        /** A 5xx before anything is created. */
        public static Fault serverError(int status) {
            return new Fault(status, Optional.empty(), Duration.ZERO, false);
        }

        /** The worst case of a non-idempotent request: the call IS created (or updated), and the answer is a 5xx. */
        public static Fault createdThenServerError(int status) {
            return new Fault(status, Optional.empty(), Duration.ZERO, true);
        }

        /**
         * The call is created (or updated) and answered normally, but only after {@code delay} (the client may have
         * given up).
         */
        public static Fault slow(Duration delay) {
            return new Fault(0, Optional.empty(), delay, true);
        }
    }

    private final HttpServer server;
    private final ExecutorService workers = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "fake-twilio-rest");
        thread.setDaemon(true);
        return thread;
    });
    private final List<Received> requests = new CopyOnWriteArrayList<>();
    private final List<CreatedCall> calls = new CopyOnWriteArrayList<>();
    private final List<String> mistakes = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedQueue<Fault> createFaults = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Fault> listFaults = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Fault> updateFaults = new ConcurrentLinkedQueue<>();
    private final List<CallUpdate> updates = new CopyOnWriteArrayList<>();
    private final Set<String> over = ConcurrentHashMap.newKeySet();
    private final SecureRandom random = new SecureRandom();
    private volatile Duration listLag = Duration.ZERO;

    private FakeTwilioRest() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.setExecutor(workers);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Starts the fake on a free loopback port. */
    public static FakeTwilioRest start() {
        try {
            return new FakeTwilioRest();
        } catch (IOException e) {
            throw new IllegalStateException("could not start the fake Twilio REST server", e);
        }
    }

    /** {@code http://127.0.0.1:PORT}: the API base, as {@code https://api.twilio.com} is Twilio's. */
    public URI apiBase() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The next {@code count} Calls create requests get {@code fault} instead of the usual answer. */
    public FakeTwilioRest failNextCreates(int count, Fault fault) {
        for (int i = 0; i < count; i++) {
            createFaults.add(fault);
        }
        return this;
    }

    /** The next {@code count} Calls list requests get {@code fault} instead of the usual answer. */
    public FakeTwilioRest failNextLists(int count, Fault fault) {
        for (int i = 0; i < count; i++) {
            listFaults.add(fault);
        }
        return this;
    }

    /** The next {@code count} call updates get {@code fault} instead of the usual answer. */
    public FakeTwilioRest failNextUpdates(int count, Fault fault) {
        for (int i = 0; i < count; i++) {
            updateFaults.add(fault);
        }
        return this;
    }

    /** The call {@code sid} is over (the patient hung up): updating it gets Twilio's 400 code 21220 from now on. */
    public FakeTwilioRest hangUp(String sid) {
        over.add(sid);
        return this;
    }

    /**
     * Calls show in the list only this long after they were created, as an eventually consistent list would
     * (default: at once).
     */
    public FakeTwilioRest listLag(Duration lag) {
        listLag = lag;
        return this;
    }

    /** Every request so far, in arrival order. */
    public List<Received> requests() {
        return List.copyOf(requests);
    }

    /** The Calls create requests so far (POST), whatever they were answered. */
    public List<Received> createRequests() {
        return requests.stream().filter(request -> request.method().equals("POST")
                && CALLS.matcher(request.path()).matches()).toList();
    }

    /** The call update requests so far (POST to one call), whatever they were answered. */
    public List<Received> updateRequests() {
        return requests.stream().filter(request -> request.method().equals("POST")
                && CALL.matcher(request.path()).matches()).toList();
    }

    /** The updates applied to calls so far: what Twilio would have run on the patients' calls. */
    public List<CallUpdate> updates() {
        return List.copyOf(updates);
    }

    /** The calls created so far: what the patients' phones would have rung for. */
    public List<CreatedCall> createdCalls() {
        return List.copyOf(calls);
    }

    /** What a careful client would not have sent (see the class comment). */
    public List<String> mistakes() {
        return List.copyOf(mistakes);
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getRawPath();
            byte[] body = readUpTo(exchange.getRequestBody(), 64 * 1024);
            Map<String, List<String>> parameters = method.equals("POST")
                    ? parse(new String(body, StandardCharsets.UTF_8))
                    : parse(Optional.ofNullable(exchange.getRequestURI().getRawQuery()).orElse(""));
            Optional<String[]> credentials = credentials(exchange.getRequestHeaders().getFirst("Authorization"));
            Answer answer = answer(method, path, exchange.getRequestHeaders().getFirst("Content-Type"),
                    credentials, parameters);
            requests.add(new Received(method, path, credentials.map(pair -> pair[0]), parameters, answer.status()));
            if (!answer.delay().isZero()) {
                try {
                    Thread.sleep(answer.delay());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            answer.retryAfter().ifPresent(wait ->
                    exchange.getResponseHeaders().add("Retry-After", Long.toString(wait.toSeconds())));
            exchange.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
            byte[] json = answer.json().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(answer.status(), json.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(json);
            } catch (IOException clientGone) {
                // The client timed out and closed: exactly what a slow answer is for.
            }
        }
    }

    private record Answer(int status, String json, Optional<Duration> retryAfter, Duration delay) {
        Answer(int status, String json) {
            this(status, json, Optional.empty(), Duration.ZERO);
        }
    }

    private Answer answer(String method, String path, String contentType, Optional<String[]> credentials,
            Map<String, List<String>> parameters) {
        Matcher calls = CALLS.matcher(path);
        Matcher call = CALL.matcher(path);
        String account = calls.matches() ? calls.group(1) : call.matches() ? call.group(1) : ACCOUNT_SID;
        if (credentials.isEmpty() || !authorised(credentials.get(), account)) {
            // Twilio answers every unauthenticated request with 401 and error 20003, before looking at anything else.
            return new Answer(401, error(20003, "Authenticate", 401));
        }
        if (call.matches()) {
            Optional<CreatedCall> known = this.calls.stream().filter(c -> c.sid().equals(call.group(2))).findFirst();
            if (known.isEmpty()) {
                return notFound(path);
            }
            return switch (method) {
                case "POST" -> update(known.get(), contentType, parameters);
                case "GET" -> new Answer(200, resource(known.get()));
                default -> new Answer(405, error(20004, "Method not allowed", 405));
            };
        }
        if (!calls.matches()) {
            return notFound(path);
        }
        return switch (method) {
            case "POST" -> create(contentType, parameters);
            case "GET" -> list(parameters);
            default -> new Answer(405, error(20004, "Method not allowed", 405));
        };
    }

    private static Answer notFound(String path) {
        return new Answer(404, error(20404, "The requested resource " + path + " was not found", 404));
    }

    private Answer update(CreatedCall call, String contentType, Map<String, List<String>> parameters) {
        Fault fault = updateFaults.poll();
        if (fault != null && !fault.createFirst()) {
            return faultAnswer(fault);
        }
        if (over.contains(call.sid())) {
            return new Answer(400, error(21220, "Call is not in-progress. Cannot redirect.", 400));
        }
        if (contentType == null || !contentType.startsWith("application/x-www-form-urlencoded")) {
            mistakes.add("call update without a form body: Content-Type " + contentType);
        }
        Optional<String> twiml = one(parameters, "Twiml");
        if (twiml.isPresent() && one(parameters, "Url").isPresent()) {
            mistakes.add("call update with both Twiml and Url");
        }
        if (twiml.isEmpty() && one(parameters, "Url").isEmpty() && one(parameters, "Status").isEmpty()) {
            mistakes.add("call update that changes nothing (no Twiml, Url or Status)");
        }
        twiml.filter(text -> text.length() > MAX_TWIML)
                .ifPresent(text -> mistakes.add("Twiml of " + text.length() + " characters, over " + MAX_TWIML));
        twiml.filter(text -> !isResponseDocument(text))
                .ifPresent(text -> mistakes.add("Twiml is not a well-formed <Response>: " + text));
        parameters.forEach((name, values) -> {
            if (values.size() > 1) {
                mistakes.add(name + " sent " + values.size() + " times in a call update");
            }
        });
        updates.add(new CallUpdate(call.sid(), parameters));
        if (fault != null && fault.status() != 0) {
            return faultAnswer(fault);
        }
        return new Answer(200, resource(call), Optional.empty(), fault == null ? Duration.ZERO : fault.delay());
    }

    /** Whether {@code twiml} parses as XML whose root is {@code <Response>}, as Twilio requires before running it. */
    private static boolean isResponseDocument(String twiml) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            DocumentBuilder builder = factory.newDocumentBuilder();
            // Throws on the first fatal error instead of printing it to stderr as the default handler does.
            builder.setErrorHandler(new DefaultHandler());
            Document document = builder.parse(new InputSource(new StringReader(twiml)));
            return document.getDocumentElement().getTagName().equals("Response");
        } catch (ParserConfigurationException | SAXException | IOException e) {
            return false;
        }
    }

    private Answer create(String contentType, Map<String, List<String>> parameters) {
        Fault fault = createFaults.poll();
        if (fault != null && !fault.createFirst()) {
            return faultAnswer(fault);
        }
        if (contentType == null || !contentType.startsWith("application/x-www-form-urlencoded")) {
            mistakes.add("Calls create without a form body: Content-Type " + contentType);
        }
        Optional<String> to = one(parameters, "To");
        Optional<String> from = one(parameters, "From");
        // Codes and wording from Twilio's error pages (21201, 21213, 21205, 21211).
        if (to.isEmpty()) {
            return new Answer(400, error(21201, "No 'To' number specified", 400));
        }
        if (from.isEmpty()) {
            return new Answer(400, error(21213, "'From' phone number is required", 400));
        }
        Optional<String> url = one(parameters, "Url");
        if (url.isEmpty() && one(parameters, "Twiml").isEmpty() && one(parameters, "ApplicationSid").isEmpty()) {
            // The docs name no code of its own for this (21200 is the Calls resource in general); 21205 is the URL's.
            return new Answer(400, error(21205, "Url parameter is required", 400));
        }
        if (url.isPresent() && !url.get().matches("https?://[^/?#]+.*")) {
            return new Answer(400, error(21205, "Invalid URL " + url.get(), 400));
        }
        if (!to.get().matches("\\+[1-9][0-9]{6,14}")) {
            return new Answer(400, error(21211, "The 'To' number " + to.get() + " is not a valid phone number.", 400));
        }
        noteMistakes(parameters);
        Instant now = Instant.now();
        CreatedCall call = new CreatedCall("CA" + HexFormat.of().formatHex(randomBytes(16)), to.get(), from.get(), now);
        calls.add(call);
        if (fault != null && fault.status() != 0) {
            return faultAnswer(fault);
        }
        return new Answer(201, resource(call), Optional.empty(), fault == null ? Duration.ZERO : fault.delay());
    }

    private void noteMistakes(Map<String, List<String>> parameters) {
        parameters.forEach((name, values) -> {
            if (values.size() > 1 && !name.equals("StatusCallbackEvent")) {
                mistakes.add(name + " sent " + values.size() + " times");
            }
        });
        parameters.getOrDefault("StatusCallbackEvent", List.of()).stream()
                .filter(event -> !STATUS_EVENTS.contains(event))
                .forEach(event -> mistakes.add("unknown StatusCallbackEvent " + event));
        one(parameters, "MachineDetection").filter(value -> !MACHINE_DETECTION.contains(value))
                .ifPresent(value -> mistakes.add("unknown MachineDetection " + value));
        one(parameters, "Timeout").filter(value -> !value.matches("[0-9]{1,3}"))
                .ifPresent(value -> mistakes.add("Timeout is not a number of seconds: " + value));
        for (String method : List.of("Method", "StatusCallbackMethod", "AsyncAmdStatusCallbackMethod")) {
            one(parameters, method).filter(value -> !value.equals("GET") && !value.equals("POST"))
                    .ifPresent(value -> mistakes.add(method + " is neither GET nor POST: " + value));
        }
        one(parameters, "AsyncAmd").filter(value -> !value.equals("true") && !value.equals("false"))
                .ifPresent(value -> mistakes.add("AsyncAmd is neither true nor false: " + value));
        for (String url : List.of("StatusCallback", "AsyncAmdStatusCallback")) {
            one(parameters, url).filter(value -> !value.startsWith("https://") && !value.startsWith("http://"))
                    .ifPresent(value -> mistakes.add(url + " is not an absolute URL: " + value));
        }
    }

    private Answer list(Map<String, List<String>> parameters) {
        Fault fault = listFaults.poll();
        if (fault != null && fault.status() != 0) {
            return faultAnswer(fault);
        }
        Optional<String> to = one(parameters, "To");
        int pageSize = one(parameters, "PageSize").filter(size -> size.matches("[0-9]{1,4}"))
                .map(Integer::parseInt).orElse(50);
        List<String> found = calls.stream()
                .filter(call -> to.isEmpty() || call.to().equals(to.get()))
                .filter(call -> !call.created().plus(listLag).isAfter(Instant.now()))
                .sorted(Comparator.comparing(CreatedCall::created).reversed())
                .limit(pageSize)
                .map(FakeTwilioRest::resource)
                .toList();
        String json = "{\"calls\":[" + String.join(",", found) + "],\"page\":0,\"page_size\":" + pageSize
                + ",\"start\":0,\"end\":" + Math.max(0, found.size() - 1) + ",\"next_page_uri\":null"
                + ",\"uri\":\"/2010-04-01/Accounts/" + ACCOUNT_SID + "/Calls.json\"}";
        return new Answer(200, json, Optional.empty(), fault == null ? Duration.ZERO : fault.delay());
    }

    private static Answer faultAnswer(Fault fault) {
        String message = switch (fault.status()) {
            case 429 -> "Too Many Requests";
            case 503 -> "Service Unavailable";
            default -> "Internal Server Error";
        };
        int code = fault.status() == 429 ? 20429 : fault.status() == 503 ? 20503 : 20500;
        return new Answer(fault.status(), error(code, message, fault.status()), fault.retryAfter(), fault.delay());
    }

    private static boolean authorised(String[] credentials, String pathAccount) {
        boolean token = credentials[0].equals(ACCOUNT_SID) && credentials[1].equals(AUTH_TOKEN);
        boolean key = credentials[0].equals(API_KEY_SID) && credentials[1].equals(API_KEY_SECRET);
        return (token || key) && pathAccount.equals(ACCOUNT_SID);
    }

    private static Optional<String[]> credentials(String header) {
        if (header == null || !header.startsWith("Basic ")) {
            return Optional.empty();
        }
        try {
            String pair = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = pair.indexOf(':');
            return colon < 0 ? Optional.empty()
                    : Optional.of(new String[] {pair.substring(0, colon), pair.substring(colon + 1)});
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static String resource(CreatedCall call) {
        String date = TWILIO_DATE.format(call.created());
        String uri = "/2010-04-01/Accounts/" + ACCOUNT_SID + "/Calls/" + call.sid() + ".json";
        return "{\"sid\":\"" + call.sid() + "\",\"account_sid\":\"" + ACCOUNT_SID + "\",\"to\":\"" + call.to()
                + "\",\"to_formatted\":\"" + call.to() + "\",\"from\":\"" + call.from() + "\",\"from_formatted\":\""
                + call.from() + "\",\"status\":\"queued\",\"direction\":\"outbound-api\",\"api_version\":\"2010-04-01\""
                + ",\"date_created\":\"" + date + "\",\"date_updated\":\"" + date + "\",\"start_time\":null"
                + ",\"end_time\":null,\"duration\":null,\"price\":null,\"price_unit\":\"USD\",\"answered_by\":null"
                + ",\"caller_name\":null,\"parent_call_sid\":null,\"phone_number_sid\":null,\"queue_time\":\"0\""
                + ",\"uri\":\"" + uri + "\",\"subresource_uris\":{}}";
    }

    private static String error(int code, String message, int status) {
        return "{\"code\":" + code + ",\"message\":\"" + message.replace("\"", "\\\"")
                + "\",\"more_info\":\"https://www.twilio.com/docs/errors/" + code + "\",\"status\":" + status + "}";
    }

    private static Optional<String> one(Map<String, List<String>> parameters, String name) {
        return parameters.getOrDefault(name, List.of()).stream().filter(value -> !value.isEmpty()).findFirst();
    }

    private static Map<String, List<String>> parse(String encoded) {
        var values = new LinkedHashMap<String, List<String>>();
        for (String pair : encoded.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            values.computeIfAbsent(name, key -> new ArrayList<>()).add(value);
        }
        return values;
    }

    private static byte[] readUpTo(InputStream in, int limit) throws IOException {
        return in.readNBytes(limit);
    }

    private byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        random.nextBytes(bytes);
        return bytes;
    }
}
