package dev.snapshotsync.testing;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;

/**
 * A fault-injecting S3 proxy on 127.0.0.1 in front of S3Mock's HTTP port, for the job under test
 * to use as its S3 endpoint. It serves HTTPS with the test CA's server certificate (the AWS SDK v1
 * of the Spark 3.5 line sends SSE-KMS requests over HTTPS only) and relays each request to S3Mock
 * unchanged, one request per connection ({@code Connection: close}), unless a {@link Rule} matches
 * the request's operation and key: the rule then answers with an S3 error (403, 500, 503), drops
 * the connection without an answer, or stops the proxy altogether, as if S3 went away (connections
 * are refused until {@link #resume}).
 */
public final class S3FaultProxy implements Closeable {
    /** S3 operations told apart by method, query and headers. */
    public enum Operation { PUT, COPY, GET, HEAD, LIST, DELETE, BULK_DELETE, MULTIPART_START, MULTIPART_PART,
        MULTIPART_COMPLETE, OTHER }

    /** What a matching rule does to the request. */
    public enum Fault {
        FORBIDDEN(403, "AccessDenied", "Access Denied"),
        INTERNAL_ERROR(500, "InternalError", "We encountered an internal error. Please try again."),
        UNAVAILABLE(503, "SlowDown", "Please reduce your request rate."),
        /** The connection is closed without an answer. */
        DROP(0, "", ""),
        /** The proxy stops: this and every later connection fails until {@link #resume}. */
        STOP(0, "", "");

        final int status;
        final String code;
        final String message;

        Fault(int status, String code, String message) {
            this.status = status;
            this.code = code;
            this.message = message;
        }
    }

    /**
     * Requests of {@code operation} whose key (bucket excluded; for a LIST its prefix; for a bulk
     * delete any of its keys) contains a match of {@code key} get {@code fault}.
     */
    public record Rule(Operation operation, Pattern key, Fault fault) {
        boolean matches(Operation op, String requestKey) {
            return operation == op && key.matcher(requestKey).find();
        }
    }

    private final int upstreamPort;
    private final SSLContext tls;
    private final List<Rule> rules = new CopyOnWriteArrayList<>();
    private final List<S3Request> seen = new CopyOnWriteArrayList<>();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "s3-fault-proxy");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicInteger faults = new AtomicInteger();
    private volatile ServerSocket server;
    private int port;

    private S3FaultProxy(int upstreamPort, SSLContext tls) {
        this.upstreamPort = upstreamPort;
        this.tls = tls;
    }

    /** A proxy in front of the test S3Mock, listening on a free port. */
    public static S3FaultProxy start() {
        S3FaultProxy proxy = new S3FaultProxy(URI.create(TestEnv.s3HttpEndpoint()).getPort(), serverTls());
        proxy.listen(0);
        return proxy;
    }

    /**
     * Each request of {@code operation} seen so far (relayed or struck), as its key and the value
     * of {@code header} ("" when it had none), in the order they came.
     */
    public List<Map.Entry<String, String>> seen(Operation operation, String header) {
        return seen.stream().filter(request -> request.operation() == operation)
                .map(request -> Map.entry(request.key(), java.util.Objects.requireNonNullElse(request.header(header), "")))
                .toList();
    }

    /** The endpoint to give the job ({@code target.s3.endpoint}). */
    public String endpoint() {
        return "https://127.0.0.1:" + port;
    }

    public S3FaultProxy add(Operation operation, String keyPattern, Fault fault) {
        rules.add(new Rule(operation, Pattern.compile(keyPattern), fault));
        return this;
    }

    /** Forgets every rule and serves again if a rule stopped it. */
    public void resume() {
        rules.clear();
        if (server == null) {
            listen(port);
        }
    }

    /** How many requests a rule has struck so far. */
    public int faults() {
        return faults.get();
    }

    private synchronized void listen(int wanted) {
        try {
            SSLServerSocket socket = (SSLServerSocket) tls.getServerSocketFactory().createServerSocket();
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), wanted), 50);
            port = socket.getLocalPort();
            server = socket;
            pool.execute(() -> accept(socket));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on 127.0.0.1:" + wanted, e);
        }
    }

    private void accept(ServerSocket socket) {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                open.add(client);
                pool.execute(() -> serve(client));
            } catch (IOException e) {
                return;
            }
        }
    }

    /** Stops listening and cuts every connection in flight, as a server that went away, until {@link #resume}. */
    public synchronized void stopServing() {
        ServerSocket socket = server;
        server = null;
        closeQuietly(socket);
        open.forEach(S3FaultProxy::closeQuietly);
    }

    private void serve(Socket client) {
        try (client) {
            client.setSoTimeout(60_000);
            InputStream in = new BufferedInputStream(client.getInputStream());
            S3Request request = S3Request.read(in);
            if (request == null) {
                return;
            }
            seen.add(request);
            for (Rule rule : rules) {
                if (rule.matches(request.operation(), request.key())) {
                    faults.incrementAndGet();
                    strike(rule.fault(), client, in, request);
                    return;
                }
            }
            relay(client, in, request);
        } catch (IOException e) {
            // The client or S3Mock went away: nothing to relay any more.
        } finally {
            open.remove(client);
        }
    }

    private void strike(Fault fault, Socket client, InputStream in, S3Request request) throws IOException {
        switch (fault) {
            case DROP -> client.close();
            case STOP -> stopServing();
            default -> {
                // Without "Expect: 100-continue" the body is already on its way: read it, so the
                // client sees the answer rather than a reset while it still writes.
                if (request.header("expect") == null && request.body().length == 0) {
                    String length = request.header("content-length");
                    in.readNBytes(length == null ? 0 : Integer.parseInt(length));
                }
                byte[] body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + fault.code
                        + "</Code><Message>" + fault.message + "</Message></Error>").getBytes(StandardCharsets.UTF_8);
                OutputStream out = client.getOutputStream();
                out.write(("HTTP/1.1 " + fault.status + " " + fault.code + "\r\nContent-Type: application/xml\r\n"
                        + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
                out.write(body);
                out.flush();
            }
        }
    }

    /** Sends the request head to S3Mock asking it to close afterwards, then copies bytes both ways until it does. */
    private void relay(Socket client, InputStream in, S3Request request) throws IOException {
        try (Socket upstream = new Socket(InetAddress.getLoopbackAddress(), upstreamPort)) {
            open.add(upstream);
            OutputStream toUpstream = upstream.getOutputStream();
            toUpstream.write(request.headClosingTheConnection());
            toUpstream.write(request.body());
            toUpstream.flush();
            pool.execute(() -> copyQuietly(in, toUpstream));
            upstream.getInputStream().transferTo(client.getOutputStream());
            client.getOutputStream().flush();
        } finally {
            open.removeIf(Socket::isClosed);
        }
    }

    private static void copyQuietly(InputStream in, OutputStream out) {
        try {
            in.transferTo(out);
        } catch (IOException e) {
            // One side closed: the response was complete or the connection is lost either way.
        }
    }

    /** The test CA's server certificate (SAN 127.0.0.1), from the key store test-servers made for S3Mock. */
    private static SSLContext serverTls() {
        Path store = Path.of(TestEnv.get("test.env.dir"), "certs", "s3.p12");
        char[] password = TestEnv.get("s3.truststore.password").toCharArray();
        try (InputStream in = Files.newInputStream(store)) {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(in, password);
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(keys, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(factory.getKeyManagers(), null, null);
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("cannot load " + store, e);
        }
    }

    private static void closeQuietly(Closeable closeable) {
        try {
            if (closeable != null) {
                closeable.close();
            }
        } catch (IOException e) {
            // closing is all that was wanted
        }
    }

    @Override
    public void close() {
        stopServing();
        pool.shutdownNow();
    }
}
