package dev.snapshotsync.tls;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Trust in exactly the CA certificates of a PEM bundle, and nothing else (not the JVM's default
 * trust store): what libpq's {@code sslrootcert} and curl's {@code --cacert} do. Built once per
 * bundle and JVM, because every connection of every task asks for it.
 */
public final class PemTrust {
    private static final Map<String, X509TrustManager> BY_PEM = new ConcurrentHashMap<>();
    private static final Map<String, SSLSocketFactory> FACTORY_BY_PEM = new ConcurrentHashMap<>();

    private PemTrust() {}

    /** A trust manager for exactly the certificates of {@code pem}. */
    public static X509TrustManager trustManager(String pem) {
        return BY_PEM.computeIfAbsent(pem, PemTrust::build);
    }

    /** A socket factory trusting exactly the certificates of {@code pem}. */
    public static SSLSocketFactory socketFactory(String pem) {
        return FACTORY_BY_PEM.computeIfAbsent(pem, p -> {
            try {
                SSLContext context = SSLContext.getInstance("TLS");
                context.init(null, new TrustManager[] {trustManager(p)}, null);
                return context.getSocketFactory();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("cannot build a TLS context from the CA certificates", e);
            }
        });
    }

    private static X509TrustManager build(String pem) {
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
            List<X509Certificate> anchors = new ArrayList<>();
            for (String alias : Collections.list(store.aliases())) {
                anchors.add((X509Certificate) store.getCertificate(alias));
            }
            X509TrustManager pkix = Arrays.stream(trust.getTrustManagers()).filter(X509TrustManager.class::isInstance)
                    .map(X509TrustManager.class::cast).findFirst()
                    .orElseThrow(() -> new GeneralSecurityException("no X.509 trust manager"));
            return new AnchorValidity(pkix, anchors);
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot build a trust store from the CA certificates", e);
        }
    }

    /**
     * Java's PKIX validation does not check the validity dates of the trust anchor itself, while
     * libpq (OpenSSL) refuses a chain whose CA has expired or is not yet valid. This trust manager
     * runs the standard checks, then checks the anchor that issued the chain's last certificate.
     */
    private static final class AnchorValidity implements X509TrustManager {
        private final X509TrustManager pkix;
        private final List<X509Certificate> anchors;

        AnchorValidity(X509TrustManager pkix, List<X509Certificate> anchors) {
            this.pkix = pkix;
            this.anchors = List.copyOf(anchors);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            pkix.checkServerTrusted(chain, authType);
            X509Certificate last = chain[chain.length - 1];
            for (X509Certificate anchor : anchors) {
                if (anchor.equals(last) || issued(anchor, last)) {
                    try {
                        anchor.checkValidity();
                    } catch (CertificateExpiredException | CertificateNotYetValidException e) {
                        CertificateExpiredException refused = new CertificateExpiredException("the CA certificate '"
                                + anchor.getSubjectX500Principal().getName() + "' that issued the server certificate "
                                + "is valid only from " + anchor.getNotBefore().toInstant() + " to "
                                + anchor.getNotAfter().toInstant());
                        refused.initCause(e);
                        throw refused;
                    }
                }
            }
        }

        private static boolean issued(X509Certificate anchor, X509Certificate cert) {
            if (!anchor.getSubjectX500Principal().equals(cert.getIssuerX500Principal())) {
                return false;
            }
            try {
                cert.verify(anchor.getPublicKey());
                return true;
            } catch (GeneralSecurityException e) {
                return false;
            }
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            pkix.checkClientTrusted(chain, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return pkix.getAcceptedIssuers();
        }
    }
}
