package io.satchel.common.lifecycle;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;
import sun.misc.Signal;

/**
 * SIGTERM (Kubernetes, deploy/local/down) is the normal way a Satchel service stops: the JVM would still report it
 * as exit status 143 after a clean, graceful shutdown. This handler runs the same shutdown (Quarkus' hook: consumers
 * finish or abandon the record in hand, leave their group) through {@code System.exit(0)}, so a clean stop exits 0
 * and a non-zero status means something really went wrong.
 */
@ApplicationScoped
public class CleanExitOnSigterm {
    private static final Logger LOG = Logger.getLogger(CleanExitOnSigterm.class);

    void onStart(@Observes StartupEvent event) {
        try {
            Signal.handle(new Signal("TERM"), signal -> {
                LOG.info("SIGTERM: shutting down");
                System.exit(0);
            });
        } catch (IllegalArgumentException unsupported) {
            LOG.debug("no SIGTERM handler on this platform; the JVM's default applies");
        }
    }
}
