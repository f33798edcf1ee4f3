package io.curvature.data;

import java.lang.foreign.Arena;
import java.lang.ref.Cleaner;

/**
 * Closes an owned arena at most once, at {@code close()} or when its owner became unreachable, and uncounts what
 * it allocated ({@link OffHeapBudget}). Holds no reference to the owner, or the owner would never become
 * unreachable.
 */
record ArenaRelease(Arena arena, long counted) implements Runnable {

    private static final Cleaner CLEANER = Cleaner.create();

    /** Registers the release of {@code arena} (holding {@code counted} counted bytes) for {@code owner}. */
    static Cleaner.Cleanable register(Object owner, Arena arena, long counted) {
        return CLEANER.register(owner, new ArenaRelease(arena, counted));
    }

    @Override
    public void run() {
        try {
            if (arena.scope().isAlive()) {
                arena.close();
            }
        } catch (UnsupportedOperationException | WrongThreadException e) {
            // A global or automatic arena cannot be closed; a confined one only by its own thread.
        } finally {
            OffHeapBudget.release(counted);
        }
    }
}
