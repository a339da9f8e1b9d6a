package dev.snapshotsync.sink;

import dev.snapshotsync.tls.PemTrust;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URI;
import java.util.Arrays;
import javax.net.ssl.TrustManager;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.s3a.DefaultS3ClientFactory;
import org.apache.hadoop.fs.s3a.impl.AWSClientConfig;
import software.amazon.awssdk.http.TlsTrustManagersProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3AsyncClientBuilder;
import software.amazon.awssdk.services.s3.S3BaseClientBuilder;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * S3A's client factory ({@code fs.s3a.s3.client.factory.impl}) for a bucket on an HTTPS endpoint
 * signed by a private CA ({@code target.s3.ca-bundle}): S3A's own clients, whose HTTP clients trust
 * exactly the CA certificates of the PEM text in {@link #PEM_KEY}.
 *
 * <p>Why a factory: S3A on AWS SDK v2 (Hadoop 3.4) has no trust-store option. Its HTTP clients trust
 * the JVM's default trust store ({@code fs.s3a.ssl.channel.mode} only picks the TLS provider), so
 * the only other way is {@code -Djavax.net.ssl.trustStore} on the driver and on every executor,
 * for every connection of the JVM. The PEM text travels in the Hadoop configuration, which Spark
 * ships with every task, so each JVM that opens the bucket (driver and executors) builds the same
 * trust from it; nothing has to be copied to the workers.
 *
 * <p>Everything else comes from Hadoop's {@link DefaultS3ClientFactory}: its connection settings
 * ({@link AWSClientConfig}) and its endpoint, region, credential and retry configuration
 * ({@code configureClientBuilder}). The latter is private in Hadoop 3.4.0 to 3.4.2, the only line
 * the platforms run with SDK v2, so it is called reflectively; a Hadoop without it fails the run
 * with a message (exit 4), not silently with the JVM's trust.
 */
public class PemTrustS3ClientFactory extends DefaultS3ClientFactory {
    /** The CA bundle as PEM text, after S3A copies the per-bucket options to {@code fs.s3a.*}. */
    public static final String PEM_KEY = "fs.s3a.snapshot-sync.ca-bundle.pem";

    @Override
    public S3Client createS3Client(URI uri, S3ClientCreationParameters parameters) throws IOException {
        Configuration conf = getConf();
        ApacheHttpClient.Builder http = AWSClientConfig.createHttpClientBuilder(conf)
                .proxyConfiguration(AWSClientConfig.createProxyConfiguration(conf, uri.getHost()));
        dropHadoopSocketFactory(http);
        http.tlsTrustManagersProvider(trust(conf));
        S3ClientBuilder builder = configure(S3Client.builder(), parameters, conf, uri.getHost());
        return builder.httpClientBuilder(http).build();
    }

    @Override
    public S3AsyncClient createS3AsyncClient(URI uri, S3ClientCreationParameters parameters) throws IOException {
        Configuration conf = getConf();
        NettyNioAsyncHttpClient.Builder http = AWSClientConfig.createAsyncHttpClientBuilder(conf)
                .proxyConfiguration(AWSClientConfig.createAsyncProxyConfiguration(conf, uri.getHost()))
                .tlsTrustManagersProvider(trust(conf));
        S3AsyncClientBuilder builder = configure(S3AsyncClient.builder(), parameters, conf, uri.getHost());
        return builder.httpClientBuilder(http).build();
    }

    private static TlsTrustManagersProvider trust(Configuration conf) throws IOException {
        String pem = conf.getTrimmed(PEM_KEY, "");
        if (pem.isEmpty()) {
            throw new IOException("no CA certificates in '" + PEM_KEY + "' for " + PemTrustS3ClientFactory.class
                    .getSimpleName() + ": set target.s3.ca-bundle");
        }
        TrustManager[] managers = {PemTrust.trustManager(pem)};
        return () -> managers;
    }

    /**
     * Hadoop hands the Apache client a socket factory over the JVM's default SSL context whenever
     * the SDK bundle's relocated Apache classes are present (as on Glue and EMR); a socket factory
     * wins over trust managers. Resetting it by reflection works whatever the parameter's
     * (relocated or not) type is, and lets the SDK build its own TLS socket factory from ours.
     */
    private static void dropHadoopSocketFactory(ApacheHttpClient.Builder http) throws IOException {
        Method setter = Arrays.stream(ApacheHttpClient.Builder.class.getMethods())
                .filter(m -> m.getName().equals("socketFactory") && m.getParameterCount() == 1).findFirst()
                .orElseThrow(() -> new IOException("this AWS SDK's ApacheHttpClient.Builder has no socketFactory"));
        try {
            setter.invoke(http, (Object) null);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IOException("cannot reset the S3 HTTP client's socket factory", e);
        }
    }

    /** Hadoop's own builder configuration (endpoint, region, credentials, retries, metrics, signer). */
    private <B extends S3BaseClientBuilder<B, C>, C> B configure(B builder, S3ClientCreationParameters parameters,
            Configuration conf, String bucket) throws IOException {
        try {
            Method method = DefaultS3ClientFactory.class.getDeclaredMethod("configureClientBuilder",
                    S3BaseClientBuilder.class, S3ClientCreationParameters.class, Configuration.class, String.class);
            method.setAccessible(true);
            @SuppressWarnings("unchecked")
            B configured = (B) method.invoke(this, builder, parameters, conf, bucket);
            return configured;
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException("cannot configure the S3 client", e.getCause());
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IOException("target.s3.ca-bundle needs hadoop-aws 3.4 (DefaultS3ClientFactory."
                    + "configureClientBuilder), which this platform's Hadoop does not have: " + e, e);
        }
    }
}
