package io.satchel.k8s;

import static io.satchel.k8s.Checked.array;
import static io.satchel.k8s.Checked.clean;
import static io.satchel.k8s.Checked.devWith;
import static io.satchel.k8s.Checked.node;
import static io.satchel.k8s.Checked.rejects;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SecretRulesTest {
    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void noSecretValueIsWrittenInTheManifests(String overlay) {
        clean(SecretRules.check(Kustomize.render(overlay)));
    }

    @Test
    void rejectsAnInlinePasswordInAnEnvVar() {
        rejects(SecretRules.check(devWith("Deployment", "sync-api",
                d -> array(d, "/spec/template/spec/containers/0/env").addObject()
                        .put("name", "SATCHEL_DB_PASSWORD").put("value", "postgres"))),
                "env SATCHEL_DB_PASSWORD is a secret written inline");
    }

    @Test
    void rejectsAnInlineS3KeyInTheStandInAndInAConfigMap() {
        rejects(SecretRules.check(devWith("Deployment", "s3proxy",
                d -> array(d, "/spec/template/spec/containers/0/env").addObject()
                        .put("name", "S3PROXY_CREDENTIAL").put("value", "satchel-secret"))),
                "env S3PROXY_CREDENTIAL is a secret written inline");
        rejects(SecretRules.check(devWith("ConfigMap", "satchel-config",
                c -> node(c, "/data").put("SATCHEL_S3_ACCESS_KEY", "satchel"))),
                "key SATCHEL_S3_ACCESS_KEY is a secret written inline");
    }

    @Test
    void rejectsACredentialEmbeddedInAUrl() {
        rejects(SecretRules.check(devWith("ConfigMap", "sync-api-config", c -> node(c, "/data")
                .put("SATCHEL_JDBC_URL", "jdbc:postgresql://satchel-pg-rw:5432/satchel_sync?user=a&password=b"))),
                "embeds a credential");
    }

    @Test
    void rejectsASecretObjectWithData() {
        var objects = new ArrayList<>(Kustomize.copyOf("dev"));
        ObjectNode secret = Kustomize.YAML.createObjectNode().put("apiVersion", "v1").put("kind", "Secret");
        secret.putObject("metadata").put("name", "satchel-s3");
        secret.putObject("stringData").put("access-key", "satchel");
        objects.add(secret);
        rejects(SecretRules.check(objects), "Secret/satchel-s3 carries data");
    }
}
