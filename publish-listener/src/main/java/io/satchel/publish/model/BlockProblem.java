package io.satchel.publish.model;

/** A block of a publish that could not be prepared offline (the rest of the course still goes live). */
public record BlockProblem(String blockId, String code, String message) {
}
