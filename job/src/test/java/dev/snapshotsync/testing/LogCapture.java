package dev.snapshotsync.testing;

import java.util.ArrayList;
import java.util.List;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/**
 * Collects what snapshot-sync logs (INFO and above) while it is open, as "LEVEL message" lines, so
 * tests can check warnings and that no secret reaches the log. Log4j 2 is what both Spark lines use.
 */
public final class LogCapture implements AutoCloseable {
    private static final String LOGGER = "dev.snapshotsync";

    private final List<String> lines = new ArrayList<>();
    private final AbstractAppender appender;

    private LogCapture() {
        appender = new AbstractAppender("capture-" + System.nanoTime(), null, null, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                synchronized (lines) {
                    lines.add(event.getLevel() + " " + event.getMessage().getFormattedMessage());
                }
            }
        };
    }

    public static LogCapture start() {
        LogCapture capture = new LogCapture();
        capture.appender.start();
        config().addAppender(capture.appender, Level.INFO, null);
        context().updateLoggers();
        return capture;
    }

    public List<String> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    @Override
    public void close() {
        config().removeAppender(appender.getName());
        context().updateLoggers();
        appender.stop();
    }

    private static LoggerContext context() {
        return (LoggerContext) LogManager.getContext(false);
    }

    private static LoggerConfig config() {
        LoggerConfig config = context().getConfiguration().getLoggerConfig(LOGGER);
        if (!config.getName().equals(LOGGER)) {
            throw new IllegalStateException("the test log4j2.properties has no logger '" + LOGGER + "'");
        }
        return config;
    }
}
