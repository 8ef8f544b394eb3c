package me.grokme.pinning.webhook.providers;

/** Whether a delivery's signature holds. A rejection's reason never contains a secret or an expected signature. */
public sealed interface Verification {

    record Verified() implements Verification {
    }

    record Rejected(String reason) implements Verification {
    }

    static Verification ok() {
        return new Verified();
    }

    static Verification rejected(String reason) {
        return new Rejected(reason);
    }
}
