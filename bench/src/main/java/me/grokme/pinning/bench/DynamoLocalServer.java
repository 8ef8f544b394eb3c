package me.grokme.pinning.bench;

import java.util.concurrent.CountDownLatch;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

/** DynamoDB Local as a loopback server in its own JVM, so a benchmarked JVM's heap holds only the code under test. */
public final class DynamoLocalServer {

    private DynamoLocalServer() {
    }

    public static void main(String[] args) throws Exception {
        DynamoDBProxyServer server = ServerRunner.createServerFromCommandLineArgs(new String[] {"-inMemory", "-port", args[0]});
        server.start();
        System.out.println("dynamodb-local ready on " + args[0]);
        System.out.flush();
        new CountDownLatch(1).await();
    }
}
