package me.grokme.pinning.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.InputStream;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import me.grokme.pinning.drain.DrainConfig;
import me.grokme.pinning.probe.ProbeConfig;
import me.grokme.pinning.reconcile.ReconcileConfig;
import me.grokme.pinning.status.StatusConfig;
import me.grokme.pinning.sweep.SweepConfig;
import me.grokme.pinning.testing.SharedReference;
import me.grokme.pinning.webhook.WebhookConfig;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Offline checks of template.yaml (no sam or cfn-lint can run here): it parses with CloudFormation's short
 * tags, its AWS::Serverless resources validate against the SAM schema (from ../shared, skipped when
 * absent), every handler exists with the right event types, every variable a function requires is set, and
 * each function's DynamoDB permissions are exactly the calls its code makes.
 */
class SamTemplateTest {

    private static final Path ROOT = Path.of("../..");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Turns {@code !Ref x} into {@code {"Ref": "x"}}, {@code !GetAtt a.b} into {@code {"Fn::GetAtt": ["a","b"]}}, etc. */
    static final class CfnConstructor extends SafeConstructor {
        CfnConstructor() {
            super(new LoaderOptions());
            for (String fn : List.of("Ref", "Sub", "GetAtt", "Join", "If", "Not", "Equals", "And", "Or", "Select", "Split", "FindInMap",
                    "ImportValue", "Base64", "GetAZs", "Cidr", "Condition", "Contains")) {
                this.yamlConstructors.put(new Tag("!" + fn), new AbstractConstruct() {
                    @Override
                    public Object construct(Node node) {
                        Object value = switch (node) {
                            case ScalarNode s -> fn.equals("GetAtt") ? List.of(s.getValue().split("\\.", 2)) : s.getValue();
                            case SequenceNode s -> constructSequence(s);
                            case MappingNode m -> constructMapping(m);
                            default -> throw new IllegalArgumentException(node.toString());
                        };
                        return Map.of(fn.equals("Ref") || fn.equals("Condition") ? fn : "Fn::" + fn, value);
                    }
                });
            }
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> template() throws Exception {
        try (InputStream in = Files.newInputStream(ROOT.resolve("template.yaml"))) {
            return (Map<String, Object>) new Yaml(new CfnConstructor()).load(in);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> functions(Map<String, Object> t) {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        ((Map<String, Map<String, Object>>) t.get("Resources")).forEach((name, r) -> {
            if ("AWS::Serverless::Function".equals(r.get("Type"))) {
                out.put(name, (Map<String, Object>) r.get("Properties"));
            }
        });
        return out;
    }

    @Test
    void theServerlessResourcesValidateAgainstTheSamSchema() throws Exception {
        Path schemaFile = SharedReference.reference("sam/sam.schema.json");
        Schema schema;
        try (InputStream in = Files.newInputStream(schemaFile)) {
            schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4).getSchema(in);
        }
        JsonNode template = JSON.valueToTree(template());
        assertEquals(List.of(), schema.validate(template).stream().map(Object::toString).toList());
    }

    @Test
    void aTypoInAServerlessPropertyIsCaughtBySchemaValidation() throws Exception {
        Path schemaFile = SharedReference.reference("sam/sam.schema.json");
        Schema schema;
        try (InputStream in = Files.newInputStream(schemaFile)) {
            schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4).getSchema(in);
        }
        com.fasterxml.jackson.databind.node.ObjectNode broken = JSON.valueToTree(template());
        ((com.fasterxml.jackson.databind.node.ObjectNode) broken.get("Resources").get("StatusFunction").get("Properties"))
                .put("Handlr", "x");
        assertFalse(schema.validate(broken).isEmpty(), "the check can fail");
    }

    @Test
    void everyHandlerExistsAndTakesTheEventItsTriggersSend() throws Exception {
        Map<String, Map<String, Object>> fns = functions(template());
        assertEquals(Set.of("PinWebhookFunction", "HealthSweepFunction", "ChainReconcileFunction", "StatusFunction", "RetrievalProbeFunction",
                "PinDrainFunction"),
                fns.keySet());
        for (Map.Entry<String, Map<String, Object>> e : fns.entrySet()) {
            String handler = (String) e.getValue().get("Handler");
            Class<?> cls = Class.forName(handler.substring(0, handler.indexOf("::")));
            assertTrue(RequestHandler.class.isAssignableFrom(cls), handler);
            Type[] types = requestHandlerTypes(cls);
            @SuppressWarnings("unchecked")
            Map<String, Map<String, Object>> events = (Map<String, Map<String, Object>>) e.getValue().get("Events");
            for (Map<String, Object> event : events.values()) {
                switch ((String) event.get("Type")) {
                    case "HttpApi" -> {
                        assertEquals(APIGatewayV2HTTPEvent.class, types[0], e.getKey());
                        assertEquals(APIGatewayV2HTTPResponse.class, types[1], e.getKey());
                        @SuppressWarnings("unchecked")
                        Map<String, Object> props = (Map<String, Object>) event.get("Properties");
                        assertEquals("2.0", props.get("PayloadFormatVersion"));
                    }
                    case "ScheduleV2" -> assertEquals(ScheduledEvent.class, types[0], e.getKey());
                    default -> throw new AssertionError("unexpected event type " + event.get("Type"));
                }
            }
        }
    }

    /** sam build runs the Makefile's build-<LogicalId> target, which must package the module holding the handler. */
    @Test
    @SuppressWarnings("unchecked")
    void samBuildsEachFunctionWithTheMakefileTargetOfItsModule() throws Exception {
        Map<String, Object> t = template();
        String makefile = Files.readString(ROOT.resolve("Makefile"));
        for (Map.Entry<String, Map<String, Object>> e : functions(t).entrySet()) {
            assertEquals(".", e.getValue().get("CodeUri"), e.getKey() + ": the Makefile sits at the root");
            Map<String, Object> resource = ((Map<String, Map<String, Object>>) t.get("Resources")).get(e.getKey());
            assertEquals("makefile", ((Map<String, Object>) resource.get("Metadata")).get("BuildMethod"), e.getKey());
            Matcher m = Pattern.compile("(?m)^build-" + e.getKey() + ":\\n\\t\\$\\(call package,([a-z-]+)\\)$").matcher(makefile);
            assertTrue(m.find(), "Makefile target build-" + e.getKey());
            String handler = (String) e.getValue().get("Handler");
            Path source = ROOT.resolve("functions/" + m.group(1) + "/src/main/java/"
                    + handler.substring(0, handler.indexOf("::")).replace('.', '/') + ".java");
            assertTrue(Files.isRegularFile(source), e.getKey() + ": " + source);
        }
    }

    private static Type[] requestHandlerTypes(Class<?> cls) {
        for (Type t : cls.getGenericInterfaces()) {
            if (t instanceof ParameterizedType p && p.getRawType() == RequestHandler.class) {
                return p.getActualTypeArguments();
            }
        }
        throw new AssertionError(cls + " does not implement RequestHandler<I, O>");
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyVariableEachFunctionRequiresIsSetAndValid() throws Exception {
        Map<String, Object> t = template();
        for (Map.Entry<String, Map<String, Object>> e : functions(t).entrySet()) {
            Map<String, String> env = environment(t, e.getKey());
            switch (e.getKey()) {
                case "PinWebhookFunction" -> {
                    WebhookConfig c = WebhookConfig.fromEnvironment(env);
                    assertEquals(Set.of("alchemy", "quicknode", "moralis", "logs"), c.providerSecrets().keySet());
                    assertTrue(c.clusterCredentials().isPresent());
                    // The budget is only cut by the Lambda's remaining time when Timeout is too short for it.
                    Duration timeout = Duration.ofSeconds(((Number) e.getValue().get("Timeout")).longValue());
                    assertTrue(c.clusterBudget().plus(c.clusterTimeout().multipliedBy(2)).plusSeconds(1).compareTo(timeout) <= 0,
                            "WEBHOOK_CLUSTER_BUDGET + 2 x CLUSTER_TIMEOUT + 1s must fit the webhook's Timeout");
                    assertEquals(Duration.ofSeconds(2), c.clusterBudget());
                    assertEquals(500, c.maxLogsPerDelivery());
                }
                case "HealthSweepFunction" -> assertTrue(SweepConfig.fromEnvironment(env).clusterCredentials().isPresent());
                case "ChainReconcileFunction" -> {
                    ReconcileConfig c = ReconcileConfig.fromEnvironment(env);
                    assertTrue(c.clusterCredentials().isPresent());
                    assertEquals(12, c.settings().confirmations());
                }
                case "StatusFunction" -> StatusConfig.fromEnvironment(env);
                case "PinDrainFunction" -> {
                    DrainConfig c = DrainConfig.fromEnvironment(env);
                    assertTrue(c.clusterCredentials().isPresent());
                    assertEquals(4, c.concurrency());
                    // The last pin starts callTimeout before the budget's end; the run must end inside Timeout and the 1-minute rate.
                    Duration timeout = Duration.ofSeconds(((Number) e.getValue().get("Timeout")).longValue());
                    assertTrue(c.timeBudget().plus(Duration.ofSeconds(5)).compareTo(timeout) <= 0, "DRAIN_TIME_BUDGET must fit Timeout");
                    assertTrue(timeout.compareTo(Duration.ofMinutes(1)) <= 0, "one run per minute");
                }
                case "RetrievalProbeFunction" -> {
                    ProbeConfig c = ProbeConfig.fromEnvironment(env);
                    assertTrue(c.clusterCredentials().isPresent());
                    assertEquals(Set.of("eu", "us", "asia"), c.gateways().keySet());
                    assertEquals(java.time.Duration.ofDays(7), c.period());
                    assertEquals(java.time.Duration.ofHours(1), c.runInterval());
                }
                default -> throw new AssertionError(e.getKey());
            }
        }
    }

    /** A function's environment as deployed with the parameters' defaults or sample values. */
    @SuppressWarnings("unchecked")
    private static Map<String, String> environment(Map<String, Object> t, String function) {
        Map<String, Object> params = (Map<String, Object>) t.get("Parameters");
        Map<String, Object> globals = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) t.get("Globals"))
                .get("Function")).get("Environment")).get("Variables");
        Map<String, Object> props = functions(t).get(function);
        Map<String, String> env = new HashMap<>();
        globals.forEach((k, v) -> env.put(k, render(v, params)));
        Map<String, Object> own = props.containsKey("Environment")
                ? (Map<String, Object>) ((Map<String, Object>) props.get("Environment")).get("Variables") : Map.of();
        own.forEach((k, v) -> env.put(k, render(v, params)));
        return env;
    }

    @Test
    void theClusterUrlMustBeHttpsInTheStackAndInEveryFunction() throws Exception {
        Map<String, Object> t = template();
        assertTrue(allowed(t, "ClusterUrl", "https://cluster.example:9094"));
        assertTrue(allowed(t, "ClusterUrl", "https://eu.cluster.example:9443,https://us.cluster.example:9443"));
        assertFalse(allowed(t, "ClusterUrl", "http://cluster.example:9094"));
        assertFalse(allowed(t, "ClusterUrl", "https://eu.cluster.example:9443,http://us.cluster.example:9094"));
        for (String function : List.of("PinWebhookFunction", "HealthSweepFunction", "ChainReconcileFunction", "RetrievalProbeFunction",
                "PinDrainFunction")) {
            Map<String, String> env = environment(t, function);
            env.put("CLUSTER_URL", "http://cluster.example:9094");
            org.junit.jupiter.api.function.Executable read = switch (function) {
                case "PinWebhookFunction" -> () -> WebhookConfig.fromEnvironment(env);
                case "HealthSweepFunction" -> () -> SweepConfig.fromEnvironment(env);
                case "RetrievalProbeFunction" -> () -> ProbeConfig.fromEnvironment(env);
                case "PinDrainFunction" -> () -> DrainConfig.fromEnvironment(env);
                default -> () -> ReconcileConfig.fromEnvironment(env);
            };
            String m = org.junit.jupiter.api.Assertions.assertThrows(me.grokme.pinning.config.ConfigException.class, read, function)
                    .getMessage();
            assertTrue(m.contains("CLUSTER_URL must be an https:// URL"), function + ": " + m);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> resources(Map<String, Object> t) {
        return (Map<String, Map<String, Object>>) t.get("Resources");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> properties(Map<String, Object> resource) {
        return (Map<String, Object>) resource.get("Properties");
    }

    /** sam local invoke only overrides variables the template declares (review I11). */
    @Test
    @SuppressWarnings("unchecked")
    void everyVariableOfTheLocalInvokeSamplesIsDeclaredAndValid() throws Exception {
        Map<String, Object> t = template();
        Map<String, Map<String, String>> samples = JSON.readValue(ROOT.resolve("events/sam-env.example.json").toFile(), Map.class);
        assertEquals(functions(t).keySet(), samples.keySet(), "one entry per function");
        for (Map.Entry<String, Map<String, String>> e : samples.entrySet()) {
            Set<String> declared = environment(t, e.getKey()).keySet();
            Set<String> dropped = new TreeSet<>(e.getValue().keySet());
            dropped.removeAll(declared);
            assertEquals(Set.of(), dropped, e.getKey() + ": variables SAM would drop");
            switch (e.getKey()) {
                case "PinWebhookFunction" -> assertTrue(WebhookConfig.fromEnvironment(e.getValue()).dynamoDbEndpoint().isPresent());
                case "HealthSweepFunction" -> assertTrue(SweepConfig.fromEnvironment(e.getValue()).dynamoDbEndpoint().isPresent());
                case "ChainReconcileFunction" -> assertTrue(ReconcileConfig.fromEnvironment(e.getValue()).dynamoDbEndpoint().isPresent());
                case "RetrievalProbeFunction" -> assertTrue(ProbeConfig.fromEnvironment(e.getValue()).dynamoDbEndpoint().isPresent());
                case "PinDrainFunction" -> assertTrue(DrainConfig.fromEnvironment(e.getValue()).dynamoDbEndpoint().isPresent());
                default -> StatusConfig.fromEnvironment(e.getValue());
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyFailureQueueKeepsMessagesTwoWeeksAndHasAnAlarm() throws Exception {
        Map<String, Object> t = template();
        Set<String> queues = new TreeSet<>();
        resources(t).forEach((name, r) -> {
            if ("AWS::SQS::Queue".equals(r.get("Type"))) {
                queues.add(name);
                assertEquals(1209600, properties(r).get("MessageRetentionPeriod"), name);
            }
        });
        Set<String> alarmed = new TreeSet<>();
        resources(t).values().stream().filter(r -> "AWS::CloudWatch::Alarm".equals(r.get("Type")))
                .map(SamTemplateTest::properties).filter(p -> "AWS/SQS".equals(p.get("Namespace"))).forEach(p -> {
                    assertEquals("ApproximateNumberOfMessagesVisible", p.get("MetricName"));
                    Map<String, Object> dim = ((List<Map<String, Object>>) p.get("Dimensions")).get(0);
                    alarmed.add(((List<String>) ((Map<String, Object>) dim.get("Value")).get("Fn::GetAtt")).get(0));
                });
        assertEquals(queues, alarmed);
        for (Map.Entry<String, Map<String, Object>> f : functions(t).entrySet()) {
            for (Map<String, Object> event : ((Map<String, Map<String, Object>>) f.getValue().get("Events")).values()) {
                if ("ScheduleV2".equals(event.get("Type"))) {
                    Map<String, Object> p = (Map<String, Object>) event.get("Properties");
                    Map<String, Object> dlq = (Map<String, Object>) p.get("DeadLetterConfig");
                    assertTrue(dlq.get("Arn") instanceof Map<?, ?> arn && queues.contains(((List<String>) arn.get("Fn::GetAtt")).get(0)),
                            f.getKey() + ": the schedule's dead-letter queue is one of ours, not SAM's 4-day default: " + dlq);
                    assertTrue(String.valueOf(p.get("Name")).contains("${AWS::StackName}"), f.getKey() + ": schedule name scoped to the stack");
                }
            }
        }
    }

    /** The functions publish their metrics where the alarms read them, in a namespace of the stack's own (review I9). */
    @Test
    @SuppressWarnings("unchecked")
    void customMetricAlarmsReadTheNamespaceTheFunctionsWriteAndItIsTheStacks() throws Exception {
        Map<String, Object> t = template();
        String written = WebhookConfig.fromEnvironment(environment(t, "PinWebhookFunction")).metricsNamespace();
        assertEquals(written, SweepConfig.fromEnvironment(environment(t, "HealthSweepFunction")).metricsNamespace());
        assertEquals(written, ReconcileConfig.fromEnvironment(environment(t, "ChainReconcileFunction")).metricsNamespace());
        assertEquals(written, ProbeConfig.fromEnvironment(environment(t, "RetrievalProbeFunction")).metricsNamespace());
        assertEquals(written, DrainConfig.fromEnvironment(environment(t, "PinDrainFunction")).metricsNamespace());
        assertTrue(written.contains("grokme-pinning"), "scoped to the stack: " + written);
        Map<String, Object> params = (Map<String, Object>) t.get("Parameters");
        List<String> read = resources(t).values().stream().filter(r -> "AWS::CloudWatch::Alarm".equals(r.get("Type")))
                .map(r -> properties(r).get("Namespace")).filter(ns -> !(ns instanceof String s && s.startsWith("AWS/")))
                .map(ns -> render(ns, params)).toList();
        assertFalse(read.isEmpty());
        read.forEach(ns -> assertEquals(written, ns));
    }

    /**
     * A pin is dead-lettered by whichever function sent it last — webhook, reconciliation (mints and deep pins), sweep or
     * drain, all through PinSubmitter — so each one's log group counts the dead-letter line into the one metric the alarm
     * reads (the alarm once read a metric only the drain wrote).
     */
    @Test
    @SuppressWarnings("unchecked")
    void deadLettersFromEveryFunctionThatSubmitsPinsReachTheOneAlarm() throws Exception {
        Map<String, Object> t = template();
        Map<String, Object> params = (Map<String, Object>) t.get("Parameters");
        Map<String, Object> alarm = properties(resources(t).get("DeadLetteredPinsAlarm"));
        assertEquals(null, alarm.get("Dimensions"), "a metric filter's metric has no dimensions");
        String pattern = "{ $.event = \"" + me.grokme.pinning.submit.PinSubmitter.DEAD_LETTER_EVENT + "\" }";
        Set<String> counted = new TreeSet<>();
        for (Map<String, Object> r : resources(t).values()) {
            if ("AWS::Logs::MetricFilter".equals(r.get("Type")) && pattern.equals(properties(r).get("FilterPattern"))) {
                Map<String, Object> metric = ((List<Map<String, Object>>) properties(r).get("MetricTransformations")).get(0);
                assertEquals(alarm.get("MetricName"), metric.get("MetricName"));
                assertEquals(render(alarm.get("Namespace"), params), render(metric.get("MetricNamespace"), params));
                counted.add((String) ((Map<String, Object>) properties(r).get("LogGroupName")).get("Ref"));
            }
        }
        Set<String> submitting = new TreeSet<>();
        for (String fn : List.of("PinWebhookFunction", "ChainReconcileFunction", "HealthSweepFunction", "PinDrainFunction")) {
            submitting.add((String) ((Map<String, Object>) ((Map<String, Object>) functions(t).get(fn).get("LoggingConfig")).get("LogGroup")).get("Ref"));
        }
        assertEquals(submitting, counted);
    }

    /**
     * Each sweep size class holds together: the repair budget and the cluster stream deadline end before the function's
     * timeout, the lease outlasts it (no second sweep while one runs), and the memory leaves the JVM the heap the
     * benchmark measured for that many CIDs (BENCHMARKS.md: ~256 MiB at 1 M, ~1 GiB at 10 M).
     */
    @Test
    @SuppressWarnings("unchecked")
    void eachSweepScaleFitsItsTimeoutAndTheHeapItsCidsNeed() throws Exception {
        Map<String, Object> t = template();
        Map<String, Object> scale = (Map<String, Object>) ((Map<String, Object>) t.get("Parameters")).get("SweepScale");
        Map<String, Long> heapMiB = Map.of("up-to-1m", 256L, "up-to-10m", 1024L);
        assertEquals(heapMiB.keySet(), Set.copyOf((List<String>) scale.get("AllowedValues")));
        for (String size : heapMiB.keySet()) {
            scale.put("Default", size);
            Map<String, Object> params = (Map<String, Object>) t.get("Parameters");
            Map<String, Object> fn = functions(t).get("HealthSweepFunction");
            Duration timeout = Duration.ofSeconds(Long.parseLong(render(fn.get("Timeout"), params)));
            long memory = Long.parseLong(render(fn.get("MemorySize"), params));
            SweepConfig c = SweepConfig.fromEnvironment(environment(t, "HealthSweepFunction"));
            assertTrue(c.timeBudget().plusSeconds(30).compareTo(timeout) <= 0, size + ": SWEEP_TIME_BUDGET ends before Timeout");
            assertTrue(c.clusterStreamDeadline().compareTo(c.timeBudget()) <= 0, size + ": a stream ends inside the budget");
            assertTrue(c.leaseDuration().compareTo(timeout) > 0, size + ": SWEEP_LEASE outlasts Timeout");
            assertTrue(timeout.compareTo(Duration.ofMinutes(15)) <= 0, size + ": Lambda's maximum");
            assertTrue(memory >= heapMiB.get(size) * 3 / 2, size + ": MemorySize " + memory + " leaves room for a " + heapMiB.get(size) + " MiB heap");
        }
    }

    /** A group named /aws/lambda/<fn> races Lambda's own creation of it (review M2); our own group is made first. */
    @Test
    @SuppressWarnings("unchecked")
    void eachFunctionLogsToItsOwnGroupWithRetention() throws Exception {
        Map<String, Object> t = template();
        Set<String> groups = new TreeSet<>();
        for (Map.Entry<String, Map<String, Object>> f : functions(t).entrySet()) {
            Map<String, Object> logging = (Map<String, Object>) f.getValue().get("LoggingConfig");
            assertTrue(logging != null && logging.get("LogGroup") instanceof Map<?, ?>, f.getKey() + ": LoggingConfig.LogGroup");
            String group = (String) ((Map<String, Object>) logging.get("LogGroup")).get("Ref");
            Map<String, Object> resource = resources(t).get(group);
            assertEquals("AWS::Logs::LogGroup", resource.get("Type"), f.getKey());
            assertEquals(Map.of("Ref", "LogRetentionDays"), properties(resource).get("RetentionInDays"), group);
            String name = (String) ((Map<String, Object>) properties(resource).get("LogGroupName")).get("Fn::Sub");
            assertTrue(name.contains("${AWS::StackName}") && !name.startsWith("/aws/lambda/"), name);
            assertTrue(groups.add(name), "one group per function: " + name);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void reservedConcurrencyIsOptionalAndOffByDefault() throws Exception {
        Map<String, Object> t = template();
        for (Map.Entry<String, Map<String, Object>> f : functions(t).entrySet()) {
            Object reserved = f.getValue().get("ReservedConcurrentExecutions");
            if (reserved != null) {
                List<Object> branches = (List<Object>) ((Map<String, Object>) reserved).get("Fn::If");
                assertEquals("ReservesConcurrency", branches.get(0), f.getKey());
                assertEquals(Map.of("Ref", "AWS::NoValue"), branches.get(2), f.getKey());
            }
        }
        Map<String, Object> p = (Map<String, Object>) ((Map<String, Object>) t.get("Parameters")).get("ReserveConcurrency");
        assertEquals("false", p.get("Default"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyRouteHasItsOwnThrottle() throws Exception {
        Map<String, Object> t = template();
        Set<String> routes = new TreeSet<>();
        for (Map<String, Object> f : functions(t).values()) {
            for (Map<String, Object> event : ((Map<String, Map<String, Object>>) f.get("Events")).values()) {
                if ("HttpApi".equals(event.get("Type"))) {
                    Map<String, Object> p = (Map<String, Object>) event.get("Properties");
                    routes.add(p.get("Method") + " " + p.get("Path"));
                }
            }
        }
        Map<String, Object> settings = (Map<String, Object>) properties(resources(t).get("Api")).get("RouteSettings");
        assertEquals(routes, new TreeSet<>(settings.keySet()));
    }

    @Test
    @SuppressWarnings("unchecked")
    void theStatusRoutesAreServedReadOnlyByACdnKeyedByOriginWithAPerIpRateLimit() throws Exception {
        Map<String, Object> t = template();
        Map<String, Object> param = (Map<String, Object>) ((Map<String, Object>) t.get("Parameters")).get("StatusCdn");
        assertEquals("true", param.get("Default"), "on unless turned off");
        Map<String, Object> config = (Map<String, Object>) properties(resources(t).get("StatusDistribution")).get("DistributionConfig");
        Map<String, Object> behaviour = (Map<String, Object>) config.get("DefaultCacheBehavior");
        assertEquals(List.of("GET", "HEAD", "OPTIONS"), behaviour.get("AllowedMethods"), "nothing that writes passes the CDN");
        Map<String, Object> policy = (Map<String, Object>) properties(resources(t).get("StatusCachePolicy")).get("CachePolicyConfig");
        Map<String, Object> key = (Map<String, Object>) policy.get("ParametersInCacheKeyAndForwardedToOrigin");
        assertEquals(List.of("Origin"), ((Map<String, Object>) key.get("HeadersConfig")).get("Headers"),
                "the function answers CORS per Origin: one origin's answer must not be served to another");
        assertEquals((long) StatusConfig.fromEnvironment(Map.of("LEDGER_TABLE", "t")).cacheMaxAge().toSeconds(),
                ((Number) policy.get("DefaultTTL")).longValue(), "the edge keeps what the function says a browser may keep");
        assertTrue(config.get("WebACLId").toString().contains("StatusWebAclArn") && config.get("WebACLId").toString().contains("StatusWebAcl"),
                "the given web ACL, or the one the stack creates in us-east-1");
        for (Map<String, Object> template : List.of(t, wafTemplate())) {
            Map<String, Object> acl = properties(resources(template).get("StatusWebAcl"));
            assertEquals("CLOUDFRONT", acl.get("Scope"));
            Map<String, Object> rule = ((List<Map<String, Object>>) acl.get("Rules")).get(0);
            Map<String, Object> rate = (Map<String, Object>) ((Map<String, Object>) rule.get("Statement")).get("RateBasedStatement");
            assertEquals("IP", rate.get("AggregateKeyType"));
            assertEquals(Map.of("Block", Map.of()), rule.get("Action"));
        }
    }

    @Test
    void theStatusFunctionsLedgerBudgetLeavesRoomInsideItsTimeout() throws Exception {
        Object timeout = properties(resources(template()).get("StatusFunction")).get("Timeout");
        Duration budget = StatusConfig.fromEnvironment(Map.of("LEDGER_TABLE", "t")).ledgerCallBudget();
        assertTrue(budget.multipliedBy(2).compareTo(Duration.ofSeconds(((Number) timeout).longValue())) < 0,
                "a slow DynamoDB must end in the function's JSON 503 before Lambda's timeout: " + budget + " vs " + timeout + " s");
    }

    /** The policy of a {@code !If [condition, policy, !Ref AWS::NoValue]} item. */
    @SuppressWarnings("unchecked")
    private static java.util.Optional<Object> conditional(Object item) {
        return item instanceof Map<?, ?> m && m.containsKey("Fn::If") ? java.util.Optional.of(((List<Object>) m.get("Fn::If")).get(1))
                : java.util.Optional.empty();
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyFunctionThatReadsASecretMayDecryptItWithTheCustomerKeyWhenOneIsGiven() throws Exception {
        for (Map.Entry<String, Map<String, Object>> f : functions(template()).entrySet()) {
            List<Object> policies = (List<Object>) f.getValue().get("Policies");
            boolean readsSecrets = policies.toString().contains("secretsmanager:GetSecretValue");
            List<Object> kms = policies.stream().filter(p -> p.toString().contains("kms:Decrypt")).toList();
            assertEquals(readsSecrets ? 1 : 0, kms.size(), f.getKey());
            if (readsSecrets) {
                assertEquals("HasSecretsKmsKey", ((List<Object>) ((Map<String, Object>) kms.get(0)).get("Fn::If")).get(0), f.getKey());
                String statement = conditional(kms.get(0)).orElseThrow().toString();
                assertTrue(statement.contains("SecretsKmsKeyArn") && statement.contains("kms:ViaService"),
                        f.getKey() + ": that key only, and only through Secrets Manager: " + statement);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> wafTemplate() throws Exception {
        try (InputStream in = Files.newInputStream(ROOT.resolve("infrastructure/status-waf/template.yaml"))) {
            return (Map<String, Object>) new Yaml(new CfnConstructor()).load(in);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void secretParametersTakeFullArnsAndTheSweepIntervalDrivesScheduleAndAlarms() throws Exception {
        Map<String, Object> t = template();
        for (String name : List.of("ClusterCredentialsSecretArn", "WebhookSecretsArn", "ChainRpcSecretArn")) {
            assertTrue(allowed(t, name, sample(name, (Map<String, Object>) t.get("Parameters"))), name);
            assertFalse(allowed(t, name, "grokme/cluster-api"), name + ": a name does not match the IAM resource");
            assertFalse(allowed(t, name, "arn:aws:secretsmanager:eu-central-1:123456789012:secret:grokme"), name + ": partial ARN");
        }
        Map<String, Object> interval = (Map<String, Object>) ((Map<String, Object>) t.get("Parameters")).get("SweepIntervalMinutes");
        Map<String, Map<String, Object>> seconds = (Map<String, Map<String, Object>>) ((Map<String, Object>) t.get("Mappings")).get("SweepIntervals");
        assertEquals(((List<Object>) interval.get("AllowedValues")).stream().map(String::valueOf).collect(java.util.stream.Collectors.toSet()),
                seconds.keySet());
        seconds.forEach((minutes, row) -> assertEquals(Integer.parseInt(minutes) * 60, row.get("Seconds"), minutes));
    }

    /** A value as CloudFormation would resolve it, with parameter defaults or plausible sample values. */
    @SuppressWarnings("unchecked")
    private static String render(Object v, Map<String, Object> params) {
        if (v instanceof String s) {
            return s;
        }
        if (v instanceof Number n) {
            return n.toString();
        }
        Map<String, Object> fn = (Map<String, Object>) v;
        if (fn.containsKey("Ref")) {
            return sample((String) fn.get("Ref"), params);
        }
        if (fn.containsKey("Fn::Sub")) {
            Matcher m = Pattern.compile("\\$\\{([^}]+)}").matcher((String) fn.get("Fn::Sub"));
            StringBuilder sb = new StringBuilder();
            while (m.find()) {
                m.appendReplacement(sb, Matcher.quoteReplacement(sample(m.group(1), params)));
            }
            return m.appendTail(sb).toString();
        }
        if (fn.containsKey("Fn::FindInMap")) {
            List<Object> args = (List<Object>) fn.get("Fn::FindInMap");
            Map<String, Object> map = (Map<String, Object>) MAPPINGS.get(render(args.get(0), params));
            return render(((Map<String, Object>) map.get(render(args.get(1), params))).get(render(args.get(2), params)), params);
        }
        throw new AssertionError("unexpected intrinsic in an environment variable: " + v);
    }

    private static final Map<String, Object> MAPPINGS = mappings();

    @SuppressWarnings("unchecked")
    private static Map<String, Object> mappings() {
        try {
            return (Map<String, Object>) template().get("Mappings");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static String sample(String name, Map<String, Object> params) {
        if (name.equals("LedgerTable")) {
            return "grokme-ledger";
        }
        if (name.equals("AWS::StackName")) {
            return "grokme-pinning";
        }
        Map<String, Object> p = (Map<String, Object>) params.get(name);
        assertTrue(p != null, "reference to an unknown parameter " + name);
        if (name.equals("ContractAddresses")) {
            // Empty by default (Capsules is the other form): a deployment sets one of the two (the template's rule).
            return "0x7a3f6c1d2b9e4f5a8c0d1e2f3a4b5c6d7e8f9a0b";
        }
        if (p.containsKey("Default")) {
            return String.valueOf(p.get("Default"));
        }
        return switch (name) {
            case "ClusterUrl" -> "https://cluster.example:9094";
            case "ProbeGateways" -> "eu=https://eu.gw.example,us=https://us.gw.example,asia=https://asia.gw.example";
            default -> "arn:aws:secretsmanager:eu-central-1:123456789012:secret:" + name + "-AbC12z";
        };
    }

    /** The parameter's AllowedPattern, applied as CloudFormation does (the whole value must match). */
    @SuppressWarnings("unchecked")
    private static boolean allowed(Map<String, Object> t, String parameter, String value) {
        Map<String, Object> p = (Map<String, Object>) ((Map<String, Object>) t.get("Parameters")).get(parameter);
        return Pattern.compile((String) p.get("AllowedPattern")).matcher(value).matches();
    }

    @Test
    void theContentSourceParameterAcceptsOnlyTlsSources() throws Exception {
        Map<String, Object> t = template();
        for (String ok : List.of("", "gateway:https://ipfs.io", "ipfs-api:https://rpc.example")) {
            assertTrue(allowed(t, "ContentSource", ok), ok);
        }
        for (String refused : List.of("ipfs-api:http://peer.example:9095", "gateway:http://ipfs.io", "https://ipfs.io")) {
            assertFalse(allowed(t, "ContentSource", refused), refused);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void eachFunctionMayDoExactlyTheTableCallsItsCodeMakes() throws Exception {
        Map<String, List<String>> sources = Map.of(
                "PinWebhookFunction", List.of("functions/core/src/main/java/me/grokme/pinning/ledger/DynamoDbLedger.java"),
                "HealthSweepFunction", List.of("functions/core/src/main/java/me/grokme/pinning/ledger/DynamoDbLedger.java",
                        "functions/health-sweep/src/main/java/me/grokme/pinning/sweep/SweepStore.java",
                        "functions/health-sweep/src/main/java/me/grokme/pinning/sweep/StateBuckets.java",
                        "functions/core/src/main/java/me/grokme/pinning/availability/AvailabilityStore.java"),
                "ChainReconcileFunction", List.of("functions/core/src/main/java/me/grokme/pinning/ledger/DynamoDbLedger.java"),
                "StatusFunction", List.of("functions/core/src/main/java/me/grokme/pinning/ledger/DynamoDbStatusQueries.java"),
                "PinDrainFunction", List.of("functions/core/src/main/java/me/grokme/pinning/ledger/DynamoDbLedger.java"),
                "RetrievalProbeFunction", List.of("functions/retrieval-probe/src/main/java/me/grokme/pinning/probe/ProbeStore.java"));
        Map<String, Map<String, Object>> fns = functions(template());
        for (Map.Entry<String, List<String>> e : sources.entrySet()) {
            Set<String> used = new TreeSet<>();
            for (String file : e.getValue()) {
                Matcher m = Pattern.compile("(?:dynamo\\.|BatchReads\\.)(\\w+)\\(").matcher(Files.readString(ROOT.resolve(file)));
                while (m.find()) {
                    switch (m.group(1)) {
                        // A transaction needs the permission of each action inside it (here: Put and Update).
                        case "transactWriteItems" -> used.addAll(List.of("dynamodb:PutItem", "dynamodb:UpdateItem"));
                        // The ledger's batched reads (BatchReads.getAll) are BatchGetItem calls.
                        case "getAll" -> used.add("dynamodb:BatchGetItem");
                        default -> used.add("dynamodb:" + Character.toUpperCase(m.group(1).charAt(0)) + m.group(1).substring(1));
                    }
                }
            }
            Set<String> granted = new TreeSet<>();
            for (Object item : (List<Object>) fns.get(e.getKey()).get("Policies")) {
                Object policy = conditional(item).orElse(item);
                assertTrue(policy instanceof Map<?, ?> m && m.containsKey("Statement"), e.getKey() + ": only inline statements, no broad templates");
                for (Map<String, Object> st : (List<Map<String, Object>>) ((Map<String, Object>) policy).get("Statement")) {
                    Object actions = st.get("Action");
                    for (Object a : actions instanceof List<?> l ? l : List.of(actions)) {
                        if (((String) a).startsWith("dynamodb:")) {
                            granted.add((String) a);
                        }
                    }
                }
            }
            assertEquals(used, granted, e.getKey());
        }
        assertFalse(fns.get("StatusFunction").toString().contains("PutItem"), "the status function can only read");
    }
}
