package org.pharmacyvoice.adapters.twilio;

import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.websocket.WsRouting;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.pharmacyvoice.domain.call.port.in.PhoneCalls;
import org.pharmacyvoice.domain.frontdesk.port.in.AfterStreamUseCase;
import org.pharmacyvoice.domain.outbound.port.in.PlacedCallUseCase;
import org.pharmacyvoice.domain.outbound.port.out.PhoneNetwork;
import org.pharmacyvoice.domain.telephony.AfterStream;
import org.pharmacyvoice.domain.telephony.Callback;
import org.pharmacyvoice.domain.telephony.DialOutcome;

/**
 * The Twilio side of the product: the voice webhook that answers calls with TwiML, the call status callback, the
 * webhooks of the calls the pharmacy places, and the Media Streams endpoint that carries the calls' audio, all
 * checked against Twilio's signature when an auth token is configured. The composition root adds them to its single
 * HTTP and WebSocket routing.
 */
public final class TwilioVoice implements AutoCloseable {

    /** Path of the voice webhook to configure on the Twilio number. */
    public static final String INCOMING_CALL_PATH = "/incoming-call";
    /** Path of the call status callback to configure on the Twilio number. */
    public static final String CALL_STATUS_PATH = "/call-status";
    /** Path of the browser softphone's stream: the Media Streams protocol, a one-time token instead of a signature. */
    public static final String SOFTPHONE_STREAM_PATH = "/softphone-stream";
    /** The caller "number" of every softphone call: not a phone number, so it reaches nobody's orders. */
    public static final String SOFTPHONE_CALLER = "softphone";

    private final TwilioSettings settings;
    private final PhoneCalls calls;
    private final MediaStreamStats stats = new MediaStreamStats();
    private final RequestGuard guard;
    private final StreamTokens tokens;
    private final StreamTokens softphoneTokens;
    private final StallWatch stallWatch;
    private final AfterStreamUseCase frontDesk;
    private final Optional<PlacedCallUseCase> placedCalls;
    private final CallNotice notice;

    /**
     * The way out to the phone network: places the pharmacy's own calls through Twilio's REST API, finds recent
     * ones and ends them, as {@code rest} says. Each placed call's webhooks are addressed under the PUBLIC_URL of
     * {@code twilio}, which the server must therefore have: Twilio can reach a placed call's webhooks nowhere else.
     *
     * @throws IllegalArgumentException when {@code twilio} has no public URL
     */
    public static PhoneNetwork phoneNetwork(TwilioRestSettings rest, TwilioSettings twilio) {
        URI publicUrl = twilio.publicUrl().orElseThrow(() -> new IllegalArgumentException("placing calls needs "
                + "PUBLIC_URL, the address Twilio reaches this server at: a placed call's TwiML and callbacks are "
                + "fetched from there"));
        return new TwilioCallPlacer(rest, SignedUrls.base(publicUrl), Clock.systemUTC());
    }

    /** Without a front desk: once a stream ends, callers get the fallback (the pharmacist, or an apology). */
    public TwilioVoice(TwilioSettings settings, PhoneCalls calls) {
        this(settings, CallNotice.NONE, calls, new FallbackOnly(), CheckingDesk.forThisMachine());
    }

    /** With a notice every caller from the phone network hears before being connected. */
    public TwilioVoice(TwilioSettings settings, CallNotice notice, PhoneCalls calls) {
        this(settings, notice, calls, new FallbackOnly(), CheckingDesk.forThisMachine());
    }

    /**
     * With the notice, and the front desk that decides where each call goes once its stream has ended.
     */
    public TwilioVoice(TwilioSettings settings, CallNotice notice, PhoneCalls calls, AfterStreamUseCase frontDesk) {
        this(settings, notice, calls, frontDesk, CheckingDesk.forThisMachine());
    }

    /**
     * With the notice, the front desk, and the use case that takes the webhooks of the calls the pharmacy places
     * (see {@link #phoneNetwork}); without it, those webhooks answer 404.
     */
    public TwilioVoice(TwilioSettings settings, CallNotice notice, PhoneCalls calls, AfterStreamUseCase frontDesk,
                       PlacedCallUseCase placedCalls) {
        this(settings, notice, calls, frontDesk,
                Optional.of(Objects.requireNonNull(placedCalls, "'placedCalls' must not be null")),
                CheckingDesk.forThisMachine());
    }

    /** With the desk where webhooks are checked given, e.g. one that tests keep busy. */
    TwilioVoice(TwilioSettings settings, PhoneCalls calls, CheckingDesk desk) {
        this(settings, CallNotice.NONE, calls, new FallbackOnly(), desk);
    }

    /** With the notice and the checking desk given. */
    TwilioVoice(TwilioSettings settings, CallNotice notice, PhoneCalls calls, CheckingDesk desk) {
        this(settings, notice, calls, new FallbackOnly(), desk);
    }

    /** Everything given but the placed calls' use case. */
    TwilioVoice(TwilioSettings settings, CallNotice notice, PhoneCalls calls, AfterStreamUseCase frontDesk,
                CheckingDesk desk) {
        this(settings, notice, calls, frontDesk, Optional.empty(), desk);
    }

    /** Everything given. */
    private TwilioVoice(TwilioSettings settings, CallNotice notice, PhoneCalls calls, AfterStreamUseCase frontDesk,
                        Optional<PlacedCallUseCase> placedCalls, CheckingDesk desk) {
        this.notice = Objects.requireNonNull(notice, "'notice' must not be null");
        this.settings = Objects.requireNonNull(settings, "'settings' must not be null");
        this.calls = Objects.requireNonNull(calls, "'calls' must not be null");
        this.frontDesk = Objects.requireNonNull(frontDesk, "'frontDesk' must not be null");
        this.placedCalls = placedCalls;
        this.guard = new RequestGuard(settings, desk);
        // Keyed from the auth token: every server sharing it accepts streams whose webhook another one answered.
        this.tokens = StreamTokens.forPurpose("media-stream", settings.authToken(), settings.streamTokenLifetime());
        this.softphoneTokens = StreamTokens.forPurpose("softphone", settings.authToken(),
                settings.streamTokenLifetime());
        this.stallWatch = new StallWatch(settings.writeTimeout());
    }

    /**
     * Adds the voice webhook ({@code GET} and {@code POST}, as Twilio allows both), the status callback, the
     * webhooks after a stream and those of placed calls, the filter that checks their requests' size and signature
     * before they run, and a {@code GET} on the stream path answering 403 for upgrades that were refused.
     */
    public void addHttpRoutes(HttpRouting.Builder http) {
        var connector = new StreamConnector(settings, guard, tokens, notice);
        var webhook = new IncomingCallWebhook(settings, guard, calls, connector);
        var afterStream = new AfterStreamWebhooks(frontDesk, settings);
        var webhooks = new HashSet<>(Set.of(new WebhookGate.Route(Method.POST, INCOMING_CALL_PATH),
                new WebhookGate.Route(Method.GET, INCOMING_CALL_PATH),
                new WebhookGate.Route(Method.POST, CALL_STATUS_PATH),
                new WebhookGate.Route(Method.POST, TwiML.AFTER_STREAM_PATH),
                new WebhookGate.Route(Method.POST, TwiML.WHISPER_PATH),
                new WebhookGate.Route(Method.POST, TwiML.DIAL_DONE_PATH),
                new WebhookGate.Route(Method.POST, TwiML.VOICEMAIL_PATH)));
        if (placedCalls.isPresent()) {
            webhooks.addAll(Set.of(new WebhookGate.Route(Method.POST, PlacedCallWebhooks.ANSWER_PATH),
                    new WebhookGate.Route(Method.POST, PlacedCallWebhooks.MACHINE_PATH),
                    new WebhookGate.Route(Method.POST, PlacedCallWebhooks.STATUS_PATH)));
        }
        http.addFilter(new WebhookGate(guard, webhooks));
        http.route(Method.POST, INCOMING_CALL_PATH, webhook);
        http.route(Method.GET, INCOMING_CALL_PATH, webhook);
        http.route(Method.POST, CALL_STATUS_PATH, new CallStatusCallback(calls));
        http.route(Method.POST, TwiML.AFTER_STREAM_PATH, afterStream::afterStream);
        http.route(Method.POST, TwiML.WHISPER_PATH, afterStream::whisper);
        http.route(Method.POST, TwiML.DIAL_DONE_PATH, afterStream::dialDone);
        http.route(Method.POST, TwiML.VOICEMAIL_PATH, afterStream::voicemailDone);
        addPlacedCallRoutes(http, connector);
        // A refused WebSocket upgrade falls through to HTTP routing; without this it would be a 404.
        http.route(Method.GET, settings.mediaStreamPath(), (request, response) ->
                response.status(Status.FORBIDDEN_403).send());
    }

    /**
     * The webhooks of placed calls; on a server that places none, 404 (logged, as they mean that Twilio was given
     * another server's address, or an old one), without reading the request.
     */
    private void addPlacedCallRoutes(HttpRouting.Builder http, StreamConnector connector) {
        List<String> paths = List.of(PlacedCallWebhooks.ANSWER_PATH, PlacedCallWebhooks.MACHINE_PATH,
                PlacedCallWebhooks.STATUS_PATH);
        if (placedCalls.isEmpty()) {
            var refusals = new RefusalLog(System.getLogger(TwilioVoice.class.getName()), Duration.ofSeconds(1), 5);
            paths.forEach(path -> http.route(Method.POST, path, (request, response) -> {
                refusals.refused("answered POST {0} with 404: this server places no calls (outbound calls are not "
                        + "configured)", path);
                response.status(Status.NOT_FOUND_404).send();
            }));
            return;
        }
        var placed = new PlacedCallWebhooks(placedCalls.get(), calls, connector, settings);
        http.route(Method.POST, PlacedCallWebhooks.ANSWER_PATH, placed::answer);
        http.route(Method.POST, PlacedCallWebhooks.MACHINE_PATH, placed::machine);
        http.route(Method.POST, PlacedCallWebhooks.STATUS_PATH, placed::status);
    }

    /** Adds the Media Streams endpoint; each connection gets its own listener. */
    public void addWebSocketEndpoints(WsRouting.Builder ws) {
        ws.endpoint(settings.mediaStreamPath(),
                () -> new MediaStreamListener(calls, settings, stats, guard, tokens, stallWatch));
    }

    /**
     * A one-time token that lets one media stream of this call start within the token lifetime, for streams whose
     * TwiML we don't serve from the voice webhook (e.g. a browser softphone); pass it as the {@code streamToken}
     * stream parameter.
     */
    public String mintStreamToken(String callSid) {
        return tokens.mint(callSid);
    }

    /**
     * Adds the softphone's stream at {@link #SOFTPHONE_STREAM_PATH}: the same Media Streams protocol and code as
     * Twilio's stream, but its upgrade needs no Twilio signature; instead every stream's {@code start} must present a
     * token from {@link #mintSoftphoneToken} (always, whether or not Twilio's requests are validated), and its caller
     * is always {@link #SOFTPHONE_CALLER}, whatever the browser claims.
     */
    public void addSoftphoneStream(WsRouting.Builder ws) {
        var softphoneCalls = new SoftphoneCalls(calls);
        ws.endpoint(SOFTPHONE_STREAM_PATH, () -> new MediaStreamListener(softphoneCalls, settings, stats,
                RequestGuard.tokensOnly(settings), softphoneTokens, stallWatch));
    }

    /**
     * A one-time token that lets one softphone stream of this call start within the token lifetime; it is good only
     * on {@link #SOFTPHONE_STREAM_PATH}, never on Twilio's stream.
     */
    public String mintSoftphoneToken(String callSid) {
        return softphoneTokens.mint(callSid);
    }

    /** Whether Twilio's signatures and the stream tokens are checked (an auth token is configured). */
    public boolean validatesRequests() {
        return guard.enabled();
    }

    /** Media streams connected right now. */
    public int openStreams() {
        return stats.open();
    }

    /** Twilio messages skipped as unreadable or out of place since start. */
    public long rejectedMessages() {
        return stats.rejectedMessages();
    }

    /**
     * A server without a front desk: every stream's end gets the fallback, as the TwiML after {@code </Connect>}
     * would give it.
     */
    static final class FallbackOnly implements AfterStreamUseCase {

        @Override
        public AfterStream afterStream(String callSid, String callerNumber) {
            return new AfterStream.Fallback();
        }

        @Override
        public AfterStream dialEnded(String callSid, DialOutcome outcome) {
            return new AfterStream.HangUp("");
        }

        @Override
        public AfterStream voicemailLeft(String callSid, String callerNumber, Callback.Reason reason,
                                         Optional<String> recordingUrl, int recordingSeconds) {
            return new AfterStream.HangUp("");
        }

        @Override
        public String whisper(String callSid) {
            return "A caller from the pharmacy's phone line.";
        }
    }

    /** Stops watching streams for stalled writes; the calls themselves are ended by the domain. */
    @Override
    public void close() {
        stallWatch.close();
    }
}
