package dev.snapshotsync.source;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.postgresql.ssl.WrappedFactory;

/**
 * pgjdbc {@code sslfactory} that trusts exactly the CA certificates passed as PEM text in the
 * connection property {@link #PEM_PROPERTY}. pgjdbc builds it with the connection's properties
 * (its documented single-argument constructor) and still verifies the host name itself for
 * {@code sslmode=verify-full}; see pgjdbc's "Custom SSLSocketFactory".
 */
public final class PemTrustSocketFactory extends WrappedFactory {
    public static final String PEM_PROPERTY = "snapshotsync.sslrootcert.pem";
    private static final Map<String, SSLSocketFactory> BY_PEM = new ConcurrentHashMap<>();

    public PemTrustSocketFactory(Properties info) throws GeneralSecurityException {
        String pem = info.getProperty(PEM_PROPERTY);
        if (pem == null || pem.isEmpty()) {
            throw new GeneralSecurityException("connection property " + PEM_PROPERTY + " holds no CA certificate");
        }
        this.factory = socketFactory(pem);
    }

    /** A socket factory trusting exactly the certificates of {@code pem}; built once per bundle. */
    public static SSLSocketFactory socketFactory(String pem) {
        return BY_PEM.computeIfAbsent(pem, PemTrustSocketFactory::build);
    }

    private static SSLSocketFactory build(String pem) {
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (Certificate cert : CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))) {
                store.setCertificateEntry("ca-" + i++, cert);
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context.getSocketFactory();
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot build a trust store from the CA certificates", e);
        }
    }
}
