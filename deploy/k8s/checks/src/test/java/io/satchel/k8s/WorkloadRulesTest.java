package io.satchel.k8s;

import static io.satchel.k8s.Checked.array;
import static io.satchel.k8s.Checked.clean;
import static io.satchel.k8s.Checked.devWith;
import static io.satchel.k8s.Checked.node;
import static io.satchel.k8s.Checked.rejects;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WorkloadRulesTest {
    private static final String CONTAINER = "/spec/template/spec/containers/0";

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyDeploymentHasProbesResourcesAHardenedPodAndADisruptionBudget(String overlay) {
        clean(WorkloadRules.check(Kustomize.render(overlay)));
    }

    @Test
    void rejectsAMissingProbe() {
        rejects(WorkloadRules.check(devWith("Deployment", "renderer", d -> node(d, CONTAINER).remove("readinessProbe"))),
                "Deployment/renderer container renderer has no readinessProbe");
    }

    @Test
    void rejectsAProbeOutsideQuarkusHealth() {
        rejects(WorkloadRules.check(devWith("Deployment", "sync-api",
                d -> node(d, CONTAINER + "/livenessProbe/httpGet").put("path", "/"))),
                "livenessProbe must be an httpGet on /q/health/live");
    }

    @Test
    void rejectsAMissingMemoryLimitOrRequest() {
        rejects(WorkloadRules.check(devWith("Deployment", "archiver",
                d -> node(d, CONTAINER + "/resources").remove("limits"))), "has no limits.memory");
        rejects(WorkloadRules.check(devWith("Deployment", "s3proxy",
                d -> node(d, CONTAINER + "/resources/requests").remove("cpu"))), "has no requests.cpu");
    }

    @Test
    void rejectsAWritableRootAndAWorkDirOffTheEmptyDir() {
        rejects(WorkloadRules.check(devWith("Deployment", "publish-listener",
                d -> node(d, CONTAINER + "/securityContext").put("readOnlyRootFilesystem", false))),
                "writable root file system");
        rejects(WorkloadRules.check(devWith("ConfigMap", "renderer-config",
                c -> node(c, "/data").put("SATCHEL_RENDERER_WORK_DIR", "/deployments/work"))),
                "writes /deployments/work but no emptyDir");
    }

    @Test
    void rejectsADeploymentNoDisruptionBudgetCovers() {
        rejects(WorkloadRules.check(devWith("PodDisruptionBudget", "archiver",
                p -> node(p, "/spec/selector/matchLabels").put("app.kubernetes.io/name", "archiver-old"))),
                "Deployment/archiver is covered by no PodDisruptionBudget");
    }

    @Test
    void rejectsASecretNothingMakes() {
        rejects(WorkloadRules.check(devWith("Deployment", "renderer",
                d -> array(d, CONTAINER + "/env").addObject().put("name", "X").putObject("valueFrom")
                        .putObject("secretKeyRef").put("name", "renderer-secrets").put("key", "x"))),
                "uses Secret/renderer-secrets, which nothing renders or makes");
    }
}
