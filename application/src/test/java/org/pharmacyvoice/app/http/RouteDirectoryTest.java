package org.pharmacyvoice.app.http;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.is;

import io.helidon.http.Method;
import io.helidon.http.PathMatchers;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRoute;
import io.helidon.webserver.http.HttpRouting;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** The directory notes each route by method and path as it is added, and the server still serves every one. */
class RouteDirectoryTest {

    @Test
    void everyWayOfAddingARouteIsNotedAndServed() throws Exception {
        RouteDirectory directory = RouteDirectory.over(HttpRouting.builder());
        directory.get("/api/drugs", (request, response) -> response.send("drugs"));
        directory.patch("/api/orders/{id}", (request, response) -> response.send("patched"));
        directory.route(Method.POST, "/incoming-call", (request, response) -> response.send("twiml"));
        directory.any("/api/orders/*", (request, response) -> response.status(404).send("none"));
        directory.route(Method.GET, PathMatchers.create("/hidden"), (request, response) -> response.send("hidden"));
        directory.route(HttpRoute.builder().path("/opaque").handler((request, response) -> response.send("opaque")));

        assertThat(directory.routes(), contains(
                new RouteDirectory.Route("GET", "/api/drugs"),
                new RouteDirectory.Route("PATCH", "/api/orders/{id}"),
                new RouteDirectory.Route("POST", "/incoming-call"),
                new RouteDirectory.Route(RouteDirectory.ANY_METHOD, "/api/orders/*"),
                new RouteDirectory.Route("GET", RouteDirectory.ANY_PATH),
                new RouteDirectory.Route(RouteDirectory.ANY_METHOD, RouteDirectory.ANY_PATH)));

        WebServer server = WebServer.builder().host("127.0.0.1").port(0).shutdownHook(false)
                .featuresDiscoverServices(false).addRouting(directory).build().start();
        try {
            HttpClient client = HttpClient.newHttpClient();
            URI base = URI.create("http://127.0.0.1:" + server.port());
            assertThat(client.send(HttpRequest.newBuilder(base.resolve("/api/drugs")).build(),
                    HttpResponse.BodyHandlers.ofString()).body(), is("drugs"));
            assertThat(client.send(HttpRequest.newBuilder(base.resolve("/api/orders/7"))
                    .method("PATCH", HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString()).body(), is("patched"));
            assertThat(client.send(HttpRequest.newBuilder(base.resolve("/api/orders/7/x")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode(), is(404));
            assertThat(client.send(HttpRequest.newBuilder(base.resolve("/opaque")).build(),
                    HttpResponse.BodyHandlers.ofString()).body(), is("opaque"));
        } finally {
            server.stop();
        }
    }
}
