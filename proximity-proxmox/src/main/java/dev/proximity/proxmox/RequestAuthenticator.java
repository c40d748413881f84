package dev.proximity.proxmox;

import okhttp3.Request;

/** Adds credentials to requests, and renews them when the server rejected them. */
interface RequestAuthenticator {

    /**
     * @param request the request being built
     * @param method its HTTP method (tickets need a CSRF header on anything but GET)
     * @return the credential used, to hand back to {@link #refreshAfterRejection(Object)}
     */
    Object authorize(Request.Builder request, String method);

    /**
     * The server answered 401 to a request sent with {@code used}.
     *
     * @param used what {@link #authorize} returned for that request
     * @return whether sending it again with fresh credentials can help
     */
    boolean refreshAfterRejection(Object used);
}
