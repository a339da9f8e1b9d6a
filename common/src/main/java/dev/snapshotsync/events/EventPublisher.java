package dev.snapshotsync.events;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.snapshotsync.config.EventSettings;
import dev.snapshotsync.errors.Causes;
import dev.snapshotsync.errors.SnapshotSyncException;
import java.net.URI;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClientBuilder;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a run's completion event with PutEvents. Credentials come from the SDK's default chain
 * (the job's role), which needs events:PutEvents on the bus. PutEvents answers 200 even when it
 * refuses an entry, so each entry's error code is checked.
 */
public final class EventPublisher {
    private static final Logger LOG = LoggerFactory.getLogger(EventPublisher.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final EventSettings settings;

    public EventPublisher(EventSettings settings) {
        this.settings = requireNonNull(settings, "settings is null");
    }

    /** Delivers the event or throws a target error naming the bus and what to fix. */
    public void send(CompletionEvent event) {
        PutEventsRequestEntry entry;
        try {
            entry = PutEventsRequestEntry.builder().eventBusName(settings.eventBus()).source(settings.source())
                    .detailType(event.detailType()).detail(JSON.writeValueAsString(event)).build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("completion event of run " + event.runId() + " is not JSON", e);
        }
        EventBridgeClientBuilder builder = EventBridgeClient.builder();
        if (!settings.region().isEmpty()) {
            builder.region(Region.of(settings.region()));
        }
        if (!settings.endpoint().isEmpty()) {
            builder.endpointOverride(URI.create(settings.endpoint()));
        }
        try (EventBridgeClient client = builder.build()) {
            PutEventsResponse response = client.putEvents(r -> r.entries(entry));
            if (response.failedEntryCount() != null && response.failedEntryCount() > 0) {
                PutEventsResultEntry refused = response.entries().get(0);
                throw failure(event, refused.errorCode() + ": " + refused.errorMessage(), null);
            }
            LOG.info("events: '{}' of run {} sent to event bus {} as {}", event.detailType(), event.runId(),
                    settings.eventBus(), response.entries().get(0).eventId());
        } catch (SdkException e) {
            String code = e instanceof AwsServiceException service && service.awsErrorDetails() != null
                    ? service.awsErrorDetails().errorCode() : "";
            throw failure(event, switch (code) {
                case "AccessDeniedException" -> "the job's role may not send to it; it needs events:PutEvents on "
                        + "the bus";
                case "ResourceNotFoundException" -> "no such event bus";
                case "" -> "EventBridge could not be reached" + (settings.endpoint().isEmpty() ? ""
                        : " at '" + settings.endpoint() + "'") + " (" + Causes.firstLine(Causes.root(e).getMessage())
                        + ")";
                default -> code + ": " + Causes.firstLine(e.getMessage());
            }, e);
        }
    }

    private SnapshotSyncException failure(CompletionEvent event, String why, Throwable cause) {
        return SnapshotSyncException.target("events: sending '" + event.detailType() + "' of run " + event.runId()
                + " to event bus '" + settings.eventBus() + "' failed: " + why + ". Check target.events.event-bus "
                + "and region.", cause);
    }
}
