package org.recllm.data.dataset;

import java.io.Serializable;

/**
 * A user and the demographics a dataset has; fields a dataset lacks are null.
 *
 * @param age age in years, or for datasets that publish age groups (MovieLens-1M) the group's lower bound
 */
public record User(int id, String gender, Integer age, String occupation, String zipCode) implements Serializable {

    /** A user known only by id (datasets without demographics). */
    public static User anonymous(int id) {
        return new User(id, null, null, null, null);
    }

    /**
     * The benchmark's age group: {@code <18, 18-24, 25-34, 35-44, 45-49, 50-55, 56+} (MovieLens-1M's published groups,
     * so both datasets map alike), or null when the age is unknown.
     */
    public String ageGroup() {
        if (age == null) {
            return null;
        }
        if (age < 18) {
            return "<18";
        } else if (age < 25) {
            return "18-24";
        } else if (age < 35) {
            return "25-34";
        } else if (age < 45) {
            return "35-44";
        } else if (age < 50) {
            return "45-49";
        } else if (age < 56) {
            return "50-55";
        }
        return "56+";
    }
}
