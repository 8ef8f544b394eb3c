package me.grokme.pinning.devcluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import me.grokme.pinning.cluster.ClusterAuth;
import me.grokme.pinning.cluster.ClusterAuthException;
import me.grokme.pinning.cluster.ClusterClient;
import me.grokme.pinning.cluster.ClusterClientConfig;
import me.grokme.pinning.cluster.OkHttpClusterClient;
import me.grokme.pinning.secrets.SecretRef;
import me.grokme.pinning.secrets.SecretResolver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The README's zero-downtime rotation of the cluster's API password, on the real cluster, with one client built once
 * (as a SnapStart snapshot holds it): the peers take a second user, the secret switches to it, the peers drop the old
 * user — and no call fails on the way. The secret store is a cache like the AWS resolver's: the client keeps the old
 * value until a 401 makes it fetch again.
 */
class CredentialRotationAgainstRealClusterIT {

    @RegisterExtension
    static final RealClusterExtension CLUSTER = RealClusterExtension.threeRegions();

    /** A secret store with a cache in front of it, counting fetches. */
    static final class CachedSecret implements SecretResolver {
        final AtomicReference<String> store = new AtomicReference<>();
        final AtomicInteger fetches = new AtomicInteger();
        private volatile String cached;

        @Override
        public String resolve(SecretRef ref) {
            if (cached == null) {
                fetches.incrementAndGet();
                cached = store.get();
            }
            return cached;
        }

        @Override
        public void invalidate(SecretRef ref) {
            cached = null;
        }
    }

    @Test
    void aRotationByTheReadmesStepsNeverFailsACallAndNeedsNoRebuild() {
        RealCluster c = CLUSTER.cluster();
        String oldPair = c.user() + ":" + c.password();
        String newPair = "grokme2:rotated-" + Long.toHexString(System.nanoTime());
        CachedSecret secrets = new CachedSecret();
        secrets.store.set(oldPair);
        ClusterClient client = new OkHttpClusterClient(ClusterClientConfig.defaults(c.peer("eu-1").apiUrl(),
                ClusterAuth.fromSecret(Optional.of(SecretRef.parse("plain:unused")), secrets)));
        assertEquals("eu-1", client.id().peername());

        // 1. The peers accept both users.
        c.restartClusterDaemons(Map.of("CLUSTER_RESTAPI_BASICAUTHCREDENTIALS", oldPair + "," + newPair));
        assertEquals("eu-1", client.id().peername(), "the old password still works while both are accepted");
        // 2. The secret switches; the client still holds the old one in its cache, which is still accepted.
        secrets.store.set(newPair);
        assertEquals("eu-1", client.id().peername());
        // 3. The peers drop the old user: the next call gets a 401, fetches the secret again and succeeds.
        c.restartClusterDaemons(Map.of("CLUSTER_RESTAPI_BASICAUTHCREDENTIALS", newPair));
        int before = secrets.fetches.get();
        assertEquals("eu-1", client.id().peername(), "the same client follows the rotation without a rebuild");
        assertEquals(before + 1, secrets.fetches.get(), "one refresh after the 401");

        // A secret that is wrong after a refresh is an authentication error, not a retry loop.
        secrets.store.set("grokme2:wrong");
        secrets.invalidate(null);
        assertThrows(ClusterAuthException.class, client::id);
        assertTrue(secrets.fetches.get() <= before + 3);
    }
}
