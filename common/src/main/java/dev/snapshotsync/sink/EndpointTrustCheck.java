package dev.snapshotsync.sink;

import dev.snapshotsync.tls.PemTrust;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One TLS handshake with an https:// S3 endpoint before S3A's first request, with the trust S3A will
 * use (the CA bundle, or the JVM's default trust store). S3A retries a refused certificate like a
 * network error: 2.5 minutes here before a run failed; this check fails it in a second with the
 * cause. Only certificate and TLS problems fail here; an endpoint that cannot be reached is left
 * to S3A's retries, as before.
 */
final class EndpointTrustCheck {
    private static final Logger LOG = LoggerFactory.getLogger(EndpointTrustCheck.class);
    private static final int TIMEOUT_MILLIS = 10_000;

    private EndpointTrustCheck() {}

    /** @param pem the CA bundle's text, empty for the JVM's default trust store */
    static void verify(String endpoint, String pem) throws SSLException {
        URI uri = URI.create(endpoint);
        if (!"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
            return;
        }
        int port = uri.getPort() < 0 ? 443 : uri.getPort();
        SSLSocketFactory factory = pem.isEmpty() ? (SSLSocketFactory) SSLSocketFactory.getDefault()
                : PemTrust.socketFactory(pem);
        try (Socket plain = new Socket()) {
            plain.connect(new InetSocketAddress(uri.getHost(), port), TIMEOUT_MILLIS);
            plain.setSoTimeout(TIMEOUT_MILLIS);
            try (SSLSocket tls = (SSLSocket) factory.createSocket(plain, uri.getHost(), port, false)) {
                SSLParameters parameters = tls.getSSLParameters();
                // The host name check the SDK's HTTP clients make.
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                tls.setSSLParameters(parameters);
                tls.startHandshake();
            }
        } catch (SSLException e) {
            throw e;
        } catch (IOException e) {
            LOG.debug("TLS check of {} skipped: {}", endpoint, e.toString());
        }
    }
}
