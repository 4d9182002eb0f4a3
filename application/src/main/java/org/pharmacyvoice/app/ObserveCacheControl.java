package org.pharmacyvoice.app;

import io.helidon.http.HeaderNames;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import java.util.List;

/**
 * Sends the {@code Cache-Control} of the health and metrics answers as one header line. Helidon 4.2's observers set
 * it as one header with four values ({@code no-cache, no-store, must-revalidate, no-transform}), and its HTTP/1
 * writer puts each value on a line of its own: legal, but four {@code Cache-Control} lines puzzle people and tools.
 *
 * <p>The observers set the header and send in one step, so there is no moment after them and before the wire for a
 * filter; the response's stream filter is that moment: Helidon asks for it when the answer starts to be written,
 * before the head goes out (an answer without a body included), and it leaves the body as it is.
 */
final class ObserveCacheControl implements Filter {

    /** Where {@code ObserveFeature} mounts its observers by default, as the server uses it. */
    static final String OBSERVE_PATH = "/observe";

    @Override
    public void filter(FilterChain chain, RoutingRequest request, RoutingResponse response) {
        String path = request.path().path();
        if (path.equals(OBSERVE_PATH) || path.startsWith(OBSERVE_PATH + "/")) {
            response.streamFilter(body -> {
                onOneLine(response.headers());
                return body;
            });
        }
        chain.proceed();
    }

    /** One {@code Cache-Control} with every directive, comma-separated as RFC 9110 combines a list header. */
    static void onOneLine(ServerResponseHeaders headers) {
        List<String> directives = headers.all(HeaderNames.CACHE_CONTROL, List::of);
        if (directives.size() > 1) {
            headers.set(HeaderNames.CACHE_CONTROL, String.join(", ", directives));
        }
    }
}
