package dev.simebs.ec2.xml;

import com.google.protobuf.Timestamp;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.function.BiConsumer;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * An EC2 answer being written as XML through the JDK's StAX writer, which escapes text. Elements
 * are written in the EC2 namespace; lists are {@code <name><item>...</item></name>} as EC2's
 * query protocol has them.
 */
public final class XmlAnswer {

  /** The namespace of every EC2 answer for API version 2016-11-15. */
  public static final String NAMESPACE = "http://ec2.amazonaws.com/doc/2016-11-15/";

  private static final XMLOutputFactory FACTORY = XMLOutputFactory.newFactory();
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final XMLStreamWriter writer;

  private XmlAnswer(String root, String namespace) {
    try {
      writer = FACTORY.createXMLStreamWriter(bytes, "UTF-8");
      writer.writeStartDocument("UTF-8", "1.0");
      if (namespace.isEmpty()) {
        writer.writeStartElement(root);
      } else {
        writer.setDefaultNamespace(namespace);
        writer.writeStartElement(namespace, root);
        writer.writeDefaultNamespace(namespace);
      }
    } catch (XMLStreamException e) {
      throw new IllegalStateException("cannot start an XML answer", e);
    }
  }

  /** {@code <ActionResponse xmlns="...">} with its {@code requestId}. */
  public static XmlAnswer response(String action, String requestId) {
    XmlAnswer answer = new XmlAnswer(action + "Response", NAMESPACE);
    answer.text("requestId", requestId);
    return answer;
  }

  /** EC2's error document: {@code <Response><Errors><Error>...</Error></Errors><RequestID>}. */
  public static byte[] error(String code, String message, String requestId) {
    XmlAnswer answer = new XmlAnswer("Response", "");
    answer.open("Errors").open("Error").text("Code", code).text("Message", message).close()
        .close();
    answer.text("RequestID", requestId);
    return answer.finish();
  }

  public XmlAnswer open(String name) {
    try {
      writer.writeStartElement(name);
    } catch (XMLStreamException e) {
      throw new IllegalStateException(e);
    }
    return this;
  }

  public XmlAnswer close() {
    try {
      writer.writeEndElement();
    } catch (XMLStreamException e) {
      throw new IllegalStateException(e);
    }
    return this;
  }

  public XmlAnswer text(String name, String value) {
    open(name);
    try {
      writer.writeCharacters(value);
    } catch (XMLStreamException e) {
      throw new IllegalStateException(e);
    }
    return close();
  }

  public XmlAnswer text(String name, long value) {
    return text(name, Long.toString(value));
  }

  public XmlAnswer text(String name, boolean value) {
    return text(name, Boolean.toString(value));
  }

  /** A time as EC2 writes it, e.g. {@code 2024-05-01T12:00:00.000Z}. */
  public XmlAnswer time(String name, Timestamp value) {
    return text(name, TIME.format(Instant.ofEpochSecond(value.getSeconds(), value.getNanos())));
  }

  /** Writes {@code value} only when it is not empty (EC2 leaves out unset strings). */
  public XmlAnswer textIfSet(String name, String value) {
    return value.isEmpty() ? this : text(name, value);
  }

  /** {@code <name><item>...</item>...</name>}, each item written by {@code item}. */
  public <T> XmlAnswer list(String name, Iterable<T> items, BiConsumer<XmlAnswer, T> item) {
    open(name);
    for (T t : items) {
      open("item");
      item.accept(this, t);
      close();
    }
    return close();
  }

  /** Ends the document and returns its bytes. */
  public byte[] finish() {
    try {
      writer.writeEndDocument();
      writer.close();
    } catch (XMLStreamException e) {
      throw new IllegalStateException(e);
    }
    return bytes.toByteArray();
  }
}
