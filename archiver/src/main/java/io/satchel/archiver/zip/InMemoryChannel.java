package io.satchel.archiver.zip;

import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SeekableByteChannel;
import java.util.Arrays;

/**
 * A seekable channel over a byte array that grows by doubling, to build a small zip in memory and read it back.
 * (commons-compress' SeekableInMemoryByteChannel copies its whole array on every write past its current size, which
 * turns building a zip into megabytes of garbage per block.)
 */
public final class InMemoryChannel implements SeekableByteChannel {
    private byte[] data;
    private int size;
    private int position;
    private boolean open = true;

    /** An empty channel with room for {@code capacity} bytes before it grows. */
    public InMemoryChannel(int capacity) {
        this.data = new byte[Math.max(16, capacity)];
    }

    /** A channel over the first {@code size} bytes of {@code data} (not copied). */
    public InMemoryChannel(byte[] data, int size) {
        this.data = data;
        this.size = size;
    }

    /** The backing array; its first {@link #size()} bytes are the content. */
    public byte[] array() {
        return data;
    }

    @Override
    public int read(ByteBuffer dst) throws ClosedChannelException {
        ensureOpen();
        if (position >= size) {
            return -1;
        }
        int n = Math.min(dst.remaining(), size - position);
        dst.put(data, position, n);
        position += n;
        return n;
    }

    @Override
    public int write(ByteBuffer src) throws ClosedChannelException {
        ensureOpen();
        int n = src.remaining();
        int end = Math.addExact(position, n);
        if (end > data.length) {
            data = Arrays.copyOf(data, Math.max(end, (int) Math.min(Integer.MAX_VALUE - 8, 2L * data.length)));
        }
        src.get(data, position, n);
        position = end;
        size = Math.max(size, end);
        return n;
    }

    @Override
    public long position() {
        return position;
    }

    @Override
    public SeekableByteChannel position(long newPosition) throws ClosedChannelException {
        ensureOpen();
        if (newPosition < 0 || newPosition > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("position " + newPosition);
        }
        position = (int) newPosition;
        return this;
    }

    /** The content size; still answers once closed (the writer closes the channel when the zip is finished). */
    @Override
    public long size() {
        return size;
    }

    @Override
    public SeekableByteChannel truncate(long newSize) {
        if (newSize < size) {
            size = (int) Math.max(0, newSize);
        }
        position = Math.min(position, size);
        return this;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void close() {
        open = false;
    }

    private void ensureOpen() throws ClosedChannelException {
        if (!open) {
            throw new ClosedChannelException();
        }
    }
}
