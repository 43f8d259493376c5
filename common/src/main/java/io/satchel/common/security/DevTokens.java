package io.satchel.common.security;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * RS256 JWTs for the local stack and tests only (JDK only, no dependencies, so {@code deploy/local/token} can run it
 * straight from the jar). Production verifies tokens of a real OIDC issuer.
 *
 * <pre>
 * java -cp satchel-common.jar io.satchel.common.security.DevTokens keygen DIR
 * java -cp satchel-common.jar io.satchel.common.security.DevTokens sign DIR USER ROLE[,ROLE...] [TTL_SECONDS]
 * </pre>
 */
public final class DevTokens {
    public static final String ISSUER = "https://satchel.local/dev";
    public static final String PRIVATE_KEY_FILE = "jwt-private.pem";
    public static final String PUBLIC_KEY_FILE = "jwt-public.pem";

    public static KeyPair generateKeyPair() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return g.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static String publicKeyPem(PublicKey key) {
        return pem("PUBLIC KEY", key.getEncoded());
    }

    public static String privateKeyPem(PrivateKey key) {
        return pem("PRIVATE KEY", key.getEncoded());
    }

    public static PrivateKey readPrivateKey(String pem) {
        try {
            String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (Exception e) {
            throw new IllegalArgumentException("not a PKCS#8 RSA private key", e);
        }
    }

    /** A signed token with {@code sub}, {@code groups}, {@code iss}, {@code iat}, {@code exp}. */
    public static String sign(PrivateKey key, String subject, List<String> groups, long ttlSeconds) {
        long now = System.currentTimeMillis() / 1000;
        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\"}";
        String claims = "{\"iss\":" + quote(ISSUER) + ",\"sub\":" + quote(subject) + ",\"upn\":" + quote(subject)
                + ",\"groups\":[" + groups.stream().map(DevTokens::quote).collect(Collectors.joining(",")) + "]"
                + ",\"iat\":" + now + ",\"exp\":" + (now + ttlSeconds) + ",\"jti\":" + quote(UUID.randomUUID().toString())
                + "}";
        String signingInput = b64(header.getBytes(StandardCharsets.UTF_8)) + "." + b64(claims.getBytes(StandardCharsets.UTF_8));
        try {
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initSign(key);
            s.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + b64(s.sign());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length >= 2 && args[0].equals("keygen")) {
            Path dir = Path.of(args[1]);
            Files.createDirectories(dir);
            if (!Files.exists(dir.resolve(PRIVATE_KEY_FILE))) {
                KeyPair pair = generateKeyPair();
                Files.writeString(dir.resolve(PRIVATE_KEY_FILE), privateKeyPem(pair.getPrivate()));
                Files.writeString(dir.resolve(PUBLIC_KEY_FILE), publicKeyPem(pair.getPublic()));
            }
            return;
        }
        if (args.length >= 4 && args[0].equals("sign")) {
            PrivateKey key = readPrivateKey(Files.readString(Path.of(args[1]).resolve(PRIVATE_KEY_FILE)));
            long ttl = args.length > 4 ? Long.parseLong(args[4]) : 24 * 3600;
            System.out.println(sign(key, args[2], List.of(args[3].split(",")), ttl));
            return;
        }
        System.err.println("usage: DevTokens keygen DIR | DevTokens sign DIR USER ROLE[,ROLE...] [TTL_SECONDS]");
        System.exit(2);
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    private static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    private DevTokens() {
    }
}
