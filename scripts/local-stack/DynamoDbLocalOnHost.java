// DynamoDB Local bound to one address. Its jar has no host option: `-port` is all it takes, and its
// Jetty server listens on every interface. This launcher builds the same server from the same
// arguments, sets the host on its Jetty connector, then starts it:
//   java -cp <this dir>:DynamoDBLocal.jar:DynamoDBLocal_lib/* DynamoDbLocalOnHost <host> <DynamoDB Local's arguments>
// Compiled once into .cache/ by dynamodb-local.ts (needs javac, i.e. a JDK). Written against
// DynamoDB Local 1.25.1 (Jetty 9.4): if a newer jar renames the private field, this fails loudly.
import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import java.lang.reflect.Field;
import java.util.Arrays;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

public final class DynamoDbLocalOnHost {
  public static void main(String[] args) throws Exception {
    String host = args[0];
    DynamoDBProxyServer proxy =
        ServerRunner.createServerFromCommandLineArgs(Arrays.copyOfRange(args, 1, args.length));
    Field field = DynamoDBProxyServer.class.getDeclaredField("server");
    field.setAccessible(true);
    Server server = (Server) field.get(proxy);
    for (Connector connector : server.getConnectors()) ((ServerConnector) connector).setHost(host);
    proxy.start();
  }
}
