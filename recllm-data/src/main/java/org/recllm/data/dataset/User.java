package org.recllm.data.dataset;

/**
 * A user and the demographics a dataset has; fields a dataset lacks are null.
 *
 * @param age age in years, or for datasets that publish age groups (MovieLens-1M) the group's lower bound
 */
public record User(int id, String gender, Integer age, String occupation, String zipCode) {

    /** A user known only by id (datasets without demographics). */
    public static User anonymous(int id) {
        return new User(id, null, null, null, null);
    }
}
