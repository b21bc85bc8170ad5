package org.recllm.core.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.recllm.core.io.BadInputException;

/** {@code -Drecllm.activations}: float32 unless set, int8 or float32 by name, anything else refused by name. */
class ActivationPrecisionTest {
    @Test
    void thePropertyChoosesThePrecisionAndRefusesOtherValues() {
        String before = System.getProperty(ActivationPrecision.PROPERTY);
        try {
            System.clearProperty(ActivationPrecision.PROPERTY);
            assertEquals(ActivationPrecision.FLOAT32, ActivationPrecision.fromProperty());
            System.setProperty(ActivationPrecision.PROPERTY, " INT8 ");
            assertEquals(ActivationPrecision.INT8, ActivationPrecision.fromProperty());
            System.setProperty(ActivationPrecision.PROPERTY, "float32");
            assertEquals(ActivationPrecision.FLOAT32, ActivationPrecision.fromProperty());
            System.setProperty(ActivationPrecision.PROPERTY, "int4");
            BadInputException e = assertThrows(BadInputException.class, ActivationPrecision::fromProperty);
            assertTrue(e.getMessage().contains("-Drecllm.activations") && e.getMessage().contains("int4"), e.getMessage());
        } finally {
            if (before == null) {
                System.clearProperty(ActivationPrecision.PROPERTY);
            } else {
                System.setProperty(ActivationPrecision.PROPERTY, before);
            }
        }
    }
}
