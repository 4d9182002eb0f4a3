package org.pharmacyvoice.adapters.twilio;

import io.helidon.http.Method;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.helidon.webserver.http.ServerRequest;
import java.util.Set;

/**
 * Reads and checks every request to the webhooks before their handlers run ({@link RequestGuard#admitWebhook}),
 * handing the admitted request on to them. A filter rather than a step of each handler because a refusal that leaves
 * the body unread must close the connection, and Helidon 4.2.0's metrics filter swallows the
 * {@link io.helidon.webserver.CloseConnectionException} of anything it wraps (fixed in 4.2.1 by helidon#9972): the
 * server then keeps the connection and parses the unread body as the next request, hex dump of it included. The
 * routing's own filters run outside the features' (weight 100 against observability's 80), so from here the
 * exception reaches the connection.
 */
final class WebhookGate implements Filter {

    /** One webhook route: the method and the path. */
    record Route(Method method, String path) {
    }

    private final RequestGuard guard;
    private final Set<Route> webhooks;

    WebhookGate(RequestGuard guard, Set<Route> webhooks) {
        this.guard = guard;
        this.webhooks = Set.copyOf(webhooks);
    }

    /** The request this gate admitted; only for the handlers of the webhook routes it was given. */
    static WebhookRequest admitted(ServerRequest request) {
        return request.context().get(WebhookRequest.class)
                .orElseThrow(() -> new IllegalStateException("the webhook gate did not run for "
                        + request.prologue().uriPath().rawPath()));
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest request, RoutingResponse response) {
        if (!webhooks.contains(new Route(request.prologue().method(), request.prologue().uriPath().path()))) {
            chain.proceed();
            return;
        }
        guard.admitWebhook(request, response).ifPresent(webhook -> {
            request.context().register(webhook);
            chain.proceed();
        });
    }
}
