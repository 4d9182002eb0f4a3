package org.pharmacyvoice.app.caller;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Twilio's side of one Media Streams WebSocket, as the simulated caller plays it: sends connected, start, 20 ms media
 * frames, mark echoes and stop, in Twilio's message shapes, and hands the server's media, mark and clear on.
 */
final class TwilioStream implements WebSocket.Listener {

    /** What the server sends on the stream. */
    interface Events {
        void media(byte[] mulaw);

        void mark(String name);

        void clear();

        void closed(int code, String reason);
    }

    private final Events events;
    private final ReentrantLock sendLock = new ReentrantLock();
    private final StringBuilder text = new StringBuilder();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private WebSocket socket;
    private String accountSid;
    private String callSid;
    private String streamSid;
    private int sequence;
    private int chunk;

    private TwilioStream(Events events) {
        this.events = events;
    }

    static TwilioStream open(HttpClient http, URI url, Events events) {
        var stream = new TwilioStream(events);
        stream.socket = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                .buildAsync(url, stream).join();
        return stream;
    }

    /** {@code connected} then {@code start}, with these stream parameters. */
    void start(String callSid, String streamSid, String accountSid, Map<String, String> parameters) {
        this.callSid = callSid;
        this.streamSid = streamSid;
        this.accountSid = accountSid;
        send(Json.createObjectBuilder().add("event", "connected").add("protocol", "Call").add("version", "1.0.0"));
        JsonObjectBuilder custom = Json.createObjectBuilder();
        parameters.forEach(custom::add);
        sendNumbered(Json.createObjectBuilder()
                .add("event", "start")
                .add("start", Json.createObjectBuilder()
                        .add("accountSid", accountSid)
                        .add("streamSid", streamSid)
                        .add("callSid", callSid)
                        .add("tracks", Json.createArrayBuilder().add("inbound"))
                        .add("customParameters", custom)
                        .add("mediaFormat", Json.createObjectBuilder()
                                .add("encoding", "audio/x-mulaw").add("sampleRate", 8000).add("channels", 1))));
    }

    void media(byte[] frame) {
        sendLock.lock();
        try {
            chunk++;
            sendNumbered(Json.createObjectBuilder()
                    .add("event", "media")
                    .add("media", Json.createObjectBuilder()
                            .add("track", "inbound")
                            .add("chunk", Integer.toString(chunk))
                            .add("timestamp", Integer.toString((chunk - 1) * 20))
                            .add("payload", Base64.getEncoder().encodeToString(frame))));
        } finally {
            sendLock.unlock();
        }
    }

    void markPlayed(String name) {
        sendNumbered(Json.createObjectBuilder().add("event", "mark")
                .add("mark", Json.createObjectBuilder().add("name", name)));
    }

    /** {@code stop}, as Twilio sends it when the caller hangs up, then a normal close. */
    void hangUp() {
        if (isClosed()) {
            return;
        }
        sendNumbered(Json.createObjectBuilder().add("event", "stop")
                .add("stop", Json.createObjectBuilder().add("accountSid", accountSid).add("callSid", callSid)));
        sendLock.lock();
        try {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "caller hung up").get(5, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            socket.abort();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            socket.abort();
        } finally {
            sendLock.unlock();
        }
    }

    boolean isClosed() {
        return closed.isDone() || socket.isOutputClosed();
    }

    /** Waits up to {@code timeout} for the server's close. */
    void awaitClosed(Duration timeout) {
        try {
            closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            socket.abort();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            socket.abort();
        }
    }

    private void sendNumbered(JsonObjectBuilder message) {
        sendLock.lock();
        try {
            sequence++;
            send(message.add("sequenceNumber", Integer.toString(sequence)).add("streamSid", streamSid));
        } finally {
            sendLock.unlock();
        }
    }

    private void send(JsonObjectBuilder message) {
        sendLock.lock();
        try {
            if (!socket.isOutputClosed()) {
                // The JDK allows one outstanding send; waiting for each keeps frames in order and paced.
                socket.sendText(message.build().toString(), true).join();
            }
        } catch (CompletionException e) {
            // The server went away mid-send; the call loop sees the stream closed.
            closed.complete(null);
        } finally {
            sendLock.unlock();
        }
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        text.append(data);
        if (last) {
            String message = text.toString();
            text.setLength(0);
            dispatch(message);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        if (closed.complete(null)) {
            events.closed(statusCode, reason);
        }
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        if (closed.complete(null)) {
            events.closed(-1, String.valueOf(error.getMessage()));
        }
    }

    private void dispatch(String message) {
        JsonObject json;
        try (JsonReader reader = Json.createReader(new StringReader(message))) {
            json = reader.readObject();
        } catch (RuntimeException e) {
            return;
        }
        switch (json.getString("event", "")) {
            case "media" -> events.media(Base64.getDecoder().decode(json.getJsonObject("media").getString("payload")));
            case "mark" -> events.mark(json.getJsonObject("mark").getString("name"));
            case "clear" -> events.clear();
            default -> {
                // The server sends nothing else on a Twilio stream.
            }
        }
    }
}
