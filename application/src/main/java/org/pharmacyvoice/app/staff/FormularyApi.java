package org.pharmacyvoice.app.staff;

import io.helidon.common.uri.UriQuery;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.Objects;
import org.pharmacyvoice.app.http.JsonReplies;
import org.pharmacyvoice.app.http.RejectedRequest;
import org.pharmacyvoice.app.http.RequestReading;
import org.pharmacyvoice.domain.counter.port.in.BrowseFormularyUseCase;

/** {@code /api/drugs}: staff browse the formulary, its prices and its stock. Only HTTP and JSON live here. */
public final class FormularyApi {

    private static final int MAX_QUERY_LENGTH = 100;

    private final BrowseFormularyUseCase formulary;

    public FormularyApi(BrowseFormularyUseCase formulary) {
        this.formulary = Objects.requireNonNull(formulary, "'formulary' must not be null");
    }

    /** Adds the routes; other methods get a JSON 405, other paths below {@code /api/drugs/} a JSON 404. */
    public void addRoutes(HttpRouting.Builder http) {
        http.get("/api/drugs", JsonReplies.guarded(this::search));
        http.get("/api/drugs/{id}", JsonReplies.guarded(this::show));
        // No HEAD: Helidon 4.2 would send the body anyway, so a HEAD gets the 405 below.
        http.any("/api/drugs", JsonReplies.methodNotAllowed("GET"));
        http.any("/api/drugs/{id}", JsonReplies.methodNotAllowed("GET"));
        http.any("/api/drugs/*", JsonReplies.noSuchResource(StaffJson.RESOURCES));
    }

    private void search(ServerRequest request, ServerResponse response) {
        UriQuery query = request.query();
        RequestReading.onlyParameters(query, "query");
        String text = RequestReading.parameter(query, "query").orElse("");
        if (text.length() > MAX_QUERY_LENGTH) {
            throw RejectedRequest.badRequest("invalid_parameter",
                    "'query' must be at most " + MAX_QUERY_LENGTH + " characters.");
        }
        JsonReplies.send(response, Status.OK_200, StaffJson.drugs(formulary.searchDrugs(text)));
    }

    private void show(ServerRequest request, ServerResponse response) {
        long id = RequestReading.pathId(request, "id", "Drug");
        var drug = formulary.drug(id).orElseThrow(() -> RejectedRequest.notFound("No drug with id " + id + "."));
        JsonReplies.send(response, Status.OK_200, StaffJson.drug(drug));
    }
}
