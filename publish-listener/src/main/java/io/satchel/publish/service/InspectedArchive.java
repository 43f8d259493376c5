package io.satchel.publish.service;

/**
 * What the inspection of an accepted export found.
 *
 * @param courseXmlPath  path of the course.xml that was checked ({@code course.xml} or {@code TOP/course.xml})
 * @param entries        tar entries (files and folders)
 * @param unpackedBytes  bytes of the whole tar stream
 */
public record InspectedArchive(String courseXmlPath, int entries, long unpackedBytes) {
}
