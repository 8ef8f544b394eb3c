package me.grokme.pinning.status;

import me.grokme.pinning.capsule.Capsules;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import me.grokme.pinning.config.Env;

/**
 * The status function's configuration.
 *
 * @param allowedOrigins browser origins allowed by CORS (default the public status page)
 * @param cacheMaxAge    {@code Cache-Control: public, max-age}
 * @param ledgerCallBudget one DynamoDB call, retries included: well inside the function's 5 s timeout, so a slow
 *                       table ends in the function's own JSON 503, not in API Gateway's bare 500 for a timed-out Lambda
 * @param capsules       the capsules whose tokens are looked up ({@code CAPSULES}, or the one {@code CAPSULE} names)
 * @param orphanReleaseGrace how long content only orphaned mints used stays pinned (ORPHAN_RELEASE_GRACE, the pin drain's
 *                       setting, default 24h): the CID lookup says when it will be released
 */
public record StatusConfig(String ledgerTable, Set<String> allowedOrigins, Duration cacheMaxAge, String pageName, String pageUrl,
        Optional<URI> dynamoDbEndpoint, Duration ledgerCallBudget, Capsules capsules, Duration orphanReleaseGrace) {

    public StatusConfig {
        allowedOrigins = Set.copyOf(allowedOrigins);
    }

    public static StatusConfig fromEnvironment(Map<String, String> environment) {
        Env env = new Env(environment);
        String table = env.required("LEDGER_TABLE");
        Set<String> origins = env.csv("ALLOWED_ORIGINS", "https://status.grokme.me");
        for (String o : origins) {
            if (!o.equals("*") && !o.matches("https?://[A-Za-z0-9.-]+(:[0-9]+)?")) {
                env.problem("ALLOWED_ORIGINS holds something that is not an origin (scheme://host[:port]): " + o);
            }
        }
        Duration maxAge = env.duration("CACHE_MAX_AGE", Duration.ofSeconds(30));
        String name = env.optional("PAGE_NAME", "GROKME permanence");
        String url = env.optional("PAGE_URL", "https://status.grokme.me");
        Optional<URI> dynamo = env.url("DYNAMODB_ENDPOINT", false);
        Duration budget = env.timeout("LEDGER_CALL_BUDGET", Duration.ofSeconds(2));
        Capsules capsules = Capsules.readNames(env);
        Duration grace = env.duration("ORPHAN_RELEASE_GRACE", Duration.ofHours(24));
        env.validate();
        return new StatusConfig(table, origins, maxAge, name, url, dynamo, budget, capsules, grace);
    }
}
