package io.reelgate.storyboard;

import java.util.Collection;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import io.reelgate.generation.InputsInUse;

/** A shot's uploaded first frame is in use until the shot changes or goes (for {@code generation/InputSweep}). */
@ApplicationScoped
class ShotImages implements InputsInUse {

    private final EntityManager em;

    ShotImages(EntityManager em) {
        this.em = em;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Collection<String> inUse(List<String> keys) {
        return em.createNativeQuery("select image_key from storyboard_shot where image_key = any(?1)")
                .setParameter(1, keys.toArray(String[]::new)).getResultList();
    }
}
