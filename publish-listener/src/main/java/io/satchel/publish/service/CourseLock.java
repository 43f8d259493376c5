package io.satchel.publish.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/**
 * Serializes the writes of one course (intake and publish status) with a transaction-scoped PostgreSQL advisory
 * lock, so "newest wins" and "forward only" hold whichever replica or consumer thread writes.
 */
@ApplicationScoped
public class CourseLock {
    @Inject
    EntityManager em;

    /** Held until the calling transaction ends. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void lock(String courseId) {
        // pg_advisory_xact_lock returns void, which JPA cannot map: count the one row instead.
        em.createNativeQuery("select count(*) from (select pg_advisory_xact_lock(hashtext(:course))) l")
                .setParameter("course", courseId).getSingleResult();
    }
}
