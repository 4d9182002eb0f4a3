package org.pharmacyvoice.app.staff;

import io.helidon.common.uri.UriQuery;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.lang.System.Logger.Level;
import java.util.Objects;
import java.util.Optional;
import org.pharmacyvoice.domain.counter.PharmacyCounter;
import org.pharmacyvoice.domain.pharmacy.OrderFilter;
import org.pharmacyvoice.domain.pharmacy.OrderSight;
import org.pharmacyvoice.domain.pharmacy.OrderStatus;
import org.pharmacyvoice.domain.pharmacy.Requester;
import org.pharmacyvoice.domain.pharmacy.StatusChange;

/**
 * The staff's JSON API over the pharmacy counter: the formulary ({@code /api/drugs}) and the orders
 * ({@code /api/orders}), including moving an order along with {@code PATCH}. Only HTTP and JSON live here; what
 * may happen to an order is decided by {@link PharmacyCounter}.
 */
public final class CounterApi {

    private static final System.Logger LOG = System.getLogger(CounterApi.class.getName());
    private static final int MAX_QUERY_LENGTH = 100;

    private final PharmacyCounter counter;

    public CounterApi(PharmacyCounter counter) {
        this.counter = Objects.requireNonNull(counter, "'counter' must not be null");
    }

    /**
     * Adds the routes. Any other method on these paths gets a JSON 405 naming the allowed ones, and any other path
     * below {@code /api/drugs/} or {@code /api/orders/} a JSON 404; the rest of {@code /api/} is left to others.
     */
    public void addRoutes(HttpRouting.Builder http) {
        http.get("/api/drugs", guarded(this::listDrugs));
        http.get("/api/drugs/{id}", guarded(this::showDrug));
        http.get("/api/orders", guarded(this::listOrders));
        http.get("/api/orders/{id}", guarded(this::showOrder));
        http.patch("/api/orders/{id}", guarded(this::changeOrderStatus));
        // No HEAD: Helidon 4.2 would send the body anyway, so a HEAD gets the 405 below.
        http.any("/api/drugs", methodNotAllowed("GET"));
        http.any("/api/drugs/{id}", methodNotAllowed("GET"));
        http.any("/api/orders", methodNotAllowed("GET"));
        http.any("/api/orders/{id}", methodNotAllowed("GET, PATCH"));
        http.any("/api/drugs/*", noSuchResource());
        http.any("/api/orders/*", noSuchResource());
    }

    private void listDrugs(ServerRequest request, ServerResponse response) {
        UriQuery query = request.query();
        CounterRequests.onlyParameters(query, "query");
        String text = CounterRequests.parameter(query, "query").orElse("");
        if (text.length() > MAX_QUERY_LENGTH) {
            throw RejectedRequest.badRequest("invalid_parameter",
                    "'query' must be at most " + MAX_QUERY_LENGTH + " characters.");
        }
        CounterJson.send(response, Status.OK_200, CounterJson.drugs(counter.browseFormulary().searchDrugs(text)));
    }

    private void showDrug(ServerRequest request, ServerResponse response) {
        long id = CounterRequests.pathId(request, "id", "Drug");
        var drug = counter.browseFormulary().drug(id).orElseThrow(() -> RejectedRequest.notFound("No drug with id " + id + "."));
        CounterJson.send(response, Status.OK_200, CounterJson.drug(drug));
    }

    private void listOrders(ServerRequest request, ServerResponse response) {
        UriQuery query = request.query();
        CounterRequests.onlyParameters(query, "status", "phone", "limit");
        Optional<OrderStatus> status = CounterRequests.parameter(query, "status").map(code -> OrderStatus.fromCode(code)
                .orElseThrow(() -> RejectedRequest.badRequest("invalid_parameter", "Unknown status '" + code
                        + "'; an order is one of " + String.join(", ", OrderStatus.codes()) + ".")));
        Optional<String> phone = CounterRequests.parameter(query, "phone");
        int limit = CounterRequests.intParameter(query, "limit", OrderFilter.DEFAULT_LIMIT, 1, OrderFilter.MAX_LIMIT);
        OrderFilter filter;
        try {
            filter = new OrderFilter(status, phone, limit);
        } catch (IllegalArgumentException e) {
            throw RejectedRequest.badRequest("invalid_parameter", "'phone' is " + e.getMessage() + ".");
        }
        CounterJson.send(response, Status.OK_200, CounterJson.orders(counter.listOrders().listOrders(filter), limit));
    }

    private void showOrder(ServerRequest request, ServerResponse response) {
        long id = CounterRequests.pathId(request, "id", "Order");
        switch (counter.lookUpOrder().lookUpOrder(id, Requester.STAFF)) {
            case OrderSight.Found found -> CounterJson.send(response, Status.OK_200, CounterJson.order(found.order()));
            default -> throw RejectedRequest.notFound("No order with id " + id + ".");
        }
    }

    private void changeOrderStatus(ServerRequest request, ServerResponse response) {
        long id = CounterRequests.pathId(request, "id", "Order");
        OrderStatus next = StatusPatch.from(CounterRequests.jsonObjectBody(request)).status();
        switch (counter.changeOrderStatus().changeOrderStatus(id, next)) {
            case StatusChange.Changed changed -> CounterJson.send(response, Status.OK_200,
                    CounterJson.order(changed.order()));
            case StatusChange.AlreadyThere same -> CounterJson.send(response, Status.OK_200,
                    CounterJson.order(same.order()));
            case StatusChange.NoSuchOrder missing -> throw RejectedRequest.notFound(
                    "No order with id " + missing.orderId() + ".");
            case StatusChange.NoCallerId never -> throw new IllegalStateException("staff have no caller ID to lack");
            case StatusChange.NotAllowed refused -> throw new RejectedRequest(Status.CONFLICT_409,
                    "status_change_not_allowed", refused.reason());
        }
    }

    /** Answers rejections with their JSON error, and anything unexpected with a JSON 500 (and a log entry). */
    private static Handler guarded(Handler handler) {
        return (request, response) -> {
            try {
                handler.handle(request, response);
            } catch (RejectedRequest rejected) {
                CounterJson.send(response, rejected.status(), CounterJson.error(rejected.error(), rejected.detail()));
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "staff request " + request.prologue().method().text() + " "
                        + request.path().path() + " failed", e);
                if (!response.isSent()) {
                    CounterJson.send(response, Status.INTERNAL_SERVER_ERROR_500, CounterJson.error("internal_error",
                            "The pharmacy system could not answer just now; try again."));
                }
            }
        };
    }

    private static Handler noSuchResource() {
        return (request, response) -> CounterJson.send(response, Status.NOT_FOUND_404, CounterJson.error("not_found",
                "Nothing at " + request.path().path() + "; see /api/drugs, /api/drugs/{id}, /api/orders and "
                        + "/api/orders/{id}."));
    }

    private static Handler methodNotAllowed(String allowed) {
        return (request, response) -> {
            response.headers().set(HeaderNames.ALLOW, allowed);
            CounterJson.send(response, Status.METHOD_NOT_ALLOWED_405, CounterJson.error("method_not_allowed",
                    request.prologue().method().text() + " is not supported here; use " + allowed + "."));
        };
    }
}
