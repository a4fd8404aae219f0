package dev.runbook.backup.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.function.Function;

/**
 * The one JSON mapping of the module: snake_case fields, ISO-8601 instants and durations ({@code
 * PT720H}), nulls left out, and
 * unknown fields ignored so that an older reader still opens a newer file of the same format.
 */
public final class Json {

  private static final ObjectMapper MAPPER = create();

  private Json() {}

  public static ObjectMapper mapper() {
    return MAPPER;
  }

  private static ObjectMapper create() {
    SimpleModule times = new SimpleModule("runbook-backup-times");
    asText(times, Instant.class, Instant::parse,
        "an ISO-8601 instant such as 2026-11-22T03:15:00Z");
    asText(times, Duration.class, Duration::parse, "an ISO-8601 duration such as PT720H");
    times.addSerializer(Path.class, new JsonSerializer<>() {
      @Override
      public void serialize(Path value, JsonGenerator gen, SerializerProvider provider)
          throws IOException {
        gen.writeString(value.toString());
      }
    });
    return new ObjectMapper()
        .registerModule(times)
        .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
        .setDefaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_NULL,
            JsonInclude.Include.NON_NULL))
        .enable(SerializationFeature.INDENT_OUTPUT)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  }

  /** {@code type} written as its {@code toString()} and read back with {@code parse}. */
  private static <T> void asText(SimpleModule module, Class<T> type, Function<String, T> parse,
      String expected) {
    module.addSerializer(type, new JsonSerializer<T>() {
      @Override
      public void serialize(T value, JsonGenerator gen, SerializerProvider provider)
          throws IOException {
        gen.writeString(value.toString());
      }
    });
    module.addDeserializer(type, new JsonDeserializer<T>() {
      @Override
      public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        String text = p.getValueAsString();
        try {
          return parse.apply(text);
        } catch (DateTimeParseException e) {
          return type.cast(ctxt.handleWeirdStringValue(type, text, "not " + expected));
        }
      }
    });
  }

  /** Pretty-printed UTF-8 JSON with a final newline. */
  public static byte[] write(Object value) {
    try {
      byte[] body = MAPPER.writeValueAsBytes(value);
      byte[] withNewline = java.util.Arrays.copyOf(body, body.length + 1);
      withNewline[body.length] = '\n';
      return withNewline;
    } catch (IOException e) {
      throw new IllegalStateException("cannot write " + value.getClass().getSimpleName(), e);
    }
  }

  public static <T> T read(byte[] bytes, Class<T> type) throws IOException {
    return MAPPER.readValue(bytes, type);
  }
}
