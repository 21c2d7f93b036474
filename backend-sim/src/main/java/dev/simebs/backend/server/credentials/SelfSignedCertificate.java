package dev.simebs.backend.server.credentials;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A self-signed TLS server certificate (EC P-256, SHA-256) for the backend's names. The JDK can
 * use certificates but has no public API to make one, so BouncyCastle's builder signs it; the key
 * pair comes from the JDK. Clients trust this certificate directly, as their CA.
 *
 * @param certificatePem the certificate, PEM
 * @param privateKeyPem its PKCS#8 private key, PEM
 */
public record SelfSignedCertificate(String certificatePem, String privateKeyPem) {

  private static final Duration VALIDITY = Duration.ofDays(3650);
  private static final Pattern IP_V4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

  /** A certificate whose subject alternative names are {@code names} (DNS names or IPs). */
  public static SelfSignedCertificate generate(List<String> names) {
    if (names.isEmpty()) {
      throw new IllegalArgumentException("a certificate needs at least one name");
    }
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      KeyPair keys = generator.generateKeyPair();
      X500Name subject = new X500Name("CN=simebs-backend");
      Instant now = Instant.now();
      JcaX509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
              subject,
              new BigInteger(127, new SecureRandom()),
              Date.from(now.minus(Duration.ofMinutes(5))),
              Date.from(now.plus(VALIDITY)),
              subject,
              keys.getPublic());
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
      builder.addExtension(
          Extension.keyUsage,
          true,
          new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyCertSign));
      builder.addExtension(Extension.subjectAlternativeName, false, alternativeNames(names));
      X509CertificateHolder certificate =
          builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate()));
      return new SelfSignedCertificate(
          pem("CERTIFICATE", certificate.getEncoded()),
          pem("PRIVATE KEY", keys.getPrivate().getEncoded()));
    } catch (GeneralSecurityException | OperatorCreationException | java.io.IOException e) {
      throw new IllegalStateException("cannot make the backend's TLS certificate: " + e.getMessage(), e);
    }
  }

  private static GeneralNames alternativeNames(List<String> names) throws UnknownHostException {
    List<GeneralName> general = new ArrayList<>();
    for (String name : names) {
      if (IP_V4.matcher(name).matches() || name.contains(":")) {
        general.add(new GeneralName(GeneralName.iPAddress, InetAddress.getByName(name).getHostAddress()));
      } else {
        general.add(new GeneralName(GeneralName.dNSName, name));
      }
    }
    return new GeneralNames(general.toArray(GeneralName[]::new));
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }
}
