package org.pharmacyvoice.it.load;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Start-up to the first call: how long after the server process starts a call gets through, step by step. */
final class FirstCall {

    private static final Duration STARTUP_LIMIT = Duration.ofSeconds(60);

    private FirstCall() {
    }

    /**
     * From process start to the first call: the voice webhook answers, the media stream opens, the call is
     * accepted (the server connected to the agent and sent its Settings), and its audio reaches the agent.
     */
    static RunResult.Startup measure(ServerProcess server, FakeAgentServer agent, Reactor twilioSide,
                                     SimulatedCall probe, Measurements measurements, Path dir) throws Exception {
        long t0 = server.startedNanos();
        long deadline = t0 + STARTUP_LIMIT.toNanos();
        // HTTP/1.1 as Twilio posts webhooks; the JDK's default asks to upgrade to h2c, which the Node peer's
        // WebSocket server takes for a WebSocket upgrade and refuses.
        var http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(1)).build();
        var webhook = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/incoming-call"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("CallSid=" + probe.callSid
                        + "&AccountSid=AC10ad10ad10ad10ad10ad10ad10ad10ad&From=%2B15550009999&To=%2B15550100000"
                        + "&CallStatus=ringing&Direction=inbound"))
                .timeout(Duration.ofSeconds(10)).build();
        long answered;
        while (true) {
            if (!server.alive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("the server did not answer its webhook; see "
                        + dir.resolve("server-console.log"));
            }
            try {
                HttpResponse<String> response = http.send(webhook, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200 && response.body().contains("<Stream")) {
                    answered = System.nanoTime();
                    break;
                }
            } catch (IOException notYetListening) {
                // keep knocking
            }
            Thread.sleep(5);
        }
        TwilioPeer caller = TwilioPeer.dial(probe, measurements, twilioSide, server.port());
        probe.twilio = caller;
        long streamOpen = System.nanoTime();
        long accepted;
        try {
            accepted = agent.firstSettings().get(30, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("the first call never reached the agent; see "
                    + dir.resolve("server-console.log"));
        }
        int sent = 0;
        while (probe.agent == null && System.nanoTime() < deadline) {
            caller.sendMedia(sent++);
            Thread.sleep(20);
        }
        if (probe.agent == null) {
            throw new IllegalStateException("the first call's audio never reached the agent");
        }
        long firstAudio = probe.agentBoundNanos;
        caller.hangUp();
        return new RunResult.Startup(ms(answered - t0), ms(streamOpen - t0), ms(accepted - t0), ms(firstAudio - t0));
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
