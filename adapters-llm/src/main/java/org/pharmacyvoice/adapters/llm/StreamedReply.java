package org.pharmacyvoice.adapters.llm;

import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderName;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webclient.http1.Http1ClientRequest;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.pharmacyvoice.domain.cascade.port.out.Generation;
import org.pharmacyvoice.domain.cascade.port.out.ModelEvent;
import org.pharmacyvoice.domain.cascade.port.out.ModelRequest;
import org.pharmacyvoice.domain.tool.ToolCall;

/**
 * One reply being streamed: a POST to {@code /chat/completions} on its own virtual thread, the event stream read
 * line by line, text handed on as it comes, tool calls put together, and exactly one {@link ModelEvent.Finished} or
 * {@link ModelEvent.Failed} at the end — unless {@link #cancel()} came first.
 *
 * <p>Events reach the listener one at a time, under {@link #delivery}: {@code cancel()} takes the same lock, so once
 * it returns no event is being delivered and none will be. (It therefore waits for an event being delivered at that
 * moment; a listener must not wait for a thread that is cancelling its reply.) A watchdog on the shared timer enforces
 * the first-line, idle and whole-reply timeouts by closing the connection; should the reply's thread still not end
 * (stuck where closing can't reach it), the watchdog delivers the failure itself a moment later.
 */
final class StreamedReply implements Generation {

    private static final System.Logger LOG = System.getLogger(StreamedReply.class.getName());
    private static final HeaderName API_KEY = HeaderNames.create("api-key");
    private static final HeaderName RETRY_AFTER_MS = HeaderNames.create("retry-after-ms");
    /** An error body is a few hundred bytes; more is not read. */
    static final int MAX_ERROR_BODY_BYTES = 64 * 1024;
    /** How long the reply's thread has to end after its connection was closed before the watchdog speaks for it. */
    static final Duration GRACE = Duration.ofSeconds(1);
    /** How long the end of a finished stream may take to arrive for its connection to be kept. */
    static final Duration DRAIN = Duration.ofMillis(500);
    static final String SHUT_DOWN = "the language model client is shut down";

    private final String callSid;
    private final LanguageModelSettings settings;
    private final Http1Client client;
    private final ModelRequest request;
    private final Consumer<ModelEvent> listener;
    private final ScheduledExecutorService timer;
    private final Consumer<StreamedReply> onEnd;

    private final ReentrantLock delivery = new ReentrantLock();
    /**
     * Written under {@link #delivery}: the terminal event was delivered, or the reply was cancelled. Volatile so the
     * watchdog can look without waiting for the lock, which a listener holds while it handles an event.
     */
    private volatile boolean over;
    private volatile boolean cancelled;
    /** Why the reply was stopped from outside (a timeout, the client's shutdown); null while it runs. */
    private volatile String stopReason;
    private volatile HttpClientResponse response;
    private volatile Thread worker;
    private final long startNanos = System.nanoTime();
    private volatile long lastLineNanos;
    private volatile boolean answered;

    // Read and written by the reply's thread only.
    private final ToolCallAssembly toolCalls = new ToolCallAssembly();
    private Optional<String> finishReason = Optional.empty();
    private int textChars;
    private boolean doneSeen;
    private InputStream eventBody;

    StreamedReply(String callSid, LanguageModelSettings settings, Http1Client client, ModelRequest request,
            Consumer<ModelEvent> listener, ScheduledExecutorService timer, Consumer<StreamedReply> onEnd) {
        this.callSid = callSid;
        this.settings = settings;
        this.client = client;
        this.request = request;
        this.listener = listener;
        this.timer = timer;
        this.onEnd = onEnd;
    }

    /** Starts the reply's thread and its watchdog; returns at once. */
    void start() {
        Thread.ofVirtual().name("[" + callSid + "] llm reply").start(this::run);
        scheduleWatch(Math.min(settings.firstByteTimeout().toNanos(), settings.replyTimeout().toNanos()));
    }

    /** A reply that fails at once, without asking the service (no key, the client shut down). */
    void failAtOnce(String problem) {
        Thread.ofVirtual().name("[" + callSid + "] llm reply").start(() -> {
            LOG.log(Level.WARNING, "[{0}] the language model''s reply failed: {1}", callSid, problem);
            deliver(new ModelEvent.Failed(problem, Optional.empty()), true);
            onEnd.accept(this);
        });
    }

    @Override
    public void cancel() {
        delivery.lock();
        try {
            over = true;
            cancelled = true;
        } finally {
            delivery.unlock();
        }
        LOG.log(Level.DEBUG, "[{0}] reply cancelled", callSid);
        abort();
    }

    /** Stops the reply with a failure: the client is shutting down. */
    void shutDown() {
        stop(SHUT_DOWN);
    }

    private void run() {
        worker = Thread.currentThread();
        try {
            ModelEvent outcome;
            try {
                outcome = exchange();
            } catch (RuntimeException | IOException | StackOverflowError e) {
                outcome = broken(e);
            }
            if (!doneSeen) {
                closeResponse();
            }
            if (outcome instanceof ModelEvent.Failed failed) {
                LOG.log(Level.WARNING, "[{0}] the language model''s reply failed: {1}", callSid, failed.problem());
            }
            if (outcome != null) {
                deliver(outcome, true);
            }
            if (doneSeen) {
                keepConnection();
            }
        } finally {
            closeResponse();
            onEnd.accept(this);
        }
    }

    /**
     * After {@code [DONE]}, only the end of the chunked body is left: reading it lets the client keep the connection
     * for the next reply, which then skips the TCP and TLS handshakes (two round trips, before the model can even
     * start). Done after the listener has heard the end, and given {@link #DRAIN} at most: a server that sends more
     * loses its connection instead.
     */
    private void keepConnection() {
        if (eventBody == null) {
            return;
        }
        ScheduledFuture<?> cutOff;
        try {
            cutOff = timer.schedule(this::closeResponse, DRAIN.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException shutDown) {
            closeResponse();
            return;
        }
        try (InputStream rest = eventBody) {
            byte[] buffer = new byte[1024];
            int total = 0;
            int read;
            while ((read = rest.read(buffer)) >= 0 && total < MAX_ERROR_BODY_BYTES) {
                total += read;
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.DEBUG, "[{0}] the connection is not kept: {1}", callSid, describe(e));
        } finally {
            cutOff.cancel(false);
            closeResponse();
        }
    }

    /** The reply's outcome, or null when it was cancelled. */
    private ModelEvent exchange() throws IOException {
        if (cancelled) {
            return null;
        }
        if (stopReason != null) {
            return failed(stopReason);
        }
        byte[] body = ChatRequest.body(settings, request);
        LOG.log(Level.DEBUG, "[{0}] asking {1} ({2}) for a reply: {3} turns, {4} tools, {5} bytes", callSid,
                settings.completionsUrl(), settings.model(), request.turns().size(), request.tools().size(),
                body.length);
        Http1ClientRequest post = client.post()
                .uri(settings.completionsUrl())
                .header(HeaderNames.CONTENT_TYPE, "application/json")
                .header(HeaderNames.ACCEPT, "text/event-stream")
                // A compressed stream would wait for a compressor's block before the first word.
                .header(HeaderNames.ACCEPT_ENCODING, "identity");
        switch (settings.auth()) {
            case BEARER -> post.header(HeaderNames.AUTHORIZATION, "Bearer " + settings.apiKey());
            case API_KEY -> post.header(API_KEY, settings.apiKey());
            case NONE -> {
            }
        }
        HttpClientResponse answer = post.submit(body);
        response = answer;
        // Read after publishing the response: a cancel or stop that came in between is seen here, or closes it.
        if (cancelled) {
            return null;
        }
        if (stopReason != null) {
            return failed(stopReason);
        }
        int status = answer.status().code();
        if (status != 200) {
            return httpError(answer);
        }
        String contentType = answer.headers().first(HeaderNames.CONTENT_TYPE).orElse("");
        if (!contentType.toLowerCase(Locale.ROOT).startsWith("text/event-stream")) {
            return failed("the model service answered 200 with Content-Type '" + LogText.fit(contentType)
                    + "' instead of an event stream");
        }
        try {
            eventBody = answer.inputStream();
            return stream(new EventStream(eventBody, this::lineArrived));
        } catch (EventStream.Oversized e) {
            return cancelled ? null : failed("the model service sent " + e.getMessage());
        }
    }

    private ModelEvent stream(EventStream events) throws IOException {
        EventStream.Event event;
        while ((event = events.next()) != null) {
            Chunk chunk = ChunkReader.read(event.name(), event.data());
            switch (chunk) {
                case Chunk.Done done -> {
                    doneSeen = true;
                    return conclusion();
                }
                case Chunk.Error error -> {
                    return failed("the model service reported an error mid-reply: " + error.problem());
                }
                case Chunk.Unreadable unreadable -> {
                    return failed("the model service sent an unreadable chunk: " + unreadable.problem());
                }
                case Chunk.Delta delta -> {
                    for (Chunk.ToolCallPiece piece : delta.toolCallPieces()) {
                        try {
                            toolCalls.add(piece);
                        } catch (ToolCallAssembly.Refused e) {
                            return failed("the model's tool calls are out of bounds: " + e.getMessage());
                        }
                    }
                    if (delta.finishReason().isPresent()) {
                        finishReason = delta.finishReason();
                    }
                    if (!delta.text().isEmpty()) {
                        textChars += delta.text().length();
                        if (!deliver(new ModelEvent.Text(delta.text()), false)) {
                            return null;
                        }
                    }
                }
            }
        }
        if (cancelled) {
            return null;
        }
        if (stopReason != null) {
            return stoppedOutcome();
        }
        if (finishReason.isPresent()) {
            // The spec ends with [DONE]; a server that closes instead after saying why it stopped has said enough.
            LOG.log(Level.DEBUG, "[{0}] the stream ended without [DONE] after finish_reason {1}", callSid,
                    finishReason.get());
            return conclusion();
        }
        return failed("the model's stream ended before the reply was complete (no finish_reason, no [DONE])");
    }

    /** The reply as the model ended it: finished, or failed when it stopped for a limit or a filter. */
    private ModelEvent conclusion() {
        String reason = finishReason.orElse("");
        switch (reason) {
            case "length" -> {
                return failed("the model stopped at its output token limit (finish_reason length)");
            }
            case "content_filter" -> {
                return failed("the model service's content filter stopped the reply (finish_reason content_filter)");
            }
            default -> {
                // stop, tool_calls, and whatever a compatible server calls them (some say stop with tool calls).
            }
        }
        List<ToolCall> calls;
        try {
            calls = toolCalls.calls();
        } catch (ToolCallAssembly.Refused e) {
            return failed("the model's tool calls can't be used: " + e.getMessage());
        }
        LOG.log(Level.DEBUG, "[{0}] reply finished (finish_reason {1}): {2} characters of text, tools {3}", callSid,
                reason.isEmpty() ? "<none>" : reason, textChars, calls.stream().map(ToolCall::toolName).toList());
        return new ModelEvent.Finished(calls);
    }

    /** What a stopped reply comes to: a finished one if the model had already said why it stopped. */
    private ModelEvent stoppedOutcome() {
        if (finishReason.isPresent() && !SHUT_DOWN.equals(stopReason)) {
            return conclusion();
        }
        return failed(stopReason);
    }

    private ModelEvent broken(Throwable e) {
        if (cancelled) {
            return null;
        }
        if (stopReason != null) {
            return stoppedOutcome();
        }
        LOG.log(Level.DEBUG, "[" + callSid + "] the model's reply broke", e);
        String where = response == null ? "cannot reach the model service at " + hostOf() + ": "
                : "the connection to the model service broke mid-reply: ";
        return failed(where + describe(e));
    }

    private String hostOf() {
        var url = settings.baseUrl();
        return url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort());
    }

    private ModelEvent httpError(HttpClientResponse answer) {
        Optional<Duration> retryAfter = RetryAfter.from(answer.headers().first(RETRY_AFTER_MS),
                answer.headers().first(HeaderNames.RETRY_AFTER), Instant.now());
        String message;
        try (InputStream in = answer.inputStream()) {
            byte[] bytes = in.readNBytes(MAX_ERROR_BODY_BYTES);
            lineArrived();
            message = ErrorBody.message(new String(bytes, StandardCharsets.UTF_8)).orElse("no error message");
        } catch (IOException | RuntimeException e) {
            if (cancelled) {
                return null;
            }
            message = "its error body could not be read (" + describe(e) + ")";
        }
        String problem = "HTTP " + answer.status().code()
                + " from the model service: " + message
                + retryAfter.map(wait -> " (retry after " + wait.toMillis() + " ms)").orElse("");
        return new ModelEvent.Failed(problem, retryAfter);
    }

    private static ModelEvent.Failed failed(String problem) {
        return new ModelEvent.Failed(problem, Optional.empty());
    }

    /** An exception as words for a log line: its class, its message, and its cause's, never the key. */
    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
        return LogText.fit(text);
    }

    /**
     * Hands {@code event} to the listener unless the reply is over; false when it is (cancelled, or already ended).
     * An exception from the listener is logged and goes no further: the stream must still end properly.
     */
    private boolean deliver(ModelEvent event, boolean terminal) {
        delivery.lock();
        try {
            if (over) {
                return false;
            }
            if (terminal) {
                over = true;
            }
            try {
                listener.accept(event);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "[{0}] the reply''s listener threw {1} on a {2} event", callSid,
                        e.getClass().getSimpleName(), event.getClass().getSimpleName());
                LOG.log(Level.DEBUG, "[" + callSid + "] the listener's exception", e);
            }
            return !over;
        } finally {
            delivery.unlock();
        }
    }

    private void lineArrived() {
        lastLineNanos = System.nanoTime();
        answered = true;
    }

    private void scheduleWatch(long delayNanos) {
        try {
            timer.schedule(this::watch, Math.max(delayNanos, 1_000_000L), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException shutDown) {
            // The client is closed: it has stopped this reply already, or is about to.
        }
    }

    /** Runs on the timer: stops the reply when a deadline has passed, else looks again at the next one. */
    private void watch() {
        if (isOver() || stopReason != null) {
            return;
        }
        long now = System.nanoTime();
        long replyDeadline = startNanos + settings.replyTimeout().toNanos();
        long lineDeadline = answered ? lastLineNanos + settings.idleTimeout().toNanos()
                : startNanos + settings.firstByteTimeout().toNanos();
        long deadline = replyDeadline - lineDeadline < 0 ? replyDeadline : lineDeadline;
        if (now - deadline < 0) {
            scheduleWatch(deadline - now);
            return;
        }
        String reason;
        if (deadline == replyDeadline) {
            reason = "the reply took longer than " + millis(settings.replyTimeout()) + " in all";
        } else if (answered) {
            reason = "the model's stream stalled: nothing for " + millis(settings.idleTimeout());
        } else {
            reason = "no answer from the model service within " + millis(settings.firstByteTimeout());
        }
        stop(reason);
    }

    private static String millis(Duration duration) {
        return duration.toMillis() + " ms";
    }

    /** Closes the connection for {@code reason}; if the reply's thread then fails to end it, the timer does. */
    private void stop(String reason) {
        if (stopReason != null) {
            return;
        }
        stopReason = reason;
        // Closing a TLS socket may write to it: not on the shared timer's only thread.
        Thread.ofVirtual().name("[" + callSid + "] llm stop").start(this::abort);
        Runnable speakForIt = () -> {
            if (!isOver()) {
                LOG.log(Level.WARNING, "[{0}] the reply''s thread did not end {1} ms after it was stopped; "
                        + "failing it from here: {2}", callSid, GRACE.toMillis(), reason);
                deliver(failed(reason), true);
            }
        };
        try {
            timer.schedule(() -> Thread.ofVirtual().name("[" + callSid + "] llm stop").start(speakForIt),
                    GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException shutDown) {
            Thread.ofVirtual().name("[" + callSid + "] llm stop").start(() -> {
                try {
                    Thread.sleep(GRACE);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                speakForIt.run();
            });
        }
    }

    private boolean isOver() {
        return over;
    }

    /**
     * Closes the connection (which ends a blocked read at once), or, before an answer arrived, interrupts the reply's
     * thread, which closes its socket: a virtual thread's socket read is interruptible. The interrupt is kept out of
     * the listener's way: before an answer, no event is being delivered.
     */
    private void abort() {
        if (response != null) {
            closeResponse();
            return;
        }
        Thread thread = worker;
        if (thread != null && thread != Thread.currentThread()) {
            thread.interrupt();
        }
        // The answer may have arrived in between: then the reply's thread sees the flags, or this closes it.
        if (response != null) {
            closeResponse();
        }
    }

    private void closeResponse() {
        HttpClientResponse answer = response;
        if (answer != null) {
            try {
                answer.close();
            } catch (RuntimeException e) {
                LOG.log(Level.DEBUG, "[{0}] closing the reply''s connection: {1}", callSid, describe(e));
            }
        }
    }
}
