package org.pharmacyvoice.app;

import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Tag;
import io.helidon.metrics.api.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.pharmacyvoice.domain.call.port.out.CallMetrics;
import org.pharmacyvoice.domain.telephony.Admission;
import org.pharmacyvoice.domain.telephony.CallEndReason;

/**
 * The bridge's numbers as Helidon (Micrometer) meters, published in Prometheus form at {@code /observe/metrics}.
 * Every meter the audio path touches is created up front, so a frame costs two counter increments and one timer
 * record, never a registry lookup.
 */
final class HelidonCallMetrics implements CallMetrics {

    /** Tool names come from the model; anything not in the toolbox is counted under this one name. */
    static final String UNKNOWN_TOOL = "unknown";

    private static final Duration[] BRIDGE_BUCKETS = durations(TimeUnit.MICROSECONDS,
            50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 25_000, 50_000);
    private static final Duration[] TOOL_BUCKETS = durations(TimeUnit.MILLISECONDS,
            5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000);
    private static final Duration[] RESPONSE_BUCKETS = durations(TimeUnit.MILLISECONDS,
            250, 500, 750, 1_000, 1_500, 2_000, 3_000, 5_000, 10_000);
    private static final Duration[] CALL_BUCKETS = durations(TimeUnit.SECONDS,
            10, 30, 60, 120, 300, 600, 1_800, 3_600);

    private final MeterRegistry registry;
    private final Set<String> toolNames;
    private final Counter started;
    private final Map<CallEndReason, Counter> ended = new EnumMap<>(CallEndReason.class);
    private final Timer callLength;
    private final Counter callerFrames;
    private final Counter callerBytes;
    private final Timer callerLatency;
    private final Counter agentFrames;
    private final Counter agentBytes;
    private final Timer agentLatency;
    private final Counter bargeIns;
    private final Counter reconnects;
    private final Map<String, Timer> agentResponses = new ConcurrentHashMap<>();
    private final Map<Admission, Counter> turnedAway = new EnumMap<>(Admission.class);
    private final Counter circuitOpened;
    private final Counter failedOverAtStart;
    private final Counter failedOverMidCall;
    private final Map<String, Timer> toolTimers = new ConcurrentHashMap<>();

    HelidonCallMetrics(MeterRegistry registry, Set<String> toolNames, Set<String> agentNames) {
        this.registry = registry;
        this.toolNames = Set.copyOf(toolNames);
        started = counter("pharmacy.calls.started", "Calls answered (media streams that reached the bridge)");
        for (CallEndReason reason : CallEndReason.values()) {
            ended.put(reason, registry.getOrCreate(Counter.builder("pharmacy.calls.ended")
                    .description("Calls ended, by the first reason that ended them")
                    .addTag(Tag.create("reason", reason.name().toLowerCase(Locale.ROOT)))));
        }
        callLength = timer("pharmacy.call.duration", "How long calls lasted, from stream start to end", CALL_BUCKETS);
        callerFrames = counter("pharmacy.audio.frames", "Audio frames forwarded", "direction", "caller_to_agent");
        callerBytes = counter("pharmacy.audio.bytes", "μ-law audio bytes forwarded", "direction", "caller_to_agent");
        callerLatency = timer("pharmacy.bridge.latency", "Time from a frame's arrival to the end of its forwarding "
                + "(caller frames held while the agent got ready are left out)", BRIDGE_BUCKETS,
                "direction", "caller_to_agent");
        agentFrames = counter("pharmacy.audio.frames", "Audio frames forwarded", "direction", "agent_to_caller");
        agentBytes = counter("pharmacy.audio.bytes", "μ-law audio bytes forwarded", "direction", "agent_to_caller");
        agentLatency = timer("pharmacy.bridge.latency", "Time from a frame's arrival to the end of its forwarding",
                BRIDGE_BUCKETS, "direction", "agent_to_caller");
        bargeIns = counter("pharmacy.barge.ins", "Times a caller interrupted the agent and its playback was cleared");
        reconnects = counter("pharmacy.agent.reconnects", "Agent connections re-established mid-call");
        for (Admission why : Admission.values()) {
            if (why != Admission.OPEN) {
                turnedAway.put(why, counter("pharmacy.calls.turned.away", "Arriving calls not put through to the "
                        + "agent: busy (call limit or draining) or agent_down (straight to the fallback)",
                        "reason", why.name().toLowerCase(Locale.ROOT)));
            }
        }
        circuitOpened = counter("pharmacy.agent.circuit.opened",
                "Times new calls started going straight to the fallback because calls in a row got no voice agent");
        failedOverAtStart = counter("pharmacy.agent.failovers", "Calls that went to the standby (cascaded) agent "
                + "because the primary failed: at the call's start, or mid-call with the conversation replayed",
                "when", "call_start");
        failedOverMidCall = counter("pharmacy.agent.failovers", "Calls that went to the standby (cascaded) agent "
                + "because the primary failed: at the call's start, or mid-call with the conversation replayed",
                "when", "mid_call");
        // The agents this server runs have their series from the start, at zero, like every other meter.
        agentNames.forEach(agent -> agentResponse(agent));
        for (String tool : this.toolNames) {
            toolTimer(tool, true);
            toolTimer(tool, false);
        }
    }

    @Override
    public void callStarted() {
        started.increment();
    }

    @Override
    public void callEnded(CallEndReason reason, Duration length) {
        ended.get(reason).increment();
        callLength.record(length);
    }

    @Override
    public void callerAudioForwarded(int bytes, long nanos) {
        callerFrames.increment();
        callerBytes.increment(bytes);
        callerLatency.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void callerAudioCaughtUp(int bytes) {
        callerFrames.increment();
        callerBytes.increment(bytes);
    }

    @Override
    public void agentAudioForwarded(int bytes, long nanos) {
        agentFrames.increment();
        agentBytes.increment(bytes);
        agentLatency.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void bargeIn() {
        bargeIns.increment();
    }

    @Override
    public void agentReconnected() {
        reconnects.increment();
    }

    @Override
    public void toolRan(String tool, boolean succeeded, Duration took) {
        toolTimer(toolNames.contains(tool) ? tool : UNKNOWN_TOOL, succeeded).record(took);
    }

    @Override
    public void agentResponded(String agent, Duration latency) {
        agentResponse(agent).record(latency);
    }

    @Override
    public void agentFailedOver(boolean midCall) {
        (midCall ? failedOverMidCall : failedOverAtStart).increment();
    }

    /** One series per agent (deepgram, cascaded), so that the two can be compared. */
    private Timer agentResponse(String agent) {
        return agentResponses.computeIfAbsent(agent, name -> timer("pharmacy.agent.response.latency",
                "Per turn, from the end of the caller's speech to the agent's first reply audio, by agent",
                RESPONSE_BUCKETS, "agent", name));
    }

    @Override
    public void callTurnedAway(Admission why) {
        Counter counter = turnedAway.get(why);
        if (counter != null) {
            counter.increment();
        }
    }

    @Override
    public void agentCircuitChanged(boolean open) {
        if (open) {
            circuitOpened.increment();
        }
    }

    private Timer toolTimer(String tool, boolean succeeded) {
        String outcome = succeeded ? "succeeded" : "failed";
        return toolTimers.computeIfAbsent(tool + '/' + outcome, key -> registry.getOrCreate(
                Timer.builder("pharmacy.tool.call.duration")
                        .description("Tool calls and how long they took, by tool and outcome")
                        .tags(List.of(Tag.create("tool", tool), Tag.create("outcome", outcome)))
                        .percentiles(new double[0])
                        .buckets(TOOL_BUCKETS)));
    }

    private Counter counter(String name, String description, String... tags) {
        return registry.getOrCreate(Counter.builder(name).description(description).tags(tags(tags)));
    }

    private Timer timer(String name, String description, Duration[] buckets, String... tags) {
        // Buckets only: Helidon's default client-side quantiles can't be aggregated across servers.
        return registry.getOrCreate(Timer.builder(name).description(description).tags(tags(tags))
                .percentiles(new double[0])
                .buckets(buckets));
    }

    private static List<Tag> tags(String... keysAndValues) {
        var tags = new ArrayList<Tag>();
        for (int i = 0; i + 1 < keysAndValues.length; i += 2) {
            tags.add(Tag.create(keysAndValues[i], keysAndValues[i + 1]));
        }
        return tags;
    }

    private static Duration[] durations(TimeUnit unit, long... amounts) {
        Duration[] result = new Duration[amounts.length];
        for (int i = 0; i < amounts.length; i++) {
            result[i] = Duration.of(amounts[i], unit.toChronoUnit());
        }
        return result;
    }
}
