package me.grokme.pinning.deep;

/** What one deep pinning pass did. */
public record DeepPinReport(int tasks, int done, int deferred, int failed, int skipped, int referencesPinned, int referencesRecorded) {
}
