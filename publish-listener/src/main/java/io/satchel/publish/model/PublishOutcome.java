package io.satchel.publish.model;

/** A receipt, and whether this request created the publish (202) or found it already recorded (200). */
public record PublishOutcome(PublishReceipt receipt, boolean created) {
}
