package io.satchel.k8s;

import static io.satchel.k8s.Checked.array;
import static io.satchel.k8s.Checked.clean;
import static io.satchel.k8s.Checked.configs;
import static io.satchel.k8s.Checked.devWith;
import static io.satchel.k8s.Checked.rejects;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.HashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KafkaAclRulesTest {
    private static final String ACLS = "/spec/authorization/acls";

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void eachKafkaUserGrantsExactlyWhatItsClientUses(String overlay) {
        clean(KafkaAclRules.check(Kustomize.render(overlay), configs(), KafkaAccess.outsideChannels()));
    }

    @Test
    void rejectsAnAclTheServiceDoesNotUse() {
        rejects(KafkaAclRules.check(devWith("KafkaUser", "satchel-renderer", u -> {
            var acl = array(u, ACLS).addObject();
            acl.putObject("resource").put("type", "topic").put("name", "course.archived");
            return acl.putArray("operations").add("Read");
        }), configs(), KafkaAccess.outsideChannels()), "KafkaUser/satchel-renderer grants more than");
    }

    @Test
    void rejectsAMissingAclAndAKedaUserThatCanRead() {
        rejects(KafkaAclRules.check(devWith("KafkaUser", "satchel-archiver", u -> array(u, ACLS).remove(3)),
                configs(), KafkaAccess.outsideChannels()), "lacks what archiver's configuration uses: "
                + "[topic course.rendered.dlq Describe, topic course.rendered.dlq Write]");
        rejects(KafkaAclRules.check(devWith("KafkaUser", "satchel-keda",
                u -> array(u, ACLS + "/0/operations").add("Read")), configs(), KafkaAccess.outsideChannels()),
                "[topic course.published Read]");
    }

    @Test
    void rejectsUsersThatNoLongerMatchAChangedConfiguration() throws Exception {
        var configs = new HashMap<>(configs());
        String changed = Files.readString(Project.applicationProperties("renderer"))
                + "\nmp.messaging.outgoing.render-progress.connector=smallrye-kafka\n"
                + "mp.messaging.outgoing.render-progress.topic=course.render-progress\n";
        configs.put("renderer", ServiceKafkaConfig.of("renderer",
                new ByteArrayInputStream(changed.getBytes(StandardCharsets.UTF_8))));
        var problems = KafkaAclRules.check(Kustomize.render("dev"), configs, KafkaAccess.outsideChannels());
        rejects(problems, "KafkaUser/satchel-renderer lacks what renderer's configuration uses");
        rejects(problems, "topic course.render-progress is used but there is no KafkaTopic");
    }
}
