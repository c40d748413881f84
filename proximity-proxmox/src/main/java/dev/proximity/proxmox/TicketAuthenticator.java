package dev.proximity.proxmox;

import com.fasterxml.jackson.databind.JsonNode;
import dev.proximity.api.error.PlatformException;
import dev.proximity.api.error.PlatformRefusedException;
import dev.proximity.api.platform.Secret;
import okhttp3.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;
import java.util.function.Function;

/**
 * Ticket authentication: logs in with the password, sends the ticket cookie (and the CSRF token on
 * writes), renews the ticket after {@code renewAfter} by posting the old ticket as the password,
 * and logs in afresh once when the server rejects an expired ticket.
 */
final class TicketAuthenticator implements RequestAuthenticator {

    private static final Logger LOG = LoggerFactory.getLogger(TicketAuthenticator.class);

    private final ProxmoxCredentials.UserPassword credentials;
    private final Duration renewAfter;
    /** Posts {@code /access/ticket} without credentials and answers the {@code data} object. */
    private final Function<Map<String, String>, JsonNode> ticketCall;
    private Ticket current;

    TicketAuthenticator(ProxmoxCredentials.UserPassword credentials, Duration renewAfter,
                        Function<Map<String, String>, JsonNode> ticketCall) {
        this.credentials = credentials;
        this.renewAfter = renewAfter;
        this.ticketCall = ticketCall;
    }

    @Override
    public synchronized Object authorize(Request.Builder request, String method) {
        Ticket ticket = freshTicket();
        request.header("Cookie", "PVEAuthCookie=" + ticket.value.value());
        if (!method.equals("GET")) {
            request.header("CSRFPreventionToken", ticket.csrf.value());
        }
        return ticket;
    }

    @Override
    public synchronized boolean refreshAfterRejection(Object used) {
        if (used == current) {
            LOG.debug("ticket for {} rejected; logging in again", credentials.username());
            current = null;
        }
        return true;
    }

    private Ticket freshTicket() {
        if (current == null) {
            current = login(credentials.password());
        } else if (current.age().compareTo(renewAfter) >= 0) {
            try {
                current = login(current.value);
                LOG.debug("renewed ticket for {}", credentials.username());
            } catch (PlatformRefusedException e) {
                if (e.httpStatus() != 401) {
                    throw e;
                }
                LOG.debug("ticket renewal for {} refused ({}); logging in with the password", credentials.username(), e.reason());
                current = login(credentials.password());
            }
        }
        return current;
    }

    private Ticket login(Secret password) {
        JsonNode data = ticketCall.apply(Map.of("username", credentials.username(), "password", password.value()));
        String ticket = data.path("ticket").asText(null);
        String csrf = data.path("CSRFPreventionToken").asText(null);
        if (ticket == null || csrf == null) {
            throw new PlatformException("POST /access/ticket", "login answer holds no ticket or CSRF token", null);
        }
        return new Ticket(Secret.of(ticket), Secret.of(csrf), System.nanoTime());
    }

    @Override
    public String toString() {
        return "ticket for " + credentials.username();
    }

    /** A ticket and its CSRF token; both are secrets. */
    private record Ticket(Secret value, Secret csrf, long obtainedNanos) {
        Duration age() {
            return Duration.ofNanos(System.nanoTime() - obtainedNanos);
        }
    }
}
