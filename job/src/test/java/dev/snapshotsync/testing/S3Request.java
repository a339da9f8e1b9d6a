package dev.snapshotsync.testing;

import dev.snapshotsync.testing.S3FaultProxy.Operation;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The head of one S3 REST request (path style) as S3FaultProxy reads it: which operation, on which
 * key. A bulk delete's body is read too ({@code body}, else empty), since its keys are there.
 */
record S3Request(String method, String target, String version, List<String> headers, byte[] body) {
    private static final Pattern DELETED_KEY = Pattern.compile("<Key>([^<]*)</Key>");

    /** The request line and headers, up to the empty line; null when the client closed first. */
    static S3Request read(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        for (int b = in.read(); b >= 0; b = in.read()) {
            head.write(b);
            matched = (b == '\r' && matched % 2 == 0) || (b == '\n' && matched % 2 == 1) ? matched + 1 : 0;
            if (matched == 4) {
                String[] lines = head.toString(StandardCharsets.ISO_8859_1).trim().split("\r\n");
                String[] requestLine = lines[0].split(" ");
                S3Request request = new S3Request(requestLine[0], requestLine[1], requestLine[2],
                        List.of(lines).subList(1, lines.length), new byte[0]);
                String length = request.header("content-length");
                if (request.operation() == Operation.BULK_DELETE && request.header("expect") == null && length != null) {
                    return new S3Request(request.method, request.target, request.version, request.headers,
                            in.readNBytes(Integer.parseInt(length)));
                }
                return request;
            }
        }
        return null;
    }

    /** Method, query and headers tell the S3 operations apart. */
    Operation operation() {
        return switch (method) {
            case "HEAD" -> Operation.HEAD;
            case "DELETE" -> Operation.DELETE;
            case "GET" -> pathKey().isEmpty() || hasParameter("list-type") ? Operation.LIST : Operation.GET;
            case "PUT" -> header("x-amz-copy-source") != null ? Operation.COPY
                    : hasParameter("partNumber") ? Operation.MULTIPART_PART : Operation.PUT;
            case "POST" -> hasParameter("delete") ? Operation.BULK_DELETE
                    : hasParameter("uploads") ? Operation.MULTIPART_START
                    : hasParameter("uploadId") ? Operation.MULTIPART_COMPLETE : Operation.OTHER;
            default -> Operation.OTHER;
        };
    }

    /** The object key, decoded; for a LIST the prefix listed; for a bulk delete its keys, a line each. */
    String key() {
        return switch (operation()) {
            case LIST -> parameter("prefix");
            case BULK_DELETE -> DELETED_KEY.matcher(new String(body, StandardCharsets.UTF_8)).results()
                    .map(m -> m.group(1).replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
                            .replace("&apos;", "'").replace("&amp;", "&"))
                    .collect(Collectors.joining("\n"));
            default -> pathKey();
        };
    }

    /** A header's value, or null. */
    String header(String name) {
        for (String line : headers) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        return null;
    }

    /** The head as received, but asking the server to close the connection after its answer. */
    byte[] headClosingTheConnection() {
        StringBuilder head = new StringBuilder(method).append(' ').append(target).append(' ').append(version)
                .append("\r\n");
        for (String line : headers) {
            if (!line.toLowerCase(Locale.ROOT).startsWith("connection:")) {
                head.append(line).append("\r\n");
            }
        }
        return head.append("Connection: close\r\n\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private String pathKey() {
        String path = target.contains("?") ? target.substring(0, target.indexOf('?')) : target;
        int slash = path.indexOf('/', 1);
        return slash < 0 ? ""
                : URLDecoder.decode(path.substring(slash + 1).replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private String query() {
        return target.contains("?") ? target.substring(target.indexOf('?') + 1) : "";
    }

    private boolean hasParameter(String name) {
        for (String parameter : query().split("&")) {
            if (parameter.equals(name) || parameter.startsWith(name + "=")) {
                return true;
            }
        }
        return false;
    }

    private String parameter(String name) {
        for (String parameter : query().split("&")) {
            if (parameter.startsWith(name + "=")) {
                return URLDecoder.decode(parameter.substring(name.length() + 1), StandardCharsets.UTF_8);
            }
        }
        return "";
    }
}
