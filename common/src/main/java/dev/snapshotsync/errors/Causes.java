package dev.snapshotsync.errors;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Reading an exception chain as text: Spark hands executor failures to the driver as messages. */
public final class Causes {
    private static final int LIMIT = 50_000;

    private Causes() {}

    /** Class names and messages of the whole cause chain, one per line. */
    public static String chainText(Throwable e) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = e; t != null && text.length() < LIMIT; t = t.getCause()) {
            text.append(t.getClass().getName()).append(": ").append(t.getMessage()).append('\n');
            if (t.getCause() == t) {
                break;
            }
        }
        return text.toString();
    }

    public static Throwable root(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    /** The stack trace as Java prints it, causes and suppressed exceptions included. */
    public static String stackTrace(Throwable e) {
        StringWriter text = new StringWriter();
        e.printStackTrace(new PrintWriter(text));
        return text.toString();
    }

    public static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
