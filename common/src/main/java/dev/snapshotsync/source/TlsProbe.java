package dev.snapshotsync.source;

import static java.util.Objects.requireNonNull;

import dev.snapshotsync.config.SourceSettings;
import dev.snapshotsync.tls.PemTrust;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * A TLS handshake with the PostgreSQL server on its own, for {@code preflight}: pgjdbc does not
 * show the negotiated protocol or the server certificate. PostgreSQL 15 speaks TLS only after
 * the SSLRequest message (protocol section 53.2.10), so the socket sends it first, then checks the
 * certificate against {@code source.ssl.root-cert} and, for verify-full, the host name.
 */
public final class TlsProbe {
    private static final int SSL_REQUEST_CODE = 80877103;

    /** What the handshake showed. */
    public record Result(String protocol, String subject, String issuer) {
        public Result {
            requireNonNull(protocol, "protocol is null");
            requireNonNull(subject, "subject is null");
            requireNonNull(issuer, "issuer is null");
        }
    }

    private TlsProbe() {}

    /** Handshakes with the server the connections point to, trusting their CA bundle. */
    public static Result handshake(PgConnections connections) throws IOException, GeneralSecurityException {
        SourceSettings source = connections.settings();
        SSLSocketFactory factory = PemTrust.socketFactory(connections.ca()
                .orElseThrow(() -> new GeneralSecurityException("no CA certificates: source.ssl.root-cert is not set"))
                .pem());
        int timeout = (int) Math.min(Integer.MAX_VALUE, source.connectTimeout().toMillis());
        try (Socket plain = new Socket()) {
            plain.connect(new InetSocketAddress(source.host(), source.port()), timeout);
            plain.setSoTimeout(timeout);
            DataOutputStream out = new DataOutputStream(plain.getOutputStream());
            out.writeInt(8);
            out.writeInt(SSL_REQUEST_CODE);
            out.flush();
            int answer = new DataInputStream(plain.getInputStream()).read();
            if (answer != 'S') {
                throw new IOException("the server does not accept TLS connections (it answered '"
                        + (answer < 0 ? "EOF" : Character.toString(answer)) + "' to SSLRequest)");
            }
            try (SSLSocket tls = (SSLSocket) factory.createSocket(plain, source.host(), source.port(), false)) {
                SSLParameters parameters = tls.getSSLParameters();
                if (source.sslMode() == dev.snapshotsync.config.SslMode.VERIFY_FULL) {
                    parameters.setEndpointIdentificationAlgorithm("HTTPS");
                }
                tls.setSSLParameters(parameters);
                tls.startHandshake();
                SSLSession session = tls.getSession();
                X509Certificate server = (X509Certificate) session.getPeerCertificates()[0];
                return new Result(session.getProtocol(), server.getSubjectX500Principal().getName(),
                        server.getIssuerX500Principal().getName());
            }
        }
    }
}
