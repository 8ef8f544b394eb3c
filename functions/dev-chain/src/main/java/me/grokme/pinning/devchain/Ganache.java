package me.grokme.pinning.devchain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;

/**
 * A real EVM for tests, benchmarks and {@code bin/local --ganache}: ganache (from npm, installed into contracts/node_modules by bin/test) started as a
 * child process on a free loopback port, plus the few JSON-RPC calls tests need to deploy the contracts in
 * contracts/src, mint, and simulate reorganisations (evm_snapshot / evm_revert / evm_mine). Accounts are
 * ganache's unlocked deterministic ones, so transactions are sent with eth_sendTransaction.
 *
 * <p>Development tooling, never deployed (like the cluster simulator). Where ganache is not installed, tests
 * skip with {@link #missing()} as the message — unless {@code GROKME_REQUIRE_GANACHE} is set (bin/test sets
 * it): then {@link #canRun()} is true and {@link #start()} fails, so CI never silently skips the chain tests.
 */
public final class Ganache implements AutoCloseable {

    public static final long CHAIN_ID = 1337;
    private static final MediaType JSON_TYPE = MediaType.get("application/json");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final URI url;
    private final OkHttpClient http = new OkHttpClient.Builder().callTimeout(30, TimeUnit.SECONDS).build();
    private final AtomicLong ids = new AtomicLong();
    private final String account;
    private final Path contractsDir;

    private Ganache(Process process, URI url, Path contractsDir) {
        this.process = process;
        this.url = url;
        this.contractsDir = contractsDir;
        this.account = call("eth_accounts", List.of()).get(0).asText();
    }

    /** The project's contracts/ directory (system property {@code contracts.dir}, else found upwards from the working directory). */
    public static Path contractsDir() {
        String prop = System.getProperty("contracts.dir");
        if (prop != null && Files.isDirectory(Path.of(prop))) {
            return Path.of(prop);
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("contracts/package.json"))) {
                return p.resolve("contracts");
            }
        }
        throw new IllegalStateException("contracts/ not found above " + Path.of("").toAbsolutePath());
    }

    private static final String CLI = "node_modules/ganache/dist/node/cli.js";
    private static final String SOLC = "node_modules/solc/soljson.js";

    /** True when the chain tools are installed, or when they are required (then a missing install fails loudly). */
    public static boolean canRun() {
        return System.getenv("GROKME_REQUIRE_GANACHE") != null
                || (Files.isRegularFile(contractsDir().resolve(CLI)) && Files.isRegularFile(contractsDir().resolve(SOLC)));
    }

    /** Why {@link #canRun()} is false, as a skip message. */
    public static String missing() {
        return contractsDir().resolve("node_modules") + " lacks ganache/solc: install the chain tools with "
                + "`npm ci --prefix contracts` (bin/test does)";
    }

    public static Ganache start() {
        Path cli = contractsDir().resolve(CLI);
        if (!Files.isRegularFile(cli)) {
            throw new IllegalStateException(missing());
        }
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ProcessBuilder pb = new ProcessBuilder("node", cli.toString(), "--server.host", "127.0.0.1", "--server.port", Integer.toString(port),
                "--wallet.deterministic", "--chain.chainId", Long.toString(CHAIN_ID), "--chain.hardfork", "merge",
                "--miner.instamine", "eager", "--miner.blockGasLimit", "0x1C9C380")
                .redirectErrorStream(true);
        try {
            Process p = pb.start();
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            // Ready when it says so; the rest of its output (one line per RPC method) is drained so the pipe never fills.
            List<String> seen = Collections.synchronizedList(new ArrayList<>());
            CompletableFuture<Void> ready = CompletableFuture.runAsync(() -> {
                try {
                    String line;
                    while ((line = out.readLine()) != null) {
                        if (line.startsWith("RPC Listening on")) {
                            return;
                        }
                        seen.add(line);
                    }
                    throw new IllegalStateException("ganache exited before listening: "
                            + String.join(" | ", seen.subList(Math.max(0, seen.size() - 5), seen.size())));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            try {
                ready.get(60, TimeUnit.SECONDS);
            } catch (TimeoutException | ExecutionException e) {
                p.destroyForcibly();
                throw new IllegalStateException("ganache did not start: " + e, e);
            }
            Thread drain = new Thread(() -> {
                try {
                    while (out.readLine() != null) {
                        // discard
                    }
                } catch (IOException ignored) {
                    // process ended
                }
            }, "ganache-drain");
            drain.setDaemon(true);
            drain.start();
            return new Ganache(p, URI.create("http://127.0.0.1:" + port), contractsDir());
        } catch (IOException e) {
            throw new UncheckedIOException("could not run node (Node.js is needed for ganache)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public URI url() {
        return url;
    }

    public String account() {
        return account;
    }

    /** Raw JSON-RPC; throws when the node answers with an error. */
    public JsonNode call(String method, List<?> params) {
        try {
            String body = JSON.writeValueAsString(Map.of("jsonrpc", "2.0", "id", ids.incrementAndGet(), "method", method, "params", params));
            try (Response r = http.newCall(new Request.Builder().url(url.toString()).post(RequestBody.create(body, JSON_TYPE)).build())
                    .execute()) {
                JsonNode answer = JSON.readTree(r.body().bytes());
                if (answer.has("error")) {
                    throw new IllegalStateException(method + ": " + answer.get("error"));
                }
                return answer.get("result");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deploys build/{name}.json's bytecode; returns the contract address (lower case). */
    public String deploy(String name) {
        try {
            JsonNode artifact = JSON.readTree(contractsDir.resolve("build/" + name + ".json").toFile());
            JsonNode receipt = transact(Map.of("from", account, "data", artifact.get("bytecode").asText(), "gas", "0x2DC6C0"));
            return receipt.get("contractAddress").asText().toLowerCase();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends a transaction and returns its receipt (instamine: mined by the time the hash comes back). */
    public JsonNode transact(Map<String, String> tx) {
        String hash = call("eth_sendTransaction", List.of(tx)).asText();
        JsonNode receipt = call("eth_getTransactionReceipt", List.of(hash));
        if (!"0x1".equals(receipt.get("status").asText())) {
            throw new IllegalStateException("transaction reverted: " + hash);
        }
        return receipt;
    }

    public JsonNode send(String contract, Function function) {
        return transact(Map.of("from", account, "to", contract, "data", FunctionEncoder.encode(function), "gas", "0x1C9C380"));
    }

    public JsonNode send(String from, String contract, Function function) {
        return transact(Map.of("from", from, "to", contract, "data", FunctionEncoder.encode(function), "gas", "0x1C9C380"));
    }

    /** GrokmeGenesis.mintBatch(uris): one transaction, one Grokked log per URI. */
    public JsonNode mintBatch(String contract, List<String> uris) {
        List<Utf8String> values = new ArrayList<>();
        uris.forEach(u -> values.add(new Utf8String(u)));
        return send(contract, new Function("mintBatch", List.<Type>of(new DynamicArray<>(Utf8String.class, values)), List.of()));
    }

    /** GrokmeGenesis.mint(uri). */
    public JsonNode mint(String contract, String uri) {
        return send(contract, new Function("mint", List.<Type>of(new Utf8String(uri)), List.of()));
    }

    /** StandardMint721.mint(to, uri). */
    public JsonNode mint721(String contract, String to, String uri) {
        return send(contract, new Function("mint", List.<Type>of(new Address(to), new Utf8String(uri)), List.of()));
    }

    public long blockNumber() {
        return new BigInteger(call("eth_blockNumber", List.of()).asText().substring(2), 16).longValueExact();
    }

    /** Mines {@code n} empty blocks. */
    public void mine(int n) {
        call("evm_mine", List.of(Map.of("blocks", n)));
    }

    public String snapshot() {
        return call("evm_snapshot", List.of()).asText();
    }

    /** Drops every block after the snapshot: the chain's view of a reorganisation. */
    public void revert(String snapshot) {
        if (!call("evm_revert", List.of(snapshot)).asBoolean()) {
            throw new IllegalStateException("evm_revert refused snapshot " + snapshot);
        }
    }

    /** Other unlocked accounts (holders for transfers). */
    public List<String> accounts() {
        List<String> out = new ArrayList<>();
        call("eth_accounts", List.of()).forEach(a -> out.add(a.asText()));
        return out;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
