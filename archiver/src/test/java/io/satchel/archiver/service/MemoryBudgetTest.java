package io.satchel.archiver.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class MemoryBudgetTest {
    @Test
    void reservesWithinTheLimitAndAnEighthPerZip() {
        MemoryBudget budget = new MemoryBudget(800);
        assertNull(budget.tryReserve(101)); // above an eighth: a temp file instead
        MemoryBudget.Lease[] leases = new MemoryBudget.Lease[8];
        for (int i = 0; i < 8; i++) {
            leases[i] = budget.tryReserve(100);
            assertNotNull(leases[i]);
        }
        assertNull(budget.tryReserve(1)); // spent
        leases[0].close();
        leases[0].close(); // releasing twice frees once
        assertEquals(700, budget.reserved());
        assertNotNull(budget.tryReserve(100));
        assertNull(budget.tryReserve(100));
    }
}
