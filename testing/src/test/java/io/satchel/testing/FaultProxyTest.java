package io.satchel.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import org.junit.jupiter.api.Test;

class FaultProxyTest {

    @Test
    void aClientOfADeadTargetSeesItsConnectionEndAtOnce() throws Exception {
        int dead;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            dead = s.getLocalPort(); // nobody listens there once closed
        }
        FaultProxy proxy = new FaultProxy("127.0.0.1", dead);
        try (Socket client = new Socket("127.0.0.1", proxy.port())) {
            client.setSoTimeout(5_000); // a proxy that kept the socket open would fail this read with a timeout
            try (InputStream in = client.getInputStream()) {
                assertEquals(-1, in.read(), "the proxy closes the client's side when the target refuses");
            }
        } finally {
            proxy.cut();
        }
    }

    @Test
    void bytesPassBothWaysWhileTheTargetListens() throws Exception {
        try (ServerSocket target = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            FaultProxy proxy = new FaultProxy("127.0.0.1", target.getLocalPort());
            try (Socket client = new Socket("127.0.0.1", proxy.port()); Socket served = target.accept()) {
                client.setSoTimeout(5_000);
                client.getOutputStream().write('a');
                assertEquals('a', served.getInputStream().read());
                served.getOutputStream().write('b');
                assertEquals('b', client.getInputStream().read());
            } finally {
                proxy.cut();
            }
        }
    }
}
