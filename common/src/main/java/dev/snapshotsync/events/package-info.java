/**
 * The completion event of a run (target.events): one Amazon EventBridge event on success or
 * failure, built from what the run published, never from credentials or host names. EventBridge
 * rather than SNS: rules filter on the event's content (status, table) and deliver to any number
 * of targets (SQS, Lambda, Step Functions, another account's bus) without a topic per consumer,
 * and the deployment stack's failed-run rule matches the same event.
 */
package dev.snapshotsync.events;
