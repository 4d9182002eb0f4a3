package org.pharmacyvoice.it.load.cascade;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An OpenAI-compatible Chat Completions endpoint ({@code POST /v1/chat/completions}) that answers every request
 * with the script's reply, streamed as server-sent events a word per {@code chat.completion.chunk} (as models
 * stream tokens), then a chunk with {@code finish_reason} and {@code data: [DONE]}.
 */
final class FakeChatModel implements Handler {

    private static final byte[] REPLY = events();
    private final AtomicInteger requests = new AtomicInteger();

    @Override
    public void handle(ServerRequest request, ServerResponse response) {
        // The request (the whole conversation so far) is read as the real service must read it, and then ignored.
        request.content().as(byte[].class);
        requests.incrementAndGet();
        response.header(HeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8");
        response.header(HeaderNames.CACHE_CONTROL, "no-cache");
        try (OutputStream out = response.outputStream()) {
            out.write(REPLY);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int requests() {
        return requests.get();
    }

    private static byte[] events() {
        var events = new StringBuilder();
        events.append(event("{\"role\":\"assistant\",\"content\":\"\",\"refusal\":null}", "null"));
        String[] words = Script.reply().split(" ");
        for (int i = 0; i < words.length; i++) {
            events.append(event("{\"content\":" + Json.quote((i == 0 ? "" : " ") + words[i]) + "}", "null"));
        }
        events.append(event("{}", "\"stop\""));
        events.append("data: [DONE]\n\n");
        return events.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String event(String delta, String finishReason) {
        return "data: {\"id\":\"chatcmpl-cost\",\"object\":\"chat.completion.chunk\",\"created\":1764547200,"
                + "\"model\":\"gpt-4o-mini\",\"system_fingerprint\":\"fp_fake\",\"choices\":[{\"index\":0,\"delta\":"
                + delta + ",\"logprobs\":null,\"finish_reason\":" + finishReason + "}]}\n\n";
    }
}
