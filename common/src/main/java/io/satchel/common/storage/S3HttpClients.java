package io.satchel.common.storage;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.concurrent.TimeUnit;
import javax.net.SocketFactory;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;

/**
 * The HTTP client under every S3 call. minio-java's default okhttp client keeps Nagle's algorithm on, so a small PUT's
 * body waits for the delayed ACK of its headers (~40 ms per request, measured in the archiver benchmark), and allows
 * only 5 requests per host at once. Here sockets have TCP_NODELAY and the concurrency is the caller's.
 */
public final class S3HttpClients {
    private S3HttpClients() {
    }

    public static OkHttpClient tuned(int maxConcurrent) {
        Dispatcher dispatcher = new Dispatcher();
        dispatcher.setMaxRequests(maxConcurrent);
        dispatcher.setMaxRequestsPerHost(maxConcurrent);
        return new OkHttpClient.Builder()
                .socketFactory(new NoDelaySocketFactory())
                .dispatcher(dispatcher)
                .connectionPool(new ConnectionPool(maxConcurrent, 5, TimeUnit.MINUTES))
                // a half-open connection (a store that died without a FIN) fails within a minute and is retried,
                // rather than holding a course for okhttp's 5 min; these bound silence per read/write, not a transfer
                .connectTimeout(10, TimeUnit.SECONDS).writeTimeout(1, TimeUnit.MINUTES)
                .readTimeout(1, TimeUnit.MINUTES)
                .build();
    }

    /** Plain sockets with Nagle's algorithm off. */
    static final class NoDelaySocketFactory extends SocketFactory {
        private static Socket noDelay(Socket s) throws IOException {
            s.setTcpNoDelay(true);
            return s;
        }

        @Override
        public Socket createSocket() throws IOException {
            return noDelay(new Socket());
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return noDelay(new Socket(host, port));
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress local, int localPort) throws IOException {
            return noDelay(new Socket(host, port, local, localPort));
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return noDelay(new Socket(host, port));
        }

        @Override
        public Socket createSocket(InetAddress host, int port, InetAddress local, int localPort) throws IOException {
            return noDelay(new Socket(host, port, local, localPort));
        }
    }
}
