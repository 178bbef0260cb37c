package io.reelgate.generation;

import java.util.Collection;
import java.util.List;

/**
 * Input images kept by a feature above generation, outside any job (a storyboard shot's uploaded
 * first frame), which {@link InputSweep} must keep. A port: that feature's tables are of a higher rank.
 */
public interface InputsInUse {

    /** Those of the keys still in use, in the caller's transaction. */
    Collection<String> inUse(List<String> keys);
}
