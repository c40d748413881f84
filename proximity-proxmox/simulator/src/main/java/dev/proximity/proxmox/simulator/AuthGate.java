package dev.proximity.proxmox.simulator;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks credentials the way a PVE node does: an API token header, or a ticket cookie plus a
 * CSRF header on every non-GET; issues and renews tickets. Tickets are signed with a key made
 * at start, and expire after the configured lifetime.
 */
final class AuthGate {

    private final String tokenId;
    private final String tokenSecret;
    private final String username;
    private final String password;
    private final Duration ticketLifetime;
    private final ApiFlavor flavor;
    private final byte[] signingKey = new byte[32];
    /** Issue time of every ticket handed out, so expiry is exact even for sub-second lifetimes. */
    private final Map<String, Long> ticketIssuedNanos = new ConcurrentHashMap<>();

    AuthGate(String tokenId, String tokenSecret, String username, String password, Duration ticketLifetime, ApiFlavor flavor) {
        this.tokenId = tokenId;
        this.tokenSecret = tokenSecret;
        this.username = username;
        this.password = password;
        this.ticketLifetime = ticketLifetime;
        this.flavor = flavor;
        new SecureRandom().nextBytes(signingKey);
    }

    /**
     * @param method HTTP method
     * @param authorization the Authorization header, or null
     * @param cookieHeader the Cookie header, or null
     * @param csrfHeader the CSRFPreventionToken header, or null
     * @return the user the call runs as ({@code user@realm!tokenid} for tokens)
     * @throws ApiError 401 when the credentials do not hold
     */
    String authenticate(String method, String authorization, String cookieHeader, String csrfHeader) {
        if (authorization != null && authorization.startsWith("PVEAPIToken=")) {
            String credentials = authorization.substring("PVEAPIToken=".length());
            int separator = credentials.indexOf('=', credentials.indexOf('!') + 1);
            if (tokenId != null && separator > 0
                    && constantTimeEquals(credentials.substring(0, separator), tokenId)
                    && constantTimeEquals(credentials.substring(separator + 1), tokenSecret)) {
                return tokenId;
            }
            throw ApiError.status(401, "authentication failure");
        }
        String ticket = cookie(cookieHeader, "PVEAuthCookie");
        if (ticket == null) {
            throw ApiError.status(401, "No ticket");
        }
        String user = validTicketUser(ticket);
        if (user == null) {
            throw ApiError.status(401, flavor == ApiFlavor.LEGACY ? "permission denied - invalid PVE ticket" : "Authentication failed!");
        }
        if (!method.equals("GET") && (csrfHeader == null || !validCsrf(csrfHeader, user))) {
            throw ApiError.status(401, "Permission denied - invalid csrf token");
        }
        return user;
    }

    /**
     * {@code POST /access/ticket}: a password login, or a renewal with the old ticket as password.
     *
     * @param params form parameters
     * @return the ticket answer
     */
    Map<String, Object> login(Map<String, String> params) {
        String user = params.get("username");
        String secret = params.get("password");
        if (user == null || secret == null) {
            throw ApiError.parameter(user == null ? "username" : "password", "property is missing and it is not optional");
        }
        boolean passwordLogin = username != null && constantTimeEquals(user, username) && constantTimeEquals(secret, password);
        boolean renewal = username != null && user.equals(username) && user.equals(validTicketUser(secret));
        if (!passwordLogin && !renewal) {
            throw ApiError.status(401, "authentication failure");
        }
        String stamp = String.format("%08X", System.currentTimeMillis() / 1000);
        String plain = "PVE:" + user + ":" + stamp;
        String ticket = plain + "::" + Base64.getEncoder().encodeToString(hmac(plain));
        long now = System.nanoTime();
        // forget expired tickets, so a long-running simulator does not collect them forever
        ticketIssuedNanos.values().removeIf(issued -> now - issued > ticketLifetime.toNanos());
        ticketIssuedNanos.put(ticket, now);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("username", user);
        data.put("ticket", ticket);
        data.put("CSRFPreventionToken", csrfToken(stamp, user));
        data.put("cap", Map.of());
        return data;
    }

    private String validTicketUser(String ticket) {
        Long issued = ticketIssuedNanos.get(ticket);
        if (issued == null) {
            return null;
        }
        int sig = ticket.indexOf("::");
        String plain = ticket.substring(0, sig);
        if (!constantTimeEquals(ticket.substring(sig + 2), Base64.getEncoder().encodeToString(hmac(plain)))) {
            return null;
        }
        if (System.nanoTime() - issued > ticketLifetime.toNanos()) {
            return null;
        }
        String[] parts = plain.split(":");
        return parts[1];
    }

    private boolean validCsrf(String token, String user) {
        int colon = token.indexOf(':');
        return colon > 0 && constantTimeEquals(token, csrfToken(token.substring(0, colon), user));
    }

    private String csrfToken(String stamp, String user) {
        return stamp + ":" + Base64.getEncoder().withoutPadding().encodeToString(hmac("csrf:" + stamp + ":" + user));
    }

    private byte[] hmac(String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(signingKey, "HmacSHA256"));
            return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private static boolean constantTimeEquals(String a, String b) {
        return a != null && b != null
                && MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    /** PVE unescapes %XX in the cookie value but leaves '+' alone (tickets are base64). */
    private static String cookie(String header, String name) {
        if (header == null) {
            return null;
        }
        for (String part : header.split(";")) {
            String trimmed = part.trim();
            if (trimmed.startsWith(name + "=")) {
                String value = trimmed.substring(name.length() + 1);
                return java.net.URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
            }
        }
        return null;
    }
}
