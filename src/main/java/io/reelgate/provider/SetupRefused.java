package io.reelgate.provider;

/** A provider, model or price change the console refuses, with the sentence that says why; nothing was written. */
public class SetupRefused extends RuntimeException {

    public SetupRefused(String message) {
        super(message);
    }
}
