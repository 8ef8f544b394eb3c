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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
                    "ImportValue", "Base64", "GetAZs", "Cidr", "Condition")) {
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
        assertEquals(Set.of("PinWebhookFunction", "HealthSweepFunction", "ChainReconcileFunction", "StatusFunction", "RetrievalProbeFunction"),
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
            String codeUri = (String) e.getValue().get("CodeUri");
            assertTrue(codeUri.matches("functions/[a-z-]+/target/[a-z-]+-[0-9.]+(-SNAPSHOT)?-lambda\\.jar"), codeUri);
            assertTrue(Files.isDirectory(ROOT.resolve(codeUri.substring(0, codeUri.indexOf("/target/")))), codeUri);
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
        Map<String, Object> params = (Map<String, Object>) t.get("Parameters");
        Map<String, Object> globals = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) t.get("Globals"))
                .get("Function")).get("Environment")).get("Variables");
        for (Map.Entry<String, Map<String, Object>> e : functions(t).entrySet()) {
            Map<String, String> env = new HashMap<>();
            globals.forEach((k, v) -> env.put(k, render(v, params)));
            Map<String, Object> own = e.getValue().containsKey("Environment")
                    ? (Map<String, Object>) ((Map<String, Object>) e.getValue().get("Environment")).get("Variables") : Map.of();
            own.forEach((k, v) -> env.put(k, render(v, params)));
            switch (e.getKey()) {
                case "PinWebhookFunction" -> {
                    WebhookConfig c = WebhookConfig.fromEnvironment(env);
                    assertEquals(Set.of("alchemy", "quicknode", "moralis", "logs"), c.providerSecrets().keySet());
                    assertTrue(c.clusterCredentials().isPresent());
                }
                case "HealthSweepFunction" -> assertTrue(SweepConfig.fromEnvironment(env).clusterCredentials().isPresent());
                case "ChainReconcileFunction" -> {
                    ReconcileConfig c = ReconcileConfig.fromEnvironment(env);
                    assertTrue(c.clusterCredentials().isPresent());
                    assertEquals(12, c.settings().confirmations());
                }
                case "StatusFunction" -> StatusConfig.fromEnvironment(env);
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
        throw new AssertionError("unexpected intrinsic in an environment variable: " + v);
    }

    @SuppressWarnings("unchecked")
    private static String sample(String name, Map<String, Object> params) {
        if (name.equals("LedgerTable")) {
            return "grokme-ledger";
        }
        Map<String, Object> p = (Map<String, Object>) params.get(name);
        assertTrue(p != null, "reference to an unknown parameter " + name);
        if (p.containsKey("Default")) {
            return String.valueOf(p.get("Default"));
        }
        return switch (name) {
            case "ClusterUrl" -> "https://cluster.example:9094";
            case "ContractAddresses" -> "0x7a3f6c1d2b9e4f5a8c0d1e2f3a4b5c6d7e8f9a0b";
            case "ProbeGateways" -> "eu=https://eu.gw.example,us=https://us.gw.example,asia=https://asia.gw.example";
            default -> "arn:aws:secretsmanager:eu-central-1:123456789012:secret:" + name;
        };
    }

    @Test
    @SuppressWarnings("unchecked")
    void eachFunctionMayDoExactlyTheTableCallsItsCodeMakes() throws Exception {
        Map<String, List<String>> sources = Map.of(
                "PinWebhookFunction", List.of("functions/core/src/main/java/me/grokme/pinning/ledger/DynamoDbLedger.java"),
                "HealthSweepFunction", List.of("functions/core/src/main/java/me/grokme/pinning/ledger/DynamoDbLedger.java",
                        "functions/health-sweep/src/main/java/me/grokme/pinning/sweep/SweepStore.java"),
                "ChainReconcileFunction", List.of("functions/core/src/main/java/me/grokme/pinning/ledger/DynamoDbLedger.java"),
                "StatusFunction", List.of("functions/status-api/src/main/java/me/grokme/pinning/status/StatusReader.java"),
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
            for (Object policy : (List<Object>) fns.get(e.getKey()).get("Policies")) {
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
