package org.pharmacyvoice.app;

import io.helidon.config.Config;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Metrics;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.observe.ObserveFeature;
import io.helidon.webserver.observe.health.HealthObserver;
import io.helidon.webserver.observe.metrics.MetricsObserver;
import io.helidon.webserver.websocket.WsConfig;
import io.helidon.webserver.websocket.WsRouting;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.pharmacyvoice.adapters.functions.CallArchive;
import org.pharmacyvoice.adapters.functions.PharmacyDatabase;
import org.pharmacyvoice.adapters.functions.PharmacyTools;
import org.pharmacyvoice.adapters.telemetry.OpenTelemetryCallTraces;
import org.pharmacyvoice.adapters.twilio.TwilioVoice;
import org.pharmacyvoice.app.http.RouteDirectory;
import org.pharmacyvoice.app.softphone.SoftphoneApi;
import org.pharmacyvoice.app.staff.CallbacksApi;
import org.pharmacyvoice.app.staff.CallsApi;
import org.pharmacyvoice.app.staff.DispensaryApis;
import org.pharmacyvoice.app.staff.FormularyApi;
import org.pharmacyvoice.app.staff.OptOutsApi;
import org.pharmacyvoice.app.staff.OrdersApi;
import org.pharmacyvoice.app.staff.OutboundApi;
import org.pharmacyvoice.app.staff.StaffAccess;
import org.pharmacyvoice.app.web.WebPages;
import org.pharmacyvoice.domain.call.CallReview;
import org.pharmacyvoice.domain.call.RecordKeeper;
import org.pharmacyvoice.domain.call.Switchboard;
import org.pharmacyvoice.domain.call.TranscriptMask;
import org.pharmacyvoice.domain.call.port.out.CallTraces;
import org.pharmacyvoice.domain.counter.PharmacyCounter;
import org.pharmacyvoice.domain.dispensary.Dispensary;
import org.pharmacyvoice.domain.frontdesk.FrontDesk;
import org.pharmacyvoice.domain.pharmacy.DrugName;
import org.pharmacyvoice.domain.storefront.Storefront;
import org.pharmacyvoice.domain.tool.BusinessTool;
import org.pharmacyvoice.domain.tool.Toolbox;

/**
 * The composition root: builds every adapter with {@code new}, wires them to the domain, and runs them in one
 * Helidon WebServer. Tests start it exactly as {@link Main} does, on a free port.
 */
public final class PharmacyVoiceServer implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(PharmacyVoiceServer.class.getName());
    /** Twilio's messages are a few hundred bytes; anything near this is garbage or an attack. */
    private static final int MAX_FRAME_BYTES = 64 * 1024;
    /**
     * The kernel's send buffer per connection, fixed rather than autotuned to megabytes: a caller whose side stops
     * reading blocks our writes after about 5 s of agent speech, and is then cut within WRITE_TIMEOUT.
     */
    private static final int SEND_BUFFER_BYTES = 32 * 1024;

    private final PharmacyDatabase database;
    private final RecordKeeper records;
    private final Duration drainTimeout;
    private final AgentChoice.Opened agent;
    private final Switchboard switchboard;
    private final CallTraces traces;
    private final TwilioVoice twilio;
    private final WebServer server;
    private final Runnable stopGauges;
    private final StaffAccess staffAccess;
    private final RetentionSchedule retention;
    private final OutboundDesk outbound;
    private final List<RouteDirectory.Route> routes;
    private final AtomicBoolean stopped = new AtomicBoolean();

    private PharmacyVoiceServer(ServerSettings settings, List<? extends BusinessTool> extraTools) {
        database = PharmacyDatabase.open(settings.database());
        boolean agentConfigured = settings.deepgramApiKey().isPresent();
        var counter = PharmacyCounter.open(database.formulary(), database.orderLedger(), database.transactions(),
                Clock.systemUTC());
        boolean demoData = settings.demoData().orElse(database.productName().startsWith("H2"));
        if (demoData && database.fileDemoPatients(LocalDate.now(settings.refillPolicy().hours().zone()))) {
            LOG.log(Level.INFO, "demo patients filed (README, \"Demo patients\"); DEMO_DATA=false leaves them out");
        }
        var desk = Dispensary.open(database.patients(), database.prescriptions(), database.refillQueue(),
                database.renewalRequests(), database.transactions(), settings.refillPolicy(), Clock.systemUTC());
        var storefront = new Storefront(settings.refillPolicy().hours(), Clock.systemUTC());
        // Process-wide: in Helidon 4.2 every registry is backed by Micrometer's global one anyway.
        MeterRegistry registry = Metrics.globalRegistry();
        outbound = OutboundDesk.open(database, settings.outbound(), new HelidonOutboundMetrics(registry),
                Clock.systemUTC(), settings.outbound().line().map(line -> TwilioVoice.phoneNetwork(line.twilio(), settings.twilio())));
        var toolbox = new Toolbox(Stream.concat(PharmacyTools.create(counter, desk, storefront, outbound.errands(),
                settings.refillPolicy().hours().zone()).stream(), extraTools.stream()).toList());
        // The formulary as it is at start: a drug added later is masked in transcripts from the next start.
        var mask = new TranscriptMask(database.formulary().names().stream().map(DrugName::name).toList());
        var archive = CallArchive.in(database);
        records = new RecordKeeper(archive);
        retention = RetentionSchedule.start(archive, settings.callRecordRetention());
        drainTimeout = settings.drainTimeout();
        var metrics = new HelidonCallMetrics(registry,
                toolbox.specs().stream().map(spec -> spec.name()).collect(Collectors.toSet()),
                settings.agentChoice().agentNames());
        // The bridge keeps each call's handoff, the front desk reads it when Twilio asks what next: one store.
        var handoffs = database.handoffs();
        traces = settings.traces().open();
        agent = agentConfigured ? settings.agentChoice().open(settings.deepgram(), metrics)
                : new AgentChoice.Opened(new UnconfiguredVoiceAgent(), List.of(), () -> 0);
        switchboard = new Switchboard(agent.agent(), toolbox, settings.script(), records, metrics,
                settings.bridge(), mask, handoffs, outbound.purposes(), traces, Clock.systemUTC());
        var frontDesk = new FrontDesk(handoffs, database.callbacks(), settings.refillPolicy().hours(),
                settings.frontDesk(), Clock.systemUTC());
        twilio = outbound.placedCalls()
                .map(placed -> new TwilioVoice(settings.twilio(), settings.callNotice(), switchboard, frontDesk, placed))
                .orElseGet(() -> new TwilioVoice(settings.twilio(), settings.callNotice(), switchboard, frontDesk));
        stopGauges = ServerGauges.register(registry, new ServerGauges.Sources(switchboard::activeCalls,
                twilio::openStreams, twilio::rejectedMessages, records::failures, this::rejectedAgentMessages,
                () -> switchboard.agentCircuit().open() ? 1 : 0));

        staffAccess = StaffAccess.of(settings.staffToken(), settings.facesTwilio());
        var http = RouteDirectory.over(HttpRouting.builder().addFilter(staffAccess)
                .addFilter(new ObserveCacheControl()));
        twilio.addHttpRoutes(http);
        new FormularyApi(counter.browseFormulary()).addRoutes(http);
        new OrdersApi(counter.listOrders(), counter.lookUpOrder(), counter.changeOrderStatus(),
                outbound.pickupCalls()).addRoutes(http);
        new CallsApi(new CallReview(archive)).addRoutes(http);
        new DispensaryApis(desk.findPatients(), desk.refillQueue(), desk.renewalRequests(), outbound.pickupCalls())
                .addRoutes(http);
        new CallbacksApi(frontDesk).addRoutes(http);
        new OutboundApi(outbound.queue(), outbound.enabled()).addRoutes(http);
        new OptOutsApi(outbound.optOuts()).addRoutes(http);
        WebPages.load().addRoutes(http);
        var ws = WsRouting.builder();
        twilio.addWebSocketEndpoints(ws);
        if (settings.softphoneEnabled()) {
            new SoftphoneApi(twilio, switchboard::admitNewCall).addRoutes(http);
            twilio.addSoftphoneStream(ws);
        }
        server = WebServer.builder()
                .port(settings.port())
                // Helidon leaves Nagle on: a mark or clear right after a media frame would wait for the peer's ACK.
                .connectionOptions(socket -> socket.tcpNoDelay(true).socketSendBufferSize(SEND_BUFFER_BYTES))
                .shutdownHook(false)
                .featuresDiscoverServices(false)
                .addProtocol(WsConfig.builder().name("websocket").maxFrameLength(MAX_FRAME_BYTES).build())
                .addFeature(ObserveFeature.builder()
                        .addObserver(HealthObserver.builder()
                                .details(true)
                                .addCheck(HealthChecks.database(database))
                                .addCheck(HealthChecks.agent(agentConfigured, switchboard::agentCircuit))
                                .build())
                        .addObserver(MetricsObserver.builder().meterRegistry(registry).build())
                        .build())
                .addFeature(StaffApiDocument.feature())
                .addRouting(http)
                .addRouting(ws)
                .build()
                .start();
        routes = http.routes();
        if (!server.isRunning() || server.port() < 1) {
            // Helidon logs "failed to start" and carries on; a server that took no calls must not look started.
            close();
            throw new IllegalStateException("could not listen on port " + settings.port()
                    + ": is another server using it?");
        }
        // Only now: a call placed before the server listens could be answered before its webhook is served.
        outbound.startDialling(Dialling.serverId());
        announce(settings, agentConfigured);
    }

    /** Starts the server with the given configuration; {@code port: 0} picks a free port. */
    public static PharmacyVoiceServer start(Config config) {
        return start(config, List.of());
    }

    /** Starts the server with business tools of your own, offered to the agent after the pharmacy's tools. */
    public static PharmacyVoiceServer start(Config config, List<? extends BusinessTool> extraTools) {
        return new PharmacyVoiceServer(ServerSettings.from(config), List.copyOf(extraTools));
    }

    /** The port the server listens on. */
    public int port() {
        return server.port();
    }

    /** Calls in progress. */
    public int activeCalls() {
        return switchboard.activeCalls();
    }

    /** Media streams connected right now. */
    public int openStreams() {
        return twilio.openStreams();
    }

    /** Database connections borrowed from the pool right now. */
    public int databaseConnectionsInUse() {
        return database.connectionsInUse();
    }

    /** Waits until every call record so far is written; for tests and shutdown. */
    public boolean flushCallRecords(Duration timeout) {
        return records.flush(timeout);
    }

    /**
     * Shuts down gracefully: places no more calls to patients, stops taking calls (callers hear the line is busy),
     * lets calls in progress finish for up to the drain timeout, then ends the rest cleanly and stops.
     */
    public void shutdown() {
        outbound.stopDialling();
        int left = switchboard.drain(drainTimeout);
        if (left > 0) {
            LOG.log(Level.WARNING, "drain timeout of {0} s passed with {1} calls still in progress; ending them",
                    drainTimeout.toSeconds(), left);
        }
        close();
    }

    /** The HTTP routes the server registered, in order: for tests that hold documentation to them. */
    List<RouteDirectory.Route> routes() {
        return routes;
    }

    /** Twilio messages skipped as unreadable or out of place since start. */
    public long rejectedTwilioMessages() {
        return twilio.rejectedMessages();
    }

    /** Voice agent messages skipped or answered as unreadable since start (none without an agent). */
    public long rejectedAgentMessages() {
        return agent.rejectedMessages().getAsLong();
    }

    /** Ends calls in progress, stops the server and releases the database. Calling it again does nothing. */
    @Override
    public void close() {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        // No new calls to patients first, while the database is open for the run in progress; then the calls:
        // Helidon's stop gives WebSocket listeners no close callback.
        outbound.close();
        switchboard.close();
        // After the calls ended, so their spans are complete; sends what is still queued.
        if (traces instanceof OpenTelemetryCallTraces exported) {
            exported.close();
        }
        twilio.close();
        records.close();
        retention.close();
        stopGauges.run();
        server.stop();
        for (AutoCloseable part : agent.parts()) {
            try {
                part.close();
            } catch (Exception e) {
                LOG.log(Level.WARNING, "could not close the voice agent's " + part.getClass().getSimpleName(), e);
            }
        }
        database.close();
        LOG.log(Level.INFO, "pharmacy voice agent stopped");
    }

    private void announce(ServerSettings settings, boolean agentConfigured) {
        LOG.log(Level.INFO, "pharmacy voice agent listening on port {0,number,#}: webhook {1}, media stream {2}, "
                + "health /observe/health (/live, /ready), metrics /observe/metrics, staff API described at /openapi, "
                + "database {3}", server.port(),
                TwilioVoice.INCOMING_CALL_PATH, settings.twilio().mediaStreamPath(), database.productName());
        LOG.log(Level.INFO, "{0} at http://localhost:{1,number,#}/, staff dashboard at http://localhost:{1,number,#}"
                + "/dashboard", settings.softphoneEnabled() ? "browser softphone" : "browser softphone is OFF "
                + "(SOFTPHONE_ENABLED=false); its page", server.port());
        if (!agentConfigured) {
            LOG.log(Level.WARNING, NoAgentKey.logLine());
        } else {
            LOG.log(Level.INFO, "voice agent (VOICE_AGENT={0}): {1}", settings.agentChoice().kind().setting(),
                    settings.agentChoice().describe(settings.deepgram()));
        }
        switch (staffAccess.mode()) {
            case TOKEN -> LOG.log(Level.INFO, "staff pages and APIs (/, /dashboard, /api, /softphone) need "
                    + "STAFF_TOKEN");
            case THIS_MACHINE_ONLY -> LOG.log(Level.INFO, "staff pages and APIs (/, /dashboard, /api, /softphone) "
                    + "answer this machine only; set STAFF_TOKEN to use them from elsewhere");
            case CLOSED -> LOG.log(Level.WARNING, "staff pages and APIs (/, /dashboard, /api, /softphone) are CLOSED: "
                    + "this server faces Twilio (TWILIO_AUTH_TOKEN or PUBLIC_URL is set) and STAFF_TOKEN is not set");
        }
        announceOutbound(settings.outbound(), settings.twilioAuthTokenSet());
        settings.traces().endpoint().ifPresentOrElse(
                endpoint -> LOG.log(Level.INFO, "traces of calls, agent turns and tool runs go over OTLP/HTTP to {0} "
                        + "as service {1}", endpoint, settings.traces().serviceName()),
                () -> LOG.log(Level.INFO, "traces are off: set OTEL_EXPORTER_OTLP_ENDPOINT to send them to an OTLP "
                        + "collector"));
        if (settings.publicUrl().isEmpty()) {
            LOG.log(Level.INFO, "PUBLIC_URL is not set: stream URLs are derived from each webhook request's headers");
        }
        if (settings.twilioAuthTokenSet()) {
            LOG.log(Level.INFO, "Twilio request validation is ON: X-Twilio-Signature is checked on {0}, {1} and the "
                    + "{2} upgrade, and each stream must present its call''s one-time token{3}",
                    TwilioVoice.INCOMING_CALL_PATH, TwilioVoice.CALL_STATUS_PATH, settings.twilio().mediaStreamPath(),
                    settings.publicUrl().isEmpty() ? " (PUBLIC_URL is not set: the signed URL is rebuilt from request "
                            + "headers; set PUBLIC_URL to the URL configured in Twilio if requests are refused)" : "");
        } else {
            LOG.log(Level.WARNING, "Twilio request validation is OFF because TWILIO_AUTH_TOKEN is not set: anyone who "
                    + "can reach this server can start calls and open media streams. Set TWILIO_AUTH_TOKEN for any "
                    + "server reachable from the internet.");
        }
    }

    private static void announceOutbound(OutboundCalling outbound, boolean webhooksChecked) {
        var rules = outbound.rules();
        if (outbound.line().isEmpty()) {
            LOG.log(Level.INFO, "calls to patients are OFF (OUTBOUND_CALLS=false): nothing ready is called about; "
                    + "staff still see /api/outbound and keep /api/opt-outs");
            return;
        }
        var line = outbound.line().get();
        LOG.log(Level.INFO, "calls to patients are ON: {0} calls from {1} through Twilio account {2}, {3}-{4} {5}, "
                + "at most {6} a day and {7} a week per number, {8} attempts {9} min apart within {10} days",
                line.calls().pharmacyName(), line.calls().callbackNumber(), line.twilio().accountSid(),
                rules.hours().from(), rules.hours().until(), rules.zone(), rules.perDay(), rules.perWeek(),
                rules.maxAttempts(), rules.spacing().toMinutes(), rules.maxAge().toDays());
        if (!webhooksChecked) {
            LOG.log(Level.WARNING, "TWILIO_AUTH_TOKEN is not set, so the webhooks of the calls the pharmacy places "
                    + "are not checked either: anyone who can reach this server could report them answered or failed. "
                    + "Set TWILIO_AUTH_TOKEN (Twilio signs webhooks with it even when calls are placed with an API "
                    + "key).");
        }
    }
}
