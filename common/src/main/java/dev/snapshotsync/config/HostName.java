package dev.snapshotsync.config;

import java.util.regex.Pattern;

/**
 * What {@code source.host} may hold: a DNS host name or an IP address. Anything else (a '/', '?',
 * '&', ':' port, '=' ...) would become part of the JDBC URL and could switch driver settings, such as
 * {@code sslfactory}, that turn off certificate verification.
 */
public final class HostName {
    /** RFC 1123 labels: letters, digits and '-', not starting or ending with '-'; at most 253 characters. */
    private static final Pattern DNS = Pattern.compile(
            "(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\\.?");
    private static final Pattern IPV4 = Pattern.compile(
            "((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
    /** Hex groups and colons only (with an optional trailing dotted quad); the parse below checks the rest. */
    private static final Pattern IPV6_TEXT = Pattern.compile("[0-9A-Fa-f:]+(:" + IPV4.pattern() + ")?");

    private HostName() {}

    public static boolean isValid(String host) {
        return DNS.matcher(host).matches() || IPV4.matcher(host).matches() || isIpv6(host);
    }

    public static boolean isIpv6(String host) {
        if (!host.contains(":") || !IPV6_TEXT.matcher(host).matches()) {
            return false;
        }
        try {
            // Only hex digits, ':' and '.' reach here: parsed as an address literal, never looked up.
            java.net.InetAddress.getByName(host);
            return true;
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    /** The host as it goes between {@code //} and {@code :port} in a URL: IPv6 in brackets. */
    public static String forUrl(String host) {
        return isIpv6(host) ? "[" + host + "]" : host;
    }
}
