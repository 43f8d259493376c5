package io.satchel.renderer.render;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Relative paths inside a block zip and their URL form. */
public final class UrlPaths {

    /** Percent-decodes %XX (UTF-8) and leaves '+' alone (it is literal in asset keys). */
    public static String decode(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '%' && i + 2 < bytes.length && hex(bytes[i + 1]) >= 0 && hex(bytes[i + 2]) >= 0) {
                out.write(hex(bytes[i + 1]) * 16 + hex(bytes[i + 2]));
                i += 2;
            } else {
                out.write(bytes[i]);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static int hex(byte b) {
        return Character.digit((char) b, 16);
    }

    /** Encodes each segment of a '/'-separated path for use in a URL (spaces → %20, ':' → %3A). */
    public static String encodePath(String path) {
        StringBuilder sb = new StringBuilder();
        for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~/!$&'()*+,;=@".indexOf(c) >= 0) {
                sb.append(c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
            }
        }
        return sb.toString();
    }

    /** Folder of a zip path ("" at the root), ending with '/' unless empty. */
    public static String dirOf(String path) {
        int i = path.lastIndexOf('/');
        return i < 0 ? "" : path.substring(0, i + 1);
    }

    /** Normalizes "a/./b/../c" → "a/c"; null when it climbs above the start. */
    public static String normalize(String path) {
        List<String> out = new ArrayList<>();
        for (String seg : path.split("/", -1)) {
            if (seg.isEmpty() || seg.equals(".")) {
                continue;
            }
            if (seg.equals("..")) {
                if (out.isEmpty()) {
                    return null;
                }
                out.remove(out.size() - 1);
            } else {
                out.add(seg);
            }
        }
        return String.join("/", out);
    }

    /** URL of {@code target} as seen from the file {@code from} (both zip paths), percent-encoded. */
    public static String relative(String from, String target) {
        String[] fromDirs = dirOf(from).isEmpty() ? new String[0] : dirOf(from).split("/");
        String[] to = target.split("/");
        int common = 0;
        while (common < fromDirs.length && common < to.length - 1 && fromDirs[common].equals(to[common])) {
            common++;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = common; i < fromDirs.length; i++) {
            sb.append("../");
        }
        for (int i = common; i < to.length; i++) {
            sb.append(encodePath(to[i]).replace(":", "%3A"));
            if (i < to.length - 1) {
                sb.append('/');
            }
        }
        return sb.toString();
    }

    /** How many folders deep a zip path is. */
    public static int depth(String path) {
        int d = 0;
        for (int i = 0; i < path.length(); i++) {
            if (path.charAt(i) == '/') {
                d++;
            }
        }
        return d;
    }

    private UrlPaths() {
    }
}
