package io.reelgate.storage;

/** Object storage could not do what was asked (unreachable, refused, I/O). */
public class StorageException extends RuntimeException {
    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
