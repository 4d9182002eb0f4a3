package org.pharmacyvoice.adapters.twilio;

import io.helidon.websocket.WsListener;
import io.helidon.websocket.WsSession;
import java.time.Duration;
import java.util.Optional;
import org.pharmacyvoice.domain.call.port.in.PhoneCalls;
import org.pharmacyvoice.domain.call.port.out.CallerLine;

/** Opens the Twilio adapter's per-frame code to the JMH benchmarks, which live outside its package. */
public final class TwilioHotPath {

    /** Twilio sends a frame every 20 ms; the benchmark's clock says so, whatever the real rate. */
    private static final long FRAME_NANOS = 20_000_000L;

    private TwilioHotPath() {
    }

    /** One Twilio text frame read the way the media stream reads it. */
    public static Object read(String text) throws Exception {
        return TwilioEventReader.read(text);
    }

    /** The same frame read by the JSON-P reader alone (the path every non-media message takes). */
    public static Object readJson(String text) throws Exception {
        return TwilioEventReader.readJson(text);
    }

    /**
     * A media stream listener as the server builds it, except that its message budget sees one message every
     * 20 ms: a benchmark sends millions a second and would otherwise be closed as a flood.
     */
    public static WsListener mediaStream(PhoneCalls calls) {
        TwilioSettings settings = TwilioSettings.defaults(Optional.empty());
        long[] now = {0};
        return new MediaStreamListener(calls, settings, new MediaStreamStats(), new RequestGuard(settings, CheckingDesk.forThisMachine()),
                StreamTokens.forPurpose("media-stream", Optional.empty(), Duration.ofMinutes(1)),
                new StallWatch(settings.writeTimeout()), () -> now[0] += FRAME_NANOS);
    }

    /** The caller's line over {@code session}, as the media stream builds it on {@code start}. */
    public static CallerLine callerLine(WsSession session, String callSid, String streamSid) {
        return new TwilioCallerLine(session, callSid, streamSid, () -> { });
    }
}
