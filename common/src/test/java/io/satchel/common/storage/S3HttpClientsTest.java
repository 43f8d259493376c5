package io.satchel.common.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

class S3HttpClientsTest {

    @Test
    void socketsToTheStoreHaveNagleOff() throws Exception {
        OkHttpClient http = S3HttpClients.tuned(12);
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                Socket viaHostPort = http.socketFactory().createSocket("127.0.0.1", server.getLocalPort());
                Socket unconnected = http.socketFactory().createSocket()) {
            assertTrue(viaHostPort.getTcpNoDelay());
            assertTrue(unconnected.getTcpNoDelay(), "okhttp connects sockets it created unconnected");
        } finally {
            http.dispatcher().executorService().shutdown();
        }
    }

    @Test
    void concurrencyIsTheCallersNotOkhttpsFivePerHost() {
        OkHttpClient http = S3HttpClients.tuned(12);
        assertEquals(12, http.dispatcher().getMaxRequestsPerHost());
        assertEquals(12, http.dispatcher().getMaxRequests());
        http.dispatcher().executorService().shutdown();
    }

    @Test
    void aSilentStoreFailsTheCallWithinAMinuteNotOkhttpsFive() {
        OkHttpClient http = S3HttpClients.tuned(1);
        assertTrue(http.readTimeoutMillis() <= 60_000 && http.readTimeoutMillis() > 0, "read " + http.readTimeoutMillis());
        assertTrue(http.writeTimeoutMillis() <= 60_000 && http.writeTimeoutMillis() > 0);
        assertTrue(http.connectTimeoutMillis() <= 10_000 && http.connectTimeoutMillis() > 0);
        http.dispatcher().executorService().shutdown();
    }
}
