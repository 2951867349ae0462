package dev.confidant.platform.events;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The Merkle tree of a batch of records (RFC 9162 §2.1: SHA-256, leaves prefixed 0x00, nodes 0x01, the left subtree
 * the largest power of two), so one signature over the root covers every record, and each record carries only its
 * audit path. A leaf is the record's topic and value, so a record moved to another topic no longer verifies.
 */
final class MerkleTree {

    private final List<byte[]> leaves;
    private final Map<Long, byte[]> subtrees = new HashMap<>();

    MerkleTree(List<byte[]> leaves) {
        if (leaves.isEmpty()) {
            throw new IllegalArgumentException("an empty batch has no tree");
        }
        this.leaves = leaves;
    }

    /** The leaf hash of a record. */
    static byte[] leaf(String topic, byte[] value) {
        MessageDigest sha = sha256();
        sha.update((byte) 0);
        sha.update(topic.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) '\n');
        sha.update(value);
        return sha.digest();
    }

    byte[] root() {
        return hash(0, leaves.size());
    }

    /** The audit path of leaf {@code index}: sibling subtree hashes, innermost first. */
    List<byte[]> path(int index) {
        List<byte[]> path = new ArrayList<>();
        collect(index, 0, leaves.size(), path);
        return path;
    }

    private void collect(int index, int start, int size, List<byte[]> path) {
        if (size == 1) {
            return;
        }
        int k = split(size);
        if (index < k) {
            collect(index, start, k, path);
            path.add(hash(start + k, size - k));
        } else {
            collect(index - k, start + k, size - k, path);
            path.add(hash(start, k));
        }
    }

    private byte[] hash(int start, int size) {
        if (size == 1) {
            return leaves.get(start);
        }
        long key = ((long) start << 32) | size;
        byte[] known = subtrees.get(key);
        if (known == null) {
            int k = split(size);
            known = node(hash(start, k), hash(start + k, size - k));
            subtrees.put(key, known);
        }
        return known;
    }

    /** The root that leaf {@code index} of a tree of {@code size} leaves, with this audit path, leads to. */
    static byte[] rootFrom(int index, int size, byte[] leaf, List<byte[]> path) {
        if (index < 0 || index >= size) {
            throw new IllegalArgumentException("leaf index outside the tree");
        }
        return fold(index, size, leaf, path, path.size());
    }

    private static byte[] fold(int index, int size, byte[] leaf, List<byte[]> path, int end) {
        if (size == 1) {
            if (end != 0) {
                throw new IllegalArgumentException("audit path too long");
            }
            return leaf;
        }
        if (end == 0) {
            throw new IllegalArgumentException("audit path too short");
        }
        int k = split(size);
        byte[] sibling = path.get(end - 1);
        return index < k ? node(fold(index, k, leaf, path, end - 1), sibling)
                : node(sibling, fold(index - k, size - k, leaf, path, end - 1));
    }

    private static byte[] node(byte[] left, byte[] right) {
        MessageDigest sha = sha256();
        sha.update((byte) 1);
        sha.update(left);
        sha.update(right);
        return sha.digest();
    }

    /** The largest power of two below {@code size} (size ≥ 2). */
    private static int split(int size) {
        return Integer.highestOneBit(size - 1);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
