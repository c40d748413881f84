package dev.proximity.proxmox;

import okhttp3.Request;

/** API token authentication: stateless, one header, no CSRF token. */
final class TokenAuthenticator implements RequestAuthenticator {

    private final ProxmoxCredentials.ApiToken token;

    TokenAuthenticator(ProxmoxCredentials.ApiToken token) {
        this.token = token;
    }

    @Override
    public Object authorize(Request.Builder request, String method) {
        request.header("Authorization", "PVEAPIToken=" + token.tokenId() + "=" + token.secret().value());
        return token;
    }

    @Override
    public boolean refreshAfterRejection(Object used) {
        return false;
    }

    @Override
    public String toString() {
        return "token " + token.tokenId();
    }
}
