package io.satchel.k8s;

import static io.satchel.k8s.Checked.clean;
import static io.satchel.k8s.Checked.devWith;
import static io.satchel.k8s.Checked.node;
import static io.satchel.k8s.Checked.rejects;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CoreModelTest {
    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyCoreObjectReadsIntoTheTypedModelWithNoUnknownField(String overlay) {
        clean(CoreModel.check(Kustomize.render(overlay)));
    }

    @Test
    void rejectsADeploymentWithAnUnknownField() {
        rejects(CoreModel.check(devWith("Deployment", "renderer",
                d -> node(d, "/spec/template/spec/containers/0").putObject("livenessProbes"))),
                "Deployment/renderer.spec.template.spec.containers[0]: unknown field(s) [livenessProbes]");
        rejects(CoreModel.check(devWith("Deployment", "sync-api",
                d -> node(d, "/spec/template/spec").put("terminationGracePeriod", 30))), "terminationGracePeriod");
    }

    @Test
    void rejectsUnknownFieldsInOtherCoreKindsAndWrongTypes() {
        rejects(CoreModel.check(devWith("PodDisruptionBudget", "archiver",
                p -> node(p, "/spec").put("maxUnavaliable", 1))), "maxUnavaliable");
        rejects(CoreModel.check(devWith("Service", "sync-api", s -> node(s, "/spec/ports/0").put("target", 8080))),
                "target");
        rejects(CoreModel.check(devWith("Deployment", "archiver",
                d -> node(d, "/spec/template/spec").putObject("terminationGracePeriodSeconds"))),
                "does not read as Deployment");
    }

    @Test
    void rejectsACoreKindWithoutAModel() {
        rejects(CoreModel.check(devWith("ConfigMap", "renderer-config", c -> c.put("kind", "ConfigMapp"))),
                "no typed model");
    }
}
