package org.pharmacyvoice.domain.call;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.pharmacyvoice.domain.agent.AgentSession;
import org.pharmacyvoice.domain.call.port.out.CallMetrics;
import org.pharmacyvoice.domain.call.port.out.CallRecords;
import org.pharmacyvoice.domain.call.port.out.CallTraces;
import org.pharmacyvoice.domain.patient.CallerIdentity;
import org.pharmacyvoice.domain.telephony.CallContext;
import org.pharmacyvoice.domain.tool.CallControl;
import org.pharmacyvoice.domain.tool.ToolAudit;
import org.pharmacyvoice.domain.tool.ToolCall;
import org.pharmacyvoice.domain.tool.ToolResult;
import org.pharmacyvoice.domain.tool.ToolSpec;
import org.pharmacyvoice.domain.tool.Toolbox;

/**
 * Runs the agent's tool calls for one call: on a worker, never on the socket's reader; each run on record before
 * its answer goes out; the answer only to the agent connection that asked (a new one would not know the call's id);
 * and nothing at all for a call the agent cancelled. The {@link ToolFiller} hears of each call asked for and done.
 */
final class ToolRunner {

    private static final System.Logger LOG = System.getLogger(ToolRunner.class.getName());

    /** The agent connection a tool call came from, as the bridge knows it. */
    interface Asker {
        /** The session to answer on, once connect() has handed it over; empty if it never does in time. */
        Optional<AgentSession> session(Duration wait) throws InterruptedException;

        /** Whether the call goes on and this is still its agent connection. */
        boolean stillCurrent();
    }

    private final CallContext call;
    private final Toolbox toolbox;
    private final CallRecords records;
    private final CallMetrics metrics;
    private final Executor workers;
    private final Clock clock;
    private final Duration answerWait;
    private final Set<String> cancelled = ConcurrentHashMap.newKeySet();
    /** Who the caller has proved to be: one per call, so it outlives a reconnect of the agent. */
    private final CallerIdentity caller;
    private final TranscriptMask mask;
    /** How the call's tools may end it. */
    private final CallControl control;
    /** The Rx numbers the pharmacy's tools answered about on this call, for a pharmacist's whisper. */
    private final Set<String> rxNumbers = ConcurrentHashMap.newKeySet();
    /** How many of the caller's names the record's lines were last masked with. */
    private final AtomicInteger namesMasked = new AtomicInteger();
    private final ToolFiller filler;
    private final AgentTurns turns;

    ToolRunner(CallContext call, Toolbox toolbox, CallRecords records, CallMetrics metrics, Executor workers,
               Clock clock, Duration answerWait, TranscriptMask mask, CallControl control, ToolFiller filler,
               Optional<Long> expectedPatient, AgentTurns turns) {
        this.call = call;
        this.turns = turns;
        this.control = control;
        this.filler = filler;
        this.mask = mask;
        this.toolbox = toolbox;
        this.records = records;
        this.metrics = metrics;
        this.workers = workers;
        this.clock = clock;
        this.answerWait = answerWait;
        this.caller = new CallerIdentity(call.callSid(), expectedPatient);
    }

    /** The Rx numbers tools answered about on this call, in no particular order. */
    Set<String> rxNumbersDiscussed() {
        return Set.copyOf(rxNumbers);
    }

    /** Who the caller has proved to be on this call. */
    CallerIdentity caller() {
        return caller;
    }

    /**
     * Masks the names the caller has given so far in the record's lines: a caller says their name before any tool
     * knows it is one. Only when a claim added a name, unless {@code always} (at the end of the call, to catch a
     * line written while a name was being added).
     */
    void maskNamesHeard(boolean always) {
        Set<String> names = caller.namesHeard();
        if (names.isEmpty() || (namesMasked.getAndAccumulate(names.size(), Math::max) >= names.size() && !always)) {
            return;
        }
        records.linesRedacted(call.callSid(), text -> mask.mask(text, names));
    }

    /** Runs each call on a worker of its own and answers {@code asker}. */
    void requested(List<ToolCall> calls, Asker asker) {
        long now = System.nanoTime();
        calls.forEach(toolCall -> filler.asked(toolCall, asker, now));
        calls.forEach(toolCall -> workers.execute(() -> run(toolCall, asker)));
    }

    /** The agent no longer wants these answers; a call not yet started does not run. */
    void cancelled(List<String> callIds) {
        LOG.log(Level.INFO, "[{0}] agent cancelled tool calls {1}", call.callSid(), callIds);
        cancelled.addAll(callIds);
        filler.cancelled(callIds, System.nanoTime());
    }

    private void run(ToolCall toolCall, Asker asker) {
        try {
            runAndAnswer(toolCall, asker);
        } finally {
            // Done with it, answered or not (no-op when the answer already said so).
            filler.finished(toolCall, System.nanoTime());
        }
    }

    private void runAndAnswer(ToolCall toolCall, Asker asker) {
        if (cancelled.remove(toolCall.id())) {
            LOG.log(Level.INFO, "[{0}] tool call {1} cancelled before it ran", call.callSid(), toolCall.id());
            return;
        }
        long started = System.nanoTime();
        // The agent names the tool, so a name the toolbox doesn't know could be anything the caller said.
        CallTraces.ToolRun traced = turns.toolStarted(toolbox.spec(toolCall.toolName()).isPresent()
                ? toolCall.toolName() : "unknown");
        ToolResult result = toolbox.run(toolCall, call, caller, control);
        traced.ended(result instanceof ToolResult.Success ? CallTraces.ToolOutcome.SUCCEEDED
                : CallTraces.ToolOutcome.FAILED);
        if (result instanceof ToolResult.Success success && success.data().get("rx_number") instanceof String rx) {
            rxNumbers.add(rx);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        LOG.log(Level.INFO, "[{0}] tool {1} ({2}) {3} in {4,number,#} ms", call.callSid(), toolCall.toolName(),
                toolCall.id(), result instanceof ToolResult.Success ? "succeeded" : "failed", took.toMillis());
        // Returns once the run is written (RecordKeeper waits up to 3 s), so what the caller hears is on record.
        Optional<ToolSpec> spec = toolbox.spec(toolCall.toolName());
        records.toolRan(call.callSid(), ToolAudit.call(spec, toolCall), ToolAudit.result(spec, result), took,
                clock.instant());
        metrics.toolRan(toolCall.toolName(), result instanceof ToolResult.Success, took);
        maskNamesHeard(false);
        if (cancelled.remove(toolCall.id())) {
            LOG.log(Level.INFO, "[{0}] tool call {1} was cancelled; its answer is dropped", call.callSid(),
                    toolCall.id());
            return;
        }
        Optional<AgentSession> session;
        try {
            session = asker.session(answerWait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (session.isEmpty() || !asker.stillCurrent()) {
            LOG.log(Level.INFO, "[{0}] the agent connection that asked for tool call {1} is gone; answer dropped",
                    call.callSid(), toolCall.id());
            return;
        }
        filler.finished(toolCall, System.nanoTime());
        try {
            session.get().answer(toolCall, result);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "[{0}] answering tool call {1} failed: {2}", call.callSid(), toolCall.id(),
                    e.getMessage());
        }
    }
}
