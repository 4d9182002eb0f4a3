package org.pharmacyvoice.app.web;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * Serves the browser softphone ({@code /}) and the staff dashboard ({@code /dashboard}) with their scripts from
 * {@code web/} on the classpath. A fixed list read once at start, rather than Helidon's static content handler, whose
 * 4.2.0 jar handler can fail under {@code java -jar} (helidon#9908, fixed in 4.2.1).
 */
public final class WebPages {

    /** Every file under web/ that is served, by name. */
    private static final String[] FILES = {
            "index.html", "dashboard.html", "style.css", "softphone.js", "dashboard.js", "audio-worklet.js", "mulaw.js"};
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=UTF-8",
            "css", "text/css; charset=UTF-8",
            "js", "text/javascript; charset=UTF-8");
    /** Scripts from this origin only; the pages talk to nothing but this server (HTTP and its WebSocket). */
    private static final String CONTENT_SECURITY_POLICY = "default-src 'self'; connect-src 'self' ws: wss:; "
            + "img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

    private final Map<String, Page> pages = new TreeMap<>();

    private record Page(byte[] body, String contentType) {
    }

    private WebPages() {
        for (String name : FILES) {
            pages.put(name, new Page(read("web/" + name), TYPES.get(name.substring(name.lastIndexOf('.') + 1))));
        }
    }

    /** Reads the pages from the classpath; fails at start, not at the first request, if one is missing. */
    public static WebPages load() {
        return new WebPages();
    }

    /** {@code GET /}, {@code GET /dashboard} and {@code GET /web/{file}}. */
    public void addRoutes(HttpRouting.Builder http) {
        http.get("/", (request, response) -> serve(response, "index.html"));
        http.get("/dashboard", (request, response) -> serve(response, "dashboard.html"));
        http.get("/web/{file}", this::file);
    }

    private void file(ServerRequest request, ServerResponse response) {
        String name = request.path().pathParameters().get("file");
        if (!pages.containsKey(name)) {
            response.status(Status.NOT_FOUND_404).send();
            return;
        }
        serve(response, name);
    }

    private void serve(ServerResponse response, String name) {
        Page page = pages.get(name);
        response.headers().set(HeaderNames.CONTENT_TYPE, page.contentType());
        response.headers().set(HeaderNames.CACHE_CONTROL, "no-cache");
        response.headers().set(HeaderNames.create("X-Content-Type-Options"), "nosniff");
        response.headers().set(HeaderNames.create("Content-Security-Policy"), CONTENT_SECURITY_POLICY);
        response.send(page.body());
    }

    private static byte[] read(String resource) {
        try (InputStream in = WebPages.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing web resource " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("could not read web resource " + resource, e);
        }
    }
}
