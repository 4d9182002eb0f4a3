package org.pharmacyvoice.app;

import io.helidon.openapi.OpenApiFeature;

/**
 * The staff API's OpenAPI document, {@code META-INF/openapi.yml} (written by hand, held to the server by tests),
 * served at {@code /openapi} as YAML or, for {@code Accept: application/json} or {@code ?format=json}, as JSON.
 * Nothing else: no UI, no services found on the class path, and no CORS, so other web sites' scripts can't read it.
 */
final class StaffApiDocument {

    static final String PATH = "/openapi";
    static final String RESOURCE = "META-INF/openapi.yml";

    private StaffApiDocument() {
    }

    static OpenApiFeature feature() {
        return OpenApiFeature.builder()
                .webContext(PATH)
                .staticFile(RESOURCE)
                .servicesDiscoverServices(false)
                .cors(cors -> cors.enabled(false))
                .build();
    }
}
