package dev.proximity.proxmox.ssh;

import dev.proximity.api.error.PlatformTimeoutException;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.config.hosts.HostConfigEntryResolver;
import org.apache.sshd.client.future.AuthFuture;
import org.apache.sshd.client.future.ConnectFuture;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.NamedFactory;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.common.signature.Signature;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.SshException;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.apache.sshd.core.CoreModuleProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Authenticated SSH sessions, one per node address, opened on first use and reused by later
 * commands (SSH multiplexes channels, so concurrent commands share a session). A session that
 * has closed is replaced on the next request.
 */
final class NodeSessions implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(NodeSessions.class);

    private final SshClient client;
    private final HostKeyPolicy hostKeys;
    private final SshCredentials credentials;
    private final Duration connectTimeout;
    private final Duration authTimeout;
    private final Map<NodeAddress, ClientSession> sessions = new ConcurrentHashMap<>();
    private final Map<NodeAddress, Object> openLocks = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /**
     * @param hostKeys decides which host keys are trusted
     * @param credentials how to log in
     * @param connectTimeout the limit for the TCP connection
     * @param authTimeout the limit for key exchange and login
     */
    NodeSessions(HostKeyPolicy hostKeys, SshCredentials credentials, Duration connectTimeout, Duration authTimeout) {
        this.hostKeys = hostKeys;
        this.credentials = credentials;
        this.connectTimeout = connectTimeout;
        this.authTimeout = authTimeout;
        this.client = SshClient.setUpDefaultClient();
        // MINA's defaults accept any host key and read ~/.ssh/config; neither belongs in a library.
        client.setServerKeyVerifier(new PolicyServerKeyVerifier(hostKeys));
        client.setHostConfigEntryResolver(HostConfigEntryResolver.EMPTY);
        client.setKeyIdentityProvider(KeyIdentityProvider.EMPTY_KEYS_PROVIDER);
        client.setFilePasswordProvider(FilePasswordProvider.EMPTY);
        // A command's last packets (exit status, EOF, close) are small: without this, Nagle's algorithm
        // meets delayed ACKs and each command waits tens of milliseconds for nothing.
        CoreModuleProperties.TCP_NODELAY.set(client, true);
        client.addSessionListener(new SessionListener() {
            @Override
            public void sessionCreated(Session session) {
                // before the key exchange starts: the host key algorithms this session offers
                if (session instanceof ClientSession clientSession) {
                    PolicyServerKeyVerifier.HostKeyCheck.of(clientSession.getConnectionContext())
                            .ifPresent(check -> offerHostKeyAlgorithms(clientSession, check));
                }
            }
        });
        client.start();
    }

    /**
     * @param address the node's address
     * @param call the call, for errors
     * @return an open, authenticated session
     * @throws SshGuestExecException when the node cannot be reached or refuses the login
     * @throws PlatformTimeoutException when connecting or logging in takes too long
     */
    ClientSession session(NodeAddress address, String call) {
        if (closed) {
            throw new IllegalStateException("this guest exec was closed; build a new one");
        }
        synchronized (openLocks.computeIfAbsent(address, a -> new Object())) {
            ClientSession existing = sessions.get(address);
            if (existing != null && existing.isOpen() && existing.isAuthenticated()) {
                return existing;
            }
            if (existing != null) {
                discard(address, existing);
            }
            ClientSession fresh = open(address, call);
            sessions.put(address, fresh);
            return fresh;
        }
    }

    /**
     * Closes a session that turned out to be unusable, so the next request opens a new one.
     *
     * @param address its address
     * @param session the session
     */
    void discard(NodeAddress address, ClientSession session) {
        sessions.remove(address, session);
        session.close(true);
    }

    /**
     * Opens a session, offering first the host key algorithms of the key types the policy knows for
     * the node (as OpenSSH orders them by known_hosts). When the node still presents a key of a type
     * the policy holds no key of, connects again without offering that type: a node with RSA, ECDSA
     * and Ed25519 keys is reached through whichever the policy can check. A changed key of a known
     * type is never retried around.
     */
    private ClientSession open(NodeAddress address, String call) {
        List<String> known = hostKeys.knownKeyTypes(address);
        Set<String> excluded = new LinkedHashSet<>();
        HostKeyVerificationException lastRejection = null;
        while (true) {
            try {
                return open(address, call, new PolicyServerKeyVerifier.HostKeyCheck(address, known, excluded));
            } catch (HostKeyVerificationException rejected) {
                String presented = rejected.presentedKeyType();
                if (presented == null || known.contains(presented) || !excluded.add(presented)) {
                    throw lastRejection == null ? rejected : rejected.afterTrying(excluded);
                }
                lastRejection = rejected;
                log.debug("{} presented a {} key the host key policy cannot vouch for; connecting again without offering it",
                        address, presented);
            } catch (SshGuestExecException noCommonAlgorithm) {
                // a retry found no host key type left that both sides support: the last rejection is the answer
                if (lastRejection == null) {
                    throw noCommonAlgorithm;
                }
                throw lastRejection.afterTrying(excluded);
            }
        }
    }

    /** Orders (and filters) a new session's host key algorithms as its check asks. */
    private static void offerHostKeyAlgorithms(ClientSession session, PolicyServerKeyVerifier.HostKeyCheck check) {
        List<NamedFactory<Signature>> offered = new ArrayList<>();
        List<NamedFactory<Signature>> all = session.getSignatureFactories();
        for (String preferred : check.preferredTypes()) {
            all.stream().filter(factory -> preferred.equals(KeyUtils.getCanonicalKeyType(factory.getName())))
                    .forEach(offered::add);
        }
        all.stream().filter(factory -> !offered.contains(factory)).forEach(offered::add);
        offered.removeIf(factory -> check.excludedTypes().contains(KeyUtils.getCanonicalKeyType(factory.getName())));
        session.setSignatureFactories(offered);
    }

    private ClientSession open(NodeAddress address, String call, PolicyServerKeyVerifier.HostKeyCheck hostKeyCheck) {
        ConnectFuture connecting;
        try {
            connecting = client.connect(credentials.user(), address.host(), address.port(), hostKeyCheck.context(), null);
            if (!connecting.await(connectTimeout)) {
                connecting.cancel();
                throw new PlatformTimeoutException(call + ": connecting to " + address, connectTimeout);
            }
        } catch (IOException e) {
            PctExecGuestExec.restoreInterrupt(e);
            throw new SshGuestExecException(call, "cannot connect to " + address + ": " + e.getMessage(), e);
        }
        if (!connecting.isConnected()) {
            Throwable cause = connecting.getException();
            throw new SshGuestExecException(call, "cannot connect to " + address + ": " + describe(cause), cause);
        }
        ClientSession session = connecting.getSession();
        try {
            authenticate(session, address, hostKeyCheck, call);
            log.debug("opened SSH session to {} as {}", address, credentials.user());
            return session;
        } catch (RuntimeException e) {
            session.close(true);
            throw e;
        }
    }

    private void authenticate(ClientSession session, NodeAddress address,
                              PolicyServerKeyVerifier.HostKeyCheck hostKeyCheck, String call) {
        addIdentity(session, call);
        AuthFuture auth;
        try {
            auth = session.auth();
            if (!auth.await(authTimeout)) {
                throw new PlatformTimeoutException(call + ": key exchange and login at " + address, authTimeout);
            }
        } catch (IOException e) {
            PctExecGuestExec.restoreInterrupt(e);
            throw loginFailure(hostKeyCheck, address, call, e);
        }
        if (!auth.isSuccess()) {
            throw loginFailure(hostKeyCheck, address, call, auth.getException());
        }
    }

    private RuntimeException loginFailure(PolicyServerKeyVerifier.HostKeyCheck hostKeyCheck, NodeAddress address,
                                          String call, Throwable cause) {
        var rejection = hostKeyCheck.rejection();
        if (rejection.isPresent()) {
            var failure = rejection.get();
            return new HostKeyVerificationException(call, failure.address(), failure.presentedFingerprint(),
                    failure.presentedType(), failure.reason());
        }
        if (cause instanceof SshException ssh
                && ssh.getDisconnectCode() == SshConstants.SSH2_DISCONNECT_NO_MORE_AUTH_METHODS_AVAILABLE) {
            return new SshAuthenticationException(call, credentials.user(),
                    address + " refused the " + credentials.method(), cause);
        }
        return new SshGuestExecException(call, "login at " + address + " failed: " + describe(cause), cause);
    }

    private void addIdentity(ClientSession session, String call) {
        if (credentials instanceof SshCredentials.Password password) {
            session.addPasswordIdentity(password.password().value());
        } else if (credentials instanceof SshCredentials.PrivateKeyFile key) {
            for (KeyPair pair : loadKeys(session, key, call)) {
                session.addPublicKeyIdentity(pair);
            }
        }
    }

    private Iterable<KeyPair> loadKeys(ClientSession session, SshCredentials.PrivateKeyFile key, String call) {
        FilePasswordProvider passphrase = key.optionalPassphrase()
                .map(secret -> FilePasswordProvider.of(secret.value()))
                .orElse(FilePasswordProvider.EMPTY);
        try (InputStream in = Files.newInputStream(key.keyFile())) {
            Iterable<KeyPair> keys = SecurityUtils.loadKeyPairIdentities(session,
                    NamedResource.ofName(key.keyFile().toString()), in, passphrase);
            if (keys == null || !keys.iterator().hasNext()) {
                throw new SshAuthenticationException(call, key.user(), "no private key found in " + key.keyFile(), null);
            }
            return keys;
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            if (e instanceof SshAuthenticationException auth) {
                throw auth;
            }
            // The messages of key parsers name the file and the problem, never the passphrase.
            throw new SshAuthenticationException(call, key.user(), "cannot load private key " + key.keyFile()
                    + (key.passphrase() == null ? "" : " (wrong passphrase?)") + ": " + describe(e), e);
        }
    }

    private static String describe(Throwable cause) {
        if (cause == null) {
            return "no reason given";
        }
        String message = cause.getMessage();
        return message == null || message.isBlank() ? cause.getClass().getSimpleName() : message;
    }

    /** Closes every session and stops the SSH client. */
    @Override
    public void close() {
        closed = true;
        sessions.values().forEach(session -> session.close(false));
        sessions.clear();
        try {
            client.stop();
        } catch (RuntimeException e) {
            log.warn("SSH client did not stop cleanly", e);
        }
    }
}
