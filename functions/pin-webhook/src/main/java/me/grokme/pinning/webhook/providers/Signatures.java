package me.grokme.pinning.webhook.providers;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.web3j.crypto.Hash;

/** The primitives of the providers' signature schemes, with constant-time comparison. */
public final class Signatures {

    private Signatures() {
    }

    public static byte[] hmacSha256(byte[] key, byte[]... parts) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            for (byte[] p : parts) {
                mac.update(p);
            }
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    public static byte[] keccak256(byte[]... parts) {
        int len = 0;
        for (byte[] p : parts) {
            len += p.length;
        }
        byte[] all = new byte[len];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        return Hash.sha3(all);
    }

    public static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Decodes hex (optionally 0x-prefixed, any case); empty when malformed — never throws on hostile input. */
    public static Optional<byte[]> hex(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String s = text.strip();
        if (s.startsWith("0x") || s.startsWith("0X")) {
            s = s.substring(2);
        }
        if (s.isEmpty() || s.length() % 2 != 0 || s.length() > 256) {
            return Optional.empty();
        }
        try {
            return Optional.of(HexFormat.of().parseHex(s));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Constant-time comparison of a received hex signature with the expected bytes. */
    public static Verification compare(Optional<String> receivedHex, byte[] expected, String headerName) {
        if (receivedHex.isEmpty()) {
            return Verification.rejected("missing " + headerName + " header");
        }
        Optional<byte[]> received = hex(receivedHex.get());
        if (received.isEmpty()) {
            return Verification.rejected(headerName + " is not hex");
        }
        return MessageDigest.isEqual(received.get(), expected) ? Verification.ok()
                : Verification.rejected(headerName + " does not match the body");
    }

    /** Replay window check for schemes that sign a timestamp (Unix seconds). */
    public static Optional<String> timestampProblem(Optional<String> header, String name, Instant now, Duration tolerance) {
        if (header.isEmpty()) {
            return Optional.of("missing " + name + " header");
        }
        long seconds;
        try {
            seconds = Long.parseLong(header.get().strip());
        } catch (NumberFormatException e) {
            return Optional.of(name + " is not Unix seconds");
        }
        long skew = Math.abs(now.getEpochSecond() - seconds);
        if (skew > tolerance.toSeconds()) {
            return Optional.of(name + " is " + skew + " s away from now (tolerance " + tolerance.toSeconds() + " s): possible replay");
        }
        return Optional.empty();
    }
}
