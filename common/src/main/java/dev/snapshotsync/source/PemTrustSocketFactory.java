package dev.snapshotsync.source;

import dev.snapshotsync.tls.PemTrust;
import java.security.GeneralSecurityException;
import java.util.Properties;
import org.postgresql.ssl.WrappedFactory;

/**
 * pgjdbc {@code sslfactory} that trusts exactly the CA certificates passed as PEM text in the
 * connection property {@link #PEM_PROPERTY}. pgjdbc builds it with the connection's properties
 * (its documented single-argument constructor) and still verifies the host name itself for
 * {@code sslmode=verify-full}; see pgjdbc's "Custom SSLSocketFactory".
 */
public final class PemTrustSocketFactory extends WrappedFactory {
    public static final String PEM_PROPERTY = "snapshotsync.sslrootcert.pem";

    public PemTrustSocketFactory(Properties info) throws GeneralSecurityException {
        String pem = info.getProperty(PEM_PROPERTY);
        if (pem == null || pem.isEmpty()) {
            throw new GeneralSecurityException("connection property " + PEM_PROPERTY + " holds no CA certificate");
        }
        this.factory = PemTrust.socketFactory(pem);
    }
}
