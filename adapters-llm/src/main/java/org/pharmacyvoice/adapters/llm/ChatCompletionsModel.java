package org.pharmacyvoice.adapters.llm;

import io.helidon.webclient.http1.Http1Client;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.pharmacyvoice.domain.cascade.port.out.Generation;
import org.pharmacyvoice.domain.cascade.port.out.LanguageModel;
import org.pharmacyvoice.domain.cascade.port.out.ModelEvent;
import org.pharmacyvoice.domain.cascade.port.out.ModelRequest;

/**
 * An OpenAI-compatible Chat Completions API behind the domain's {@link LanguageModel} port: each reply is one
 * streamed {@code POST /chat/completions} (server-sent events), its text handed on as it arrives and its tool calls
 * put together from their pieces. Works with OpenAI, Azure OpenAI, Groq and local servers; see
 * {@link LanguageModelSettings} and {@code docs/llm-chat-completions-wire.md}.
 *
 * <p>Nothing is retried here: a failure (with the service's wait, on a rate limit) goes to the listener, which knows
 * whether a caller is still waiting. One instance serves every call; {@link #close()} fails the replies still open.
 */
public final class ChatCompletionsModel implements LanguageModel, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(ChatCompletionsModel.class.getName());

    private final LanguageModelSettings settings;
    private final Http1Client client;
    private final ScheduledExecutorService timer;
    private final Set<StreamedReply> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    public ChatCompletionsModel(LanguageModelSettings settings) {
        this.settings = Objects.requireNonNull(settings, "'settings' must not be null");
        this.client = client(settings);
        this.timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "llm-reply-watchdog");
            thread.setDaemon(true);
            return thread;
        });
        LOG.log(Level.DEBUG, "language model client for {0}", settings);
    }

    private static Http1Client client(LanguageModelSettings settings) {
        // The socket's own read timeout only backs up the reply's watchdog, which enforces the real ones.
        Duration backstop = settings.replyTimeout().plus(StreamedReply.GRACE);
        return Http1Client.builder()
                .connectTimeout(settings.connectTimeout())
                .readTimeout(backstop)
                .socketOptions(socket -> socket
                        .connectTimeout(settings.connectTimeout())
                        .readTimeout(backstop)
                        // Small chunks of text must not wait for Nagle's algorithm.
                        .tcpNoDelay(true))
                // Our own connections, so close() ends them and no other client's pool holds ours.
                .shareConnectionCache(false)
                // A POST is not followed to another host with our key; nor does it wait for 100-continue.
                .followRedirects(false)
                .sendExpectContinue(false)
                .build();
    }

    @Override
    public Generation reply(String callSid, ModelRequest request, Consumer<ModelEvent> listener) {
        Objects.requireNonNull(callSid, "'callSid' must not be null");
        Objects.requireNonNull(request, "'request' must not be null");
        Objects.requireNonNull(listener, "'listener' must not be null");
        var reply = new StreamedReply(callSid, settings, client, request, listener, timer, open::remove);
        if (!settings.hasApiKey()) {
            reply.failAtOnce("no API key is configured for the language model at " + settings.baseUrl());
            return reply;
        }
        open.add(reply);
        if (closed) {
            open.remove(reply);
            reply.failAtOnce("the language model client is shut down");
            return reply;
        }
        reply.start();
        return reply;
    }

    /** Fails every reply still open (the listener hears why), stops the watchdog and closes the connections. */
    @Override
    public void close() {
        closed = true;
        for (StreamedReply reply : open) {
            reply.shutDown();
        }
        client.closeResource();
        // The stopped replies' watchdogs still have their grace period to run on the timer.
        try {
            timer.schedule(timer::shutdown, StreamedReply.GRACE.multipliedBy(2).toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException alreadyClosed) {
            // close() twice: the first one already stops the timer.
        }
    }
}
