package org.pharmacyvoice.app.http;

import io.helidon.http.Method;
import io.helidon.http.PathMatcher;
import io.helidon.webserver.http.ErrorHandler;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpFeature;
import io.helidon.webserver.http.HttpRoute;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.HttpSecurity;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Helidon's routing builder, noting every route added through it with its method and path, so that what the server
 * serves can be compared with what its OpenAPI document describes without a second list to keep up to date. A route
 * whose path Helidon doesn't give as text (a path matcher, a service, a route object) is noted as {@link #ANY_PATH}:
 * it may answer anywhere.
 */
public final class RouteDirectory implements HttpRouting.Builder {

    /** The method of a route that takes every method. */
    public static final String ANY_METHOD = "ANY";
    /** The path of a route that may answer on any path, as far as this directory can tell. */
    public static final String ANY_PATH = "*";

    /** One route: its method ({@code GET}, or {@link #ANY_METHOD}) and its Helidon path pattern. */
    public record Route(String method, String path) {

        public Route {
            Objects.requireNonNull(method, "'method' must not be null");
            Objects.requireNonNull(path, "'path' must not be null");
        }
    }

    private final HttpRouting.Builder routing;
    private final List<Route> routes = new CopyOnWriteArrayList<>();

    private RouteDirectory(HttpRouting.Builder routing) {
        this.routing = routing;
    }

    /** Notes the routes added from now on, and adds them to {@code routing}. */
    public static RouteDirectory over(HttpRouting.Builder routing) {
        return new RouteDirectory(Objects.requireNonNull(routing, "'routing' must not be null"));
    }

    /** Every route added so far, in the order it was added. */
    public List<Route> routes() {
        return List.copyOf(routes);
    }

    @Override
    public HttpRouting.Builder route(Method method, String pathPattern, Handler handler) {
        note(method.text(), pathPattern);
        routing.route(method, pathPattern, handler);
        return this;
    }

    @Override
    public HttpRouting.Builder route(Method method, String pathPattern, Consumer<ServerRequest> handler) {
        note(method.text(), pathPattern);
        routing.route(method, pathPattern, handler);
        return this;
    }

    @Override
    public HttpRouting.Builder route(Method method, String pathPattern, Function<ServerRequest, ?> handler) {
        note(method.text(), pathPattern);
        routing.route(method, pathPattern, handler);
        return this;
    }

    @Override
    public HttpRouting.Builder route(Method method, String pathPattern, Supplier<?> handler) {
        note(method.text(), pathPattern);
        routing.route(method, pathPattern, handler);
        return this;
    }

    @Override
    public HttpRouting.Builder any(String pathPattern, Handler... handlers) {
        note(ANY_METHOD, pathPattern);
        routing.any(pathPattern, handlers);
        return this;
    }

    @Override
    public HttpRouting.Builder route(Method method, PathMatcher pathMatcher, Handler handler) {
        note(method.text(), ANY_PATH);
        routing.route(method, pathMatcher, handler);
        return this;
    }

    @Override
    public HttpRouting.Builder route(Predicate<Method> methodPredicate, PathMatcher pathMatcher, Handler handler) {
        note(ANY_METHOD, ANY_PATH);
        routing.route(methodPredicate, pathMatcher, handler);
        return this;
    }

    /** Every other way of adding a route ends here, with no path as text. */
    @Override
    public HttpRouting.Builder route(HttpRoute route) {
        note(ANY_METHOD, ANY_PATH);
        routing.route(route);
        return this;
    }

    @Override
    public HttpRouting.Builder register(HttpService... service) {
        note(ANY_METHOD, ANY_PATH);
        routing.register(service);
        return this;
    }

    @Override
    public HttpRouting.Builder register(String path, HttpService... service) {
        note(ANY_METHOD, ANY_PATH);
        routing.register(path, service);
        return this;
    }

    @Override
    public HttpRouting.Builder addFilter(Filter filter) {
        routing.addFilter(filter);
        return this;
    }

    @Override
    public HttpRouting.Builder addFeature(Supplier<? extends HttpFeature> feature) {
        routing.addFeature(feature);
        return this;
    }

    @Override
    public <T extends Throwable> HttpRouting.Builder error(Class<T> exceptionClass,
                                                         ErrorHandler<? super T> handler) {
        routing.error(exceptionClass, handler);
        return this;
    }

    @Override
    public HttpRouting.Builder maxReRouteCount(int maxReRouteCount) {
        routing.maxReRouteCount(maxReRouteCount);
        return this;
    }

    @Override
    public HttpRouting.Builder security(HttpSecurity security) {
        routing.security(security);
        return this;
    }

    /** A copy of the routing underneath; routes added to the copy are not noted here. */
    @Override
    public HttpRouting.Builder copy() {
        return routing.copy();
    }

    @Override
    public HttpRouting build() {
        return routing.build();
    }

    private void note(String method, String path) {
        routes.add(new Route(method, path));
    }
}
