package org.pharmacyvoice.app.caller;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.IOException;
import java.io.StringReader;
import java.net.Authenticator;
import java.net.PasswordAuthentication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * A caller for the command line: places one call against a running server exactly as Twilio streams a phone call —
 * 160 bytes of μ-law every 20 ms, speech from audio files and silence in between — plays the agent's answers out in
 * real time (echoing marks, obeying clear), prints what is said and which tools run, and saves what it heard.
 * {@link CallerOptions#USAGE} tells how to run it.
 */
public final class SimulatedCaller {

    private static final long TICK_NANOS = 20_000_000L;
    private static final SecureRandom RANDOM = new SecureRandom();

    private SimulatedCaller() {
    }

    public static void main(String[] args) {
        Consumer<String> out = ConsoleLines.create();
        int status;
        try {
            CallSummary summary = call(CallerOptions.parse(args)
                    .withStaffToken(Optional.ofNullable(System.getenv("STAFF_TOKEN"))), out);
            status = summary.endReason().isPresent() ? 0 : 1;
        } catch (IllegalArgumentException e) {
            out.accept(e.getMessage());
            out.accept(CallerOptions.USAGE);
            status = 2;
        } catch (IOException e) {
            out.accept("the call failed: " + e.getMessage());
            status = 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            status = 130;
        }
        Runtime.getRuntime().exit(status);
    }

    /** Places the call and returns when it is over; every line of output goes to {@code out}. */
    public static CallSummary call(CallerOptions options, Consumer<String> out) throws IOException,
            InterruptedException {
        Consumer<String> say = line -> {
            synchronized (out) {
                out.accept(line);
            }
        };
        List<byte[]> speech = new ArrayList<>();
        for (Path file : options.utterances()) {
            speech.add(MulawAudio.read(file));
        }
        HttpClient http = staffClient(options.staffToken());
        Line line = options.from().isPresent()
                ? twilioLine(options.server(), options.from().get())
                : softphoneLine(http, options.server());
        say.accept("calling " + line.stream() + " as call " + line.callSid());

        var stream = new StreamHolder();
        var playout = new Playout(name -> stream.get().markPlayed(name));
        var closedBy = new StringBuilder();
        stream.set(TwilioStream.open(http, line.stream(), new TwilioStream.Events() {
            @Override
            public void media(byte[] mulaw) {
                playout.audio(mulaw);
            }

            @Override
            public void mark(String name) {
                playout.mark(name);
            }

            @Override
            public void clear() {
                playout.clear();
            }

            @Override
            public void closed(int code, String reason) {
                synchronized (closedBy) {
                    closedBy.append(code).append(reason == null || reason.isEmpty() ? "" : " " + reason);
                }
            }
        }));
        String streamSid = "MZ" + hex(16);
        stream.get().start(line.callSid(), streamSid, "AC" + hex(16), line.parameters());

        var feed = new RecordsFeed(http, options.server(), line.callSid(), say);
        Thread follower = Thread.ofVirtual().name("records-feed").start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                feed.poll();
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        long started = System.nanoTime();
        int frames;
        try {
            frames = converse(options, speech, stream.get(), playout, say);
        } finally {
            follower.interrupt();
        }
        Duration length = Duration.ofNanos(System.nanoTime() - started);
        if (stream.get().isClosed()) {
            synchronized (closedBy) {
                say.accept("the server closed the stream (" + closedBy + ")");
            }
        } else {
            stream.get().hangUp();
            stream.get().awaitClosed(Duration.ofSeconds(5));
        }
        follower.join();
        var endReason = feed.awaitEnd(Duration.ofSeconds(5));
        say.accept(String.format(Locale.ROOT, "call %s ended after %.1f s: %s", line.callSid(),
                length.toMillis() / 1000.0, endReason.orElse("(not in the records)")));
        byte[] heard = playout.recording();
        MulawAudio.writeWav(options.saveTo(), heard);
        say.accept(String.format(Locale.ROOT, "agent audio saved to %s (%.1f s of call, %.1f s of agent speech%s)",
                options.saveTo(), heard.length / 8000.0, playout.playedBytes() / 8000.0,
                playout.droppedBytes() > 0 ? String.format(Locale.ROOT, ", %.1f s cut off by barge-in",
                        playout.droppedBytes() / 8000.0) : ""));
        return new CallSummary(line.callSid(), endReason, length, frames, playout.playedBytes(),
                playout.droppedBytes(), options.saveTo());
    }

    /**
     * The call itself, one 20 ms tick at a time: a frame goes out every tick (speech while speaking, silence
     * otherwise) and 20 ms of the agent's audio plays. Each turn waits for the agent to answer and fall quiet.
     */
    private static int converse(CallerOptions options, List<byte[]> speech, TwilioStream stream, Playout playout,
                                Consumer<String> say) {
        final long quietTicks = options.quiet().toNanos() / TICK_NANOS;
        final long replyTicks = options.replyTimeout().toNanos() / TICK_NANOS;
        final long maxTicks = options.maxLength().toNanos() / TICK_NANOS;
        byte[] silence = new byte[Playout.FRAME_BYTES];
        Arrays.fill(silence, MulawAudio.SILENCE);
        long start = System.nanoTime();
        int turn = -1;
        int offset = 0;
        boolean speaking = false;
        boolean answered = false;
        long listeningSince = 0;
        long quietFor = 0;
        long tick = 0;
        for (; tick < maxTicks && !stream.isClosed(); tick++) {
            long due = start + tick * TICK_NANOS;
            for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                LockSupport.parkNanos(wait);
            }
            byte[] frame = silence;
            if (speaking) {
                byte[] words = speech.get(turn);
                frame = Arrays.copyOfRange(words, offset, offset + Playout.FRAME_BYTES);
                if (offset + Playout.FRAME_BYTES > words.length) {
                    Arrays.fill(frame, words.length - offset, frame.length, MulawAudio.SILENCE);
                }
                offset += Playout.FRAME_BYTES;
                if (offset >= words.length) {
                    speaking = false;
                    answered = false;
                    listeningSince = tick;
                    quietFor = 0;
                }
            }
            stream.media(frame);
            boolean agentSpoke = playout.tick();
            if (speaking) {
                continue;
            }
            if (agentSpoke || !playout.idle()) {
                answered = true;
                quietFor = 0;
            } else {
                quietFor++;
            }
            boolean turnOver = answered && quietFor >= quietTicks;
            boolean noAnswer = !answered && tick - listeningSince >= replyTicks;
            if (turnOver || noAnswer) {
                if (noAnswer) {
                    say.accept("(no answer from the agent within " + options.replyTimeout().toSeconds() + " s)");
                }
                turn++;
                if (turn >= speech.size()) {
                    return (int) tick + 1;
                }
                say.accept(String.format(Locale.ROOT, "you say: %s (%.1f s)", options.utterances().get(turn),
                        speech.get(turn).length / 8000.0));
                speaking = true;
                offset = 0;
            }
        }
        if (tick >= maxTicks) {
            say.accept("hanging up: the call reached " + options.maxLength().toSeconds() + " s");
        }
        return (int) tick;
    }

    /** The softphone session and the call records are staff pages: answer the server's challenge with the token. */
    private static HttpClient staffClient(Optional<String> staffToken) {
        var builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10));
        staffToken.ifPresent(token -> builder.authenticator(new Authenticator() {
            @Override
            protected PasswordAuthentication getPasswordAuthentication() {
                return new PasswordAuthentication("staff", token.toCharArray());
            }
        }));
        return builder.build();
    }

    private static Line softphoneLine(HttpClient http, URI server) throws IOException, InterruptedException {
        URI session = server.resolve("/softphone/session");
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(session)
                .POST(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonObject body;
        try (JsonReader reader = Json.createReader(new StringReader(response.body()))) {
            body = reader.readObject();
        } catch (RuntimeException e) {
            throw new IOException(session + " answered " + response.statusCode() + " without JSON", e);
        }
        if (response.statusCode() != 200) {
            throw new IOException(session + " answered " + response.statusCode() + ": "
                    + body.getString("detail", body.toString()));
        }
        String callSid = body.getString("call_sid");
        return new Line(callSid, websocket(server, body.getString("stream_path")),
                Map.of("streamToken", body.getString("stream_token"), "CallSid", callSid));
    }

    private static Line twilioLine(URI server, String from) {
        String callSid = "CA" + hex(16);
        return new Line(callSid, websocket(server, "/media-stream"), Map.of("From", from, "To", "", "CallSid", callSid));
    }

    private static URI websocket(URI server, String path) {
        String scheme = "https".equals(server.getScheme()) ? "wss" : "ws";
        return URI.create(scheme + "://" + server.getRawAuthority() + path);
    }

    private static String hex(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return HexFormat.of().formatHex(random);
    }

    /** Where the call goes and what its {@code start} carries. */
    private record Line(String callSid, URI stream, Map<String, String> parameters) {
    }

    /** The stream, known only once it is open, for the playout's mark echoes. */
    private static final class StreamHolder {
        private volatile TwilioStream stream;

        TwilioStream get() {
            return stream;
        }

        void set(TwilioStream opened) {
            stream = opened;
        }
    }
}
