package org.pharmacyvoice.app.http;

import io.helidon.common.media.type.MediaTypes;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerResponse;
import jakarta.json.JsonObject;
import jakarta.json.spi.JsonProvider;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;

/**
 * How our JSON APIs answer: the body as UTF-8 JSON, never cached (it can hold tokens or patient data), errors as
 * {@code {"error": code, "detail": sentence}}, and no handler failure ever reaching the client as anything else.
 */
public final class JsonReplies {

    /** Looked up once: {@code Json.createXxx} would search the service loader on every call. */
    public static final JsonProvider JSON = JsonProvider.provider();

    private static final System.Logger LOG = System.getLogger(JsonReplies.class.getName());

    private JsonReplies() {
    }

    public static JsonObject error(String error, String detail) {
        return JSON.createObjectBuilder().add("error", error).add("detail", detail).build();
    }

    public static void send(ServerResponse response, Status status, JsonObject body) {
        response.status(status);
        response.headers().contentType(MediaTypes.APPLICATION_JSON);
        response.headers().set(HeaderNames.CACHE_CONTROL, "no-store");
        response.send(body.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Answers rejections with their JSON error, and anything unexpected with a JSON 500 (and a log entry). */
    public static Handler guarded(Handler handler) {
        return (request, response) -> {
            try {
                handler.handle(request, response);
            } catch (RejectedRequest rejected) {
                send(response, rejected.status(), error(rejected.error(), rejected.detail()));
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "request " + request.prologue().method().text() + " " + request.path().path()
                        + " failed", e);
                if (!response.isSent()) {
                    send(response, Status.INTERNAL_SERVER_ERROR_500, error("internal_error",
                            "The pharmacy system could not answer just now; try again."));
                }
            }
        };
    }

    /** A JSON 405 naming the methods this path takes. */
    public static Handler methodNotAllowed(String allowed) {
        return (request, response) -> {
            response.headers().set(HeaderNames.ALLOW, allowed);
            send(response, Status.METHOD_NOT_ALLOWED_405, error("method_not_allowed",
                    request.prologue().method().text() + " is not supported here; use " + allowed + "."));
        };
    }

    /** A JSON 404 for a path below one of ours that names nothing; {@code hint} says what there is. */
    public static Handler noSuchResource(String hint) {
        return (request, response) -> send(response, Status.NOT_FOUND_404, error("not_found",
                "Nothing at " + request.path().path() + "; see " + hint + "."));
    }
}
