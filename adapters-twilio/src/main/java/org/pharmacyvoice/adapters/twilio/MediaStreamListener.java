package org.pharmacyvoice.adapters.twilio;

import io.helidon.common.buffers.BufferData;
import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.websocket.WsCloseCodes;
import io.helidon.websocket.WsListener;
import io.helidon.websocket.WsSession;
import io.helidon.websocket.WsUpgradeException;
import java.lang.System.Logger.Level;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import org.pharmacyvoice.domain.call.port.in.CallSession;
import org.pharmacyvoice.domain.call.port.in.PhoneCalls;
import org.pharmacyvoice.domain.telephony.CallContext;
import org.pharmacyvoice.domain.telephony.CallEndReason;

/**
 * One Twilio Media Streams connection: refuses upgrades Twilio didn't sign, reads Twilio's events, starts the call
 * on a {@code start} that presents the call's one-time token, forwards each audio frame the moment it arrives, and
 * tells the call when the stream ends. A bad message is logged and skipped; it never takes the call down.
 */
final class MediaStreamListener implements WsListener {

    /** The {@code <Parameter>} that carries the one-time stream token from our TwiML into {@code start}. */
    static final String TOKEN_PARAMETER = "streamToken";
    private static final System.Logger LOG = System.getLogger(MediaStreamListener.class.getName());
    private static final int MAX_LOGGED_REASON = 300;

    private final PhoneCalls calls;
    private final TwilioSettings settings;
    private final MediaStreamStats stats;
    private final RequestGuard guard;
    private final StreamTokens tokens;
    private final StallWatch stallWatch;
    private final StringBuilder fragments = new StringBuilder();
    private String callSid = "-";
    private String streamSid;
    private CallSession call;
    /** Set on the reader thread in start; read when the call hangs up, on whichever thread ended it. */
    private volatile TwilioCallerLine line;
    // Set from the socket's reader thread or, when the call hangs up, from whichever thread ended the call.
    private final AtomicBoolean ended = new AtomicBoolean();
    private boolean refused;
    private final MessageBudget budget = new MessageBudget();
    private final LongSupplier nanoClock;

    MediaStreamListener(PhoneCalls calls, TwilioSettings settings, MediaStreamStats stats, RequestGuard guard,
                        StreamTokens tokens, StallWatch stallWatch) {
        this(calls, settings, stats, guard, tokens, stallWatch, System::nanoTime);
    }

    /** {@code nanoClock} paces the message budget; benchmarks pass one that advances 20 ms per message. */
    MediaStreamListener(PhoneCalls calls, TwilioSettings settings, MediaStreamStats stats, RequestGuard guard,
                        StreamTokens tokens, StallWatch stallWatch, LongSupplier nanoClock) {
        this.calls = calls;
        this.settings = settings;
        this.stats = stats;
        this.guard = guard;
        this.tokens = tokens;
        this.stallWatch = stallWatch;
        this.nanoClock = nanoClock;
    }

    @Override
    public Optional<Headers> onHttpUpgrade(HttpPrologue prologue, Headers headers) throws WsUpgradeException {
        if (!guard.admitsUpgrade(prologue, headers)) {
            // Helidon then hands the request to HTTP routing, whose GET route on this path answers 403.
            throw new WsUpgradeException("not signed by Twilio");
        }
        return Optional.empty();
    }

    @Override
    public void onOpen(WsSession session) {
        stats.opened();
        LOG.log(Level.DEBUG, "media stream connected");
    }

    @Override
    public void onMessage(WsSession session, String text, boolean last) {
        if (refused || !withinBudget(session)) {
            return;
        }
        // Helidon hands over frames, not messages: collect continuation frames until the last one.
        if (fragments.length() + text.length() > settings.maxMessageBytes()) {
            fragments.setLength(0);
            rejected("message over " + settings.maxMessageBytes() + " bytes");
            return;
        }
        if (!last) {
            fragments.append(text);
            return;
        }
        String message = text;
        if (!fragments.isEmpty()) {
            message = fragments.append(text).toString();
            fragments.setLength(0);
        }
        TwilioEvent event;
        try {
            event = TwilioEventReader.read(message, streamSid);
        } catch (TwilioEventReader.UnreadableMessage e) {
            rejected(e.getMessage());
            enforceBadMessageLimit(session);
            return;
        }
        handle(session, event);
        enforceBadMessageLimit(session);
    }

    @Override
    public void onMessage(WsSession session, BufferData buffer, boolean last) {
        if (refused || !withinBudget(session)) {
            return;
        }
        rejected("binary frame (Twilio only sends text)");
        enforceBadMessageLimit(session);
    }

    @Override
    public void onClose(WsSession session, int status, String reason) {
        LOG.log(Level.DEBUG, "[{0}] media stream closed by Twilio: {1} {2}", callSid, status, reason);
        streamEnded(CallEndReason.STREAM_CLOSED);
    }

    @Override
    public void onError(WsSession session, Throwable t) {
        LOG.log(Level.WARNING, "[{0}] media stream failed: {1}", callSid, t.toString());
        streamEnded(CallEndReason.STREAM_CLOSED);
    }

    private void handle(WsSession session, TwilioEvent event) {
        switch (event) {
            case TwilioEvent.Connected connected ->
                    LOG.log(Level.DEBUG, "Twilio media stream protocol {0} {1}", connected.protocol(),
                            connected.version());
            case TwilioEvent.Start start -> start(session, start);
            case TwilioEvent.Media media -> {
                if (fromThisStream(media.streamSid(), "media") && "inbound".equals(media.track())) {
                    call.callerAudio(media.audio());
                }
            }
            case TwilioEvent.Dtmf dtmf -> {
                if (fromThisStream(dtmf.streamSid(), "dtmf")) {
                    call.callerPressed(dtmf.digit());
                }
            }
            case TwilioEvent.Mark mark -> {
                if (fromThisStream(mark.streamSid(), "mark")) {
                    call.markPlayed(mark.name());
                }
            }
            case TwilioEvent.Stop stop -> {
                if (fromThisStream(stop.streamSid(), "stop")) {
                    LOG.log(Level.DEBUG, "[{0}] Twilio stopped the stream", callSid);
                    streamEnded(CallEndReason.CALLER_HUNG_UP);
                }
            }
            case TwilioEvent.Unknown unknown ->
                    LOG.log(Level.DEBUG, "[{0}] ignoring unknown Twilio event {1}", callSid, unknown.event());
        }
    }

    private void start(WsSession session, TwilioEvent.Start start) {
        if (call != null) {
            rejected("a second 'start' on one stream");
            return;
        }
        callSid = start.callSid();
        streamSid = start.streamSid();
        if (guard.enabled()) {
            StreamTokens.Redemption token = tokens.redeem(start.customParameters().get(TOKEN_PARAMETER), callSid);
            if (token != StreamTokens.Redemption.ACCEPTED) {
                refused = true;
                LOG.log(Level.WARNING, "[{0}] refused the media stream: stream token {1}",
                        RequestGuard.printable(callSid), token.name().toLowerCase(Locale.ROOT).replace('_', ' '));
                session.close(WsCloseCodes.VIOLATED_POLICY, "invalid stream token");
                return;
            }
        }
        if (!"audio/x-mulaw".equals(start.encoding()) || start.sampleRate() != 8000 || start.channels() != 1) {
            LOG.log(Level.ERROR, "[{0}] unsupported media format {1} {2} Hz x{3}; closing the stream", callSid,
                    start.encoding(), start.sampleRate(), start.channels());
            session.close(WsCloseCodes.CANNOT_ACCEPT, "unsupported media format");
            return;
        }
        var context = new CallContext(callSid, streamSid,
                start.customParameters().getOrDefault("From", ""),
                start.customParameters().getOrDefault("To", ""));
        var opened = new TwilioCallerLine(session, callSid, streamSid, this::lineHungUp);
        line = opened;
        // Watched until its close has gone out: hanging up on a peer that stopped reading must not block either.
        stallWatch.watch(opened, () -> streamEnded(CallEndReason.STREAM_STALLED));
        call = calls.answer(context, opened);
    }

    /** We closed the stream (the call ended, or was refused); Helidon may never report that close itself. */
    private void lineHungUp() {
        TwilioCallerLine hungUp = line;
        if (hungUp != null) {
            stallWatch.forget(hungUp);
        }
        streamEnded(CallEndReason.STREAM_CLOSED);
    }

    private boolean fromThisStream(String messageStreamSid, String event) {
        if (call == null) {
            rejected(event + " before 'start'");
            return false;
        }
        if (messageStreamSid != null && !messageStreamSid.equals(streamSid)) {
            rejected(event + " for another stream " + messageStreamSid);
            return false;
        }
        return true;
    }

    private void streamEnded(CallEndReason reason) {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        stats.closed();
        if (call != null) {
            call.ended(reason);
        }
    }

    private void rejected(String reason) {
        stats.rejected();
        int count = budget.badMessage();
        // One line per report, whatever the peer put into the message (a 100 kB stream SID, a line break).
        String problem = RequestGuard.printable(reason.length() <= MAX_LOGGED_REASON ? reason
                : reason.substring(0, MAX_LOGGED_REASON) + "...");
        if (budget.logOneByOne()) {
            LOG.log(Level.WARNING, "[{0}] skipped a Twilio message: {1}", callSid, problem);
        } else if (count % 50 == 0) {
            LOG.log(Level.WARNING, "[{0}] skipped {1} bad Twilio messages so far on this stream; latest: {2}",
                    callSid, count, problem);
        }
    }

    private boolean withinBudget(WsSession session) {
        if (budget.admit(nanoClock.getAsLong())) {
            return true;
        }
        stats.rejected();
        abandon(session, "more than " + MessageBudget.MAX_MESSAGES_PER_SECOND + " messages a second");
        return false;
    }

    private void enforceBadMessageLimit(WsSession session) {
        if (budget.tooManyBad() && !refused) {
            abandon(session, "more than " + MessageBudget.MAX_BAD_MESSAGES + " bad messages");
        }
    }

    /** Closes a stream that doesn't behave like Twilio, ending its call if it had one. */
    private void abandon(WsSession session, String why) {
        refused = true;
        LOG.log(Level.WARNING, "[{0}] closing the media stream: {1}", callSid, why);
        if (call != null) {
            // The call's line owns the socket's writes; ending the call closes it with 1008 under its lock.
            streamEnded(CallEndReason.PROTOCOL_ERROR);
            return;
        }
        try {
            session.close(WsCloseCodes.VIOLATED_POLICY, "not a Twilio media stream");
        } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, "[{0}] closing the media stream: {1}", callSid, e.getMessage());
        }
        streamEnded(CallEndReason.PROTOCOL_ERROR);
    }
}
