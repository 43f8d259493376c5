package io.satchel.publish.bench;

import io.satchel.common.security.DevTokens;
import io.satchel.testing.KafkaBroker;
import io.satchel.testing.PostgresServer;
import io.satchel.testing.RealInfrastructure;
import io.satchel.testing.S3Server;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;

/**
 * For bench/publish-listener/run: starts the harness's real Kafka, PostgreSQL and S3, writes {@code infra.env}
 * (SATCHEL_* variables for the service jar) and {@code token} (a publisher JWT) into the directory given, then runs
 * until stdin closes or the process is stopped; the harness stops the servers at exit.
 */
public final class BenchInfrastructure {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Files.createDirectories(dir);
        KafkaBroker kafka = RealInfrastructure.kafka();
        PostgresServer pg = RealInfrastructure.postgres();
        S3Server s3 = RealInfrastructure.s3();
        KeyPair keys = DevTokens.generateKeyPair();
        Path publicKey = Files.writeString(dir.resolve("jwt-public.pem"), DevTokens.publicKeyPem(keys.getPublic()));
        Files.writeString(dir.resolve("token"),
                DevTokens.sign(keys.getPrivate(), "bench", List.of("publisher"), 24 * 3600));
        Files.writeString(dir.resolve("infra.env"), String.join("\n",
                "SATCHEL_KAFKA=" + kafka.bootstrapServers(),
                "SATCHEL_JDBC_URL=" + pg.jdbcUrl(),
                "SATCHEL_DB_USER=" + pg.user(),
                "SATCHEL_DB_PASSWORD=" + pg.password(),
                "SATCHEL_S3_ENDPOINT=" + s3.endpoint(),
                "SATCHEL_S3_ACCESS_KEY=" + s3.accessKey(),
                "SATCHEL_S3_SECRET_KEY=" + s3.secretKey(),
                "SATCHEL_JWT_PUBLIC_KEY_LOCATION=file:" + publicKey,
                "SATCHEL_JWT_ISSUER=" + DevTokens.ISSUER, ""));
        System.out.println("READY " + dir.resolve("infra.env"));
        System.out.flush();
        while (System.in.read() >= 0) {
            // wait for stdin to close
        }
        System.exit(0);
    }

    private BenchInfrastructure() {
    }
}
