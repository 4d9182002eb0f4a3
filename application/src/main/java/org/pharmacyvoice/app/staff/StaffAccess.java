package org.pharmacyvoice.app.staff;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;
import org.pharmacyvoice.app.http.JsonReplies;

/**
 * Keeps the staff pages and APIs (orders, call records with what callers said, the softphone) away from the internet
 * that must reach the same server for Twilio's webhook and media stream.
 *
 * <p>With {@code STAFF_TOKEN} set, they need it, as a Bearer token or as the password of HTTP Basic (any user name;
 * browsers ask for it). Without it, a server that faces Twilio ({@code TWILIO_AUTH_TOKEN} or {@code PUBLIC_URL} set)
 * refuses them, and a development server answers only requests from this machine that no proxy forwarded.
 */
public final class StaffAccess implements Filter {

    private static final System.Logger LOG = System.getLogger(StaffAccess.class.getName());
    private static final String REALM = "Basic realm=\"Pharmacy staff\", charset=\"UTF-8\"";
    /** Headers a reverse proxy adds: a request carrying one came from elsewhere, whatever its socket says. */
    private static final String[] FORWARDING_HEADERS = {"Forwarded", "X-Forwarded-For", "X-Forwarded-Host",
        "X-Real-IP"};

    /** How staff requests are let in. */
    public enum Mode {
        TOKEN, THIS_MACHINE_ONLY, CLOSED
    }

    private final Mode mode;
    private final byte[] token;

    private StaffAccess(Mode mode, byte[] token) {
        this.mode = mode;
        this.token = token;
    }

    /** Guarded by {@code staffToken} when there is one; else closed if the server faces Twilio, local-only if not. */
    public static StaffAccess of(Optional<String> staffToken, boolean facesTwilio) {
        if (staffToken.isPresent()) {
            return new StaffAccess(Mode.TOKEN, staffToken.get().getBytes(StandardCharsets.UTF_8));
        }
        return new StaffAccess(facesTwilio ? Mode.CLOSED : Mode.THIS_MACHINE_ONLY, new byte[0]);
    }

    public Mode mode() {
        return mode;
    }

    /** The staff side: the softphone page, the dashboard, the staff and call-record APIs and softphone sessions. */
    private static boolean isStaffPath(String path) {
        return path.equals("/") || path.equals("/dashboard") || path.equals("/api") || path.startsWith("/api/")
                || path.startsWith("/softphone/");
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest request, RoutingResponse response) {
        String path = request.path().path();
        if (!isStaffPath(path)) {
            chain.proceed();
            return;
        }
        switch (mode) {
            case TOKEN -> {
                Optional<String> presented = request.headers().first(HeaderNames.AUTHORIZATION);
                if (presented.isPresent() && matches(presented.get())) {
                    chain.proceed();
                    return;
                }
                if (presented.isPresent()) {
                    LOG.log(Level.WARNING, "refused {0} {1} from {2}: wrong staff token", request.prologue().method(),
                            path, host(request.remotePeer().address()));
                }
                response.header(HeaderNames.WWW_AUTHENTICATE, REALM);
                refuse(response, Status.UNAUTHORIZED_401, "unauthorized",
                        "Staff pages and APIs need the server's STAFF_TOKEN: as 'Authorization: Bearer <token>', or as "
                                + "the password of HTTP Basic with any user name.");
            }
            case THIS_MACHINE_ONLY -> {
                if (fromThisMachine(request)) {
                    chain.proceed();
                    return;
                }
                LOG.log(Level.WARNING, "refused {0} {1} from {2}: without STAFF_TOKEN, staff pages answer this "
                        + "machine only", request.prologue().method(), path, host(request.remotePeer().address()));
                refuse(response, Status.FORBIDDEN_403, "forbidden",
                        "Without STAFF_TOKEN this server's staff pages and APIs answer only requests from its own "
                                + "machine. Set STAFF_TOKEN to use them from elsewhere.");
            }
            case CLOSED -> refuse(response, Status.FORBIDDEN_403, "forbidden",
                    "This server takes calls from Twilio (TWILIO_AUTH_TOKEN or PUBLIC_URL is set), so its staff "
                            + "pages and APIs are closed until STAFF_TOKEN is set; then sign in with it.");
        }
    }

    private boolean matches(String authorization) {
        String presented;
        if (authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            presented = authorization.substring(7).trim();
        } else if (authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            String credentials;
            try {
                credentials = new String(Base64.getDecoder().decode(authorization.substring(6).trim()),
                        StandardCharsets.UTF_8);
            } catch (IllegalArgumentException notBase64) {
                return false;
            }
            int colon = credentials.indexOf(':');
            if (colon < 0) {
                return false;
            }
            presented = credentials.substring(colon + 1);
        } else {
            return false;
        }
        return MessageDigest.isEqual(token, presented.getBytes(StandardCharsets.UTF_8));
    }

    private static boolean fromThisMachine(RoutingRequest request) {
        SocketAddress address = request.remotePeer().address();
        if (!(address instanceof InetSocketAddress inet) || inet.getAddress() == null
                || !inet.getAddress().isLoopbackAddress()) {
            return false;
        }
        for (String header : FORWARDING_HEADERS) {
            if (request.headers().contains(HeaderNames.create(header))) {
                return false;
            }
        }
        return true;
    }

    private static String host(SocketAddress address) {
        return address instanceof InetSocketAddress inet && inet.getAddress() != null
                ? inet.getAddress().getHostAddress() : String.valueOf(address);
    }

    private static void refuse(RoutingResponse response, Status status, String error, String detail) {
        JsonReplies.send(response, status, JsonReplies.error(error, detail));
    }
}
