package org.pharmacyvoice.app.staff;

import io.helidon.common.uri.UriQuery;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import jakarta.json.JsonObject;
import java.util.Objects;
import java.util.Optional;
import org.pharmacyvoice.app.http.JsonReplies;
import org.pharmacyvoice.app.http.RejectedRequest;
import org.pharmacyvoice.app.http.RequestReading;
import org.pharmacyvoice.domain.counter.port.in.ChangeOrderStatusUseCase;
import org.pharmacyvoice.domain.counter.port.in.ListOrdersUseCase;
import org.pharmacyvoice.domain.counter.port.in.LookUpOrderUseCase;
import org.pharmacyvoice.domain.outbound.port.in.PickupCallsUseCase;
import org.pharmacyvoice.domain.pharmacy.Order;
import org.pharmacyvoice.domain.pharmacy.OrderFilter;
import org.pharmacyvoice.domain.pharmacy.OrderSight;
import org.pharmacyvoice.domain.pharmacy.OrderStatus;
import org.pharmacyvoice.domain.pharmacy.Requester;
import org.pharmacyvoice.domain.pharmacy.StatusChange;

/**
 * {@code /api/orders}: staff list and look up the orders, and move them along with {@code PATCH}. Only HTTP and
 * JSON live here; what may happen to an order is the counter's to decide. An order moved to ready asks for the
 * customer's ready-for-pickup call when the pharmacy places calls.
 */
public final class OrdersApi {

    private final ListOrdersUseCase list;
    private final LookUpOrderUseCase lookUp;
    private final ChangeOrderStatusUseCase changeStatus;
    private final PickupCallRequests pickupCalls;

    public OrdersApi(ListOrdersUseCase list, LookUpOrderUseCase lookUp, ChangeOrderStatusUseCase changeStatus) {
        this(list, lookUp, changeStatus, Optional.empty());
    }

    /** With the ready-for-pickup calls an order moved to ready asks for; empty when the pharmacy places no calls. */
    public OrdersApi(ListOrdersUseCase list, LookUpOrderUseCase lookUp, ChangeOrderStatusUseCase changeStatus,
                     Optional<PickupCallsUseCase> pickupCalls) {
        this.list = Objects.requireNonNull(list, "'list' must not be null");
        this.lookUp = Objects.requireNonNull(lookUp, "'lookUp' must not be null");
        this.changeStatus = Objects.requireNonNull(changeStatus, "'changeStatus' must not be null");
        this.pickupCalls = new PickupCallRequests(pickupCalls);
    }

    /** Adds the routes; other methods get a JSON 405, other paths below {@code /api/orders/} a JSON 404. */
    public void addRoutes(HttpRouting.Builder http) {
        http.get("/api/orders", JsonReplies.guarded(this::list));
        http.get("/api/orders/{id}", JsonReplies.guarded(this::show));
        http.patch("/api/orders/{id}", JsonReplies.guarded(this::changeStatus));
        // No HEAD: Helidon 4.2 would send the body anyway, so a HEAD gets the 405 below.
        http.any("/api/orders", JsonReplies.methodNotAllowed("GET"));
        http.any("/api/orders/{id}", JsonReplies.methodNotAllowed("GET, PATCH"));
        http.any("/api/orders/*", JsonReplies.noSuchResource(StaffJson.RESOURCES));
    }

    private void list(ServerRequest request, ServerResponse response) {
        UriQuery query = request.query();
        RequestReading.onlyParameters(query, "status", "phone", "limit");
        Optional<OrderStatus> status = RequestReading.parameter(query, "status").map(code -> OrderStatus.fromCode(code)
                .orElseThrow(() -> RejectedRequest.badRequest("invalid_parameter", "Unknown status '" + code
                        + "'; an order is one of " + String.join(", ", OrderStatus.codes()) + ".")));
        Optional<String> phone = RequestReading.parameter(query, "phone");
        int limit = RequestReading.intParameter(query, "limit", OrderFilter.DEFAULT_LIMIT, 1, OrderFilter.MAX_LIMIT);
        OrderFilter filter;
        try {
            filter = new OrderFilter(status, phone, limit);
        } catch (IllegalArgumentException e) {
            throw RejectedRequest.badRequest("invalid_parameter", "'phone' is " + e.getMessage() + ".");
        }
        JsonReplies.send(response, Status.OK_200, StaffJson.orders(list.listOrders(filter), limit));
    }

    private void show(ServerRequest request, ServerResponse response) {
        long id = RequestReading.pathId(request, "id", "Order");
        switch (lookUp.lookUpOrder(id, Requester.STAFF)) {
            case OrderSight.Found found -> JsonReplies.send(response, Status.OK_200, StaffJson.order(found.order()));
            default -> throw RejectedRequest.notFound("No order with id " + id + ".");
        }
    }

    private void changeStatus(ServerRequest request, ServerResponse response) {
        long id = RequestReading.pathId(request, "id", "Order");
        OrderStatus next = StatusPatch.ofOrder(RequestReading.jsonObjectBody(request)).status();
        switch (changeStatus.changeOrderStatus(id, next)) {
            case StatusChange.Changed changed -> JsonReplies.send(response, Status.OK_200, moved(changed.order()));
            case StatusChange.AlreadyThere same -> JsonReplies.send(response, Status.OK_200, moved(same.order()));
            case StatusChange.NoSuchOrder missing -> throw RejectedRequest.notFound(
                    "No order with id " + missing.orderId() + ".");
            case StatusChange.NotVerified never -> throw new IllegalStateException("staff are never asked to verify");
            case StatusChange.NotAllowed refused -> throw new RejectedRequest(Status.CONFLICT_409,
                    "status_change_not_allowed", refused.reason());
        }
    }

    /**
     * The order as it is now, after asking for the customer's call (the domain decides whether it is ready to call
     * about), with how that went when it was.
     */
    private JsonObject moved(Order order) {
        JsonObject json = StaffJson.order(order);
        return pickupCalls.orderReady(order.id())
                .map(call -> JsonReplies.JSON.createObjectBuilder(json).add("pickup_call", call).build())
                .orElse(json);
    }
}
