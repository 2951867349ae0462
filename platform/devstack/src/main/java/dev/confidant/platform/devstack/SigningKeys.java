package dev.confidant.platform.devstack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;

/**
 * A devstack signing key: generated once per data directory (RSA 2048, PEM), so what it signed stays valid across
 * restarts: account-service's token key ({@code jwt}), consent-service's receipt key ({@code consent-receipt}),
 * retention-service's certificate key ({@code erasure-certificate}).
 */
record SigningKeys(Path privateKey, Path publicKey) {

    static SigningKeys loadOrGenerate(Path dir, String name) throws IOException {
        Path privateKey = dir.resolve(name + "-private.pem");
        Path publicKey = dir.resolve(name + "-public.pem");
        if (Files.isRegularFile(privateKey) && Files.isRegularFile(publicKey)) {
            return new SigningKeys(privateKey, publicKey);
        }
        Files.createDirectories(dir);
        KeyPair pair;
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            pair = generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot generate a signing key", e);
        }
        Files.writeString(privateKey, pem("PRIVATE KEY", pair.getPrivate().getEncoded()), StandardCharsets.US_ASCII);
        Files.writeString(publicKey, pem("PUBLIC KEY", pair.getPublic().getEncoded()), StandardCharsets.US_ASCII);
        return new SigningKeys(privateKey, publicKey);
    }

    private static String pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }
}
