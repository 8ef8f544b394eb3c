package me.grokme.pinning.reconcile;

import java.util.Optional;

/**
 * What one run did on the token range jobs (ERC-4906 metadata updates, ERC-2309 consecutive mints).
 *
 * @param jobs     jobs due at the start of the run
 * @param finished jobs that reached their last token in this run
 * @param pages    pages handled (each ends with a checkpoint)
 * @param tokens   tokens whose URI was recorded (and pinned through the mint intake)
 * @param skipped  tokens whose tokenURI reverted or named nothing to pin
 * @param error    why the run stopped early (the jobs' checkpoints stay where they got to)
 */
public record RangeReport(int jobs, int finished, int pages, long tokens, long skipped, Optional<String> error) {

    public static RangeReport none() {
        return new RangeReport(0, 0, 0, 0, 0, Optional.empty());
    }
}
