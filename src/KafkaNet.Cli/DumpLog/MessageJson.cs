using System.Buffers;
using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using KafkaNet.Protocol;

namespace KafkaNet.Cli.DumpLog;

/// <summary>
/// Writes a generated message as Kafka's JSON converters do: camelCase field names in schema order, only the fields
/// the version has, bytes as base64 and uuids in Kafka's URL-safe form. The generated code has no JSON writer and
/// no version table at run time, so a field counts as present in a version when changing it changes the encoding.
/// </summary>
internal static class MessageJson
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly ConcurrentDictionary<(Type, short), PropertyInfo[]> FieldsByVersion = new();

    /// <summary>Replaces a field's value with a message decoded from it (Kafka shows a consumer group's subscriptions so).</summary>
    public delegate bool Expand(PropertyInfo field, object? value, out IKafkaMessage? message, out short version);

    public static string Write(IKafkaMessage message, short version, Expand? expand = null)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            WriteMessage(writer, message, version, expand);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Writes <paramref name="message"/> as one JSON object.</summary>
    public static void WriteMessage(Utf8JsonWriter writer, IKafkaMessage message, short version, Expand? expand = null)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(message);
        writer.WriteStartObject();
        foreach (PropertyInfo field in Fields(message.GetType(), version))
        {
            writer.WritePropertyName(CamelCase(field.Name));
            object? value = field.GetValue(message);
            if (expand is not null && expand(field, value, out IKafkaMessage? inner, out short innerVersion) && inner is not null)
            {
                WriteMessage(writer, inner, innerVersion, expand);
            }
            else
            {
                WriteValue(writer, value, version, expand);
            }
        }

        writer.WriteEndObject();
    }

    private static void WriteValue(Utf8JsonWriter writer, object? value, short version, Expand? expand)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case string text:
                writer.WriteStringValue(text);
                break;
            case bool flag:
                writer.WriteBooleanValue(flag);
                break;
            case sbyte or byte or short or ushort or int or uint or long:
                writer.WriteNumberValue(Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture));
                break;
            case double number:
                writer.WriteNumberValue(number);
                break;
            case Guid uuid:
                writer.WriteStringValue(Base64Url(uuid));
                break;
            case ReadOnlyMemory<byte> bytes:
                writer.WriteStringValue(Convert.ToBase64String(bytes.Span));
                break;
            case byte[] bytes:
                writer.WriteStringValue(Convert.ToBase64String(bytes));
                break;
            case IKafkaMessage nested:
                WriteMessage(writer, nested, version, expand);
                break;
            case IEnumerable items:
                writer.WriteStartArray();
                foreach (object? item in items)
                {
                    WriteValue(writer, item, version, expand);
                }

                writer.WriteEndArray();
                break;
            default:
                writer.WriteStringValue(value.ToString());
                break;
        }
    }

    /// <summary>Kafka's Uuid.toString: the 16 bytes, most significant first, in URL-safe base64 without padding.</summary>
    private static string Base64Url(Guid uuid)
    {
        Span<byte> bytes = stackalloc byte[16];
        uuid.TryWriteBytes(bytes, bigEndian: true, out _);
        return Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    private static string CamelCase(string name) => name.Length == 0 ? name : char.ToLowerInvariant(name[0]) + name[1..];

    private static PropertyInfo[] Fields(Type type, short version) => FieldsByVersion.GetOrAdd((type, version), static key =>
    {
        (Type messageType, short messageVersion) = key;
        byte[] plain = Encode(NewMessage(messageType), messageVersion) ?? [];
        return [.. messageType.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite && p.Name != "UnknownTaggedFields" && InVersion(messageType, p, messageVersion, plain))];
    });

    // The field is in the version when a message differing only in it encodes differently.
    private static bool InVersion(Type type, PropertyInfo field, short version, byte[] plain)
    {
        IKafkaMessage probe = NewMessage(type);
        object? changed = Different(field.PropertyType, field.GetValue(probe));
        if (changed is null)
        {
            return true;
        }

        field.SetValue(probe, changed);
        byte[]? encoded = Encode(probe, version);
        return encoded is not null && !encoded.AsSpan().SequenceEqual(plain);
    }

    private static IKafkaMessage NewMessage(Type type) => (IKafkaMessage)Activator.CreateInstance(type)!;

    // Null when the encoding refuses the value: a field the version cannot carry.
    private static byte[]? Encode(IKafkaMessage message, short version)
    {
        try
        {
            var bytes = new byte[message.Size(version)];
            var writer = new KafkaWriter(bytes);
            message.Write(ref writer, version);
            return bytes;
        }
        catch (Exception e) when (e is KafkaProtocolException or ArgumentException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>A value of <paramref name="type"/> other than <paramref name="current"/>; null when none is known.</summary>
    private static object? Different(Type type, object? current)
    {
        Type plain = Nullable.GetUnderlyingType(type) ?? type;
        object? candidate = plain switch
        {
            _ when plain == typeof(string) => "x",
            _ when plain == typeof(bool) => current is not true,
            _ when plain == typeof(sbyte) => (sbyte)7,
            _ when plain == typeof(short) => (short)7,
            _ when plain == typeof(ushort) => (ushort)7,
            _ when plain == typeof(int) => 7,
            _ when plain == typeof(long) => 7L,
            _ when plain == typeof(double) => 7.5,
            _ when plain == typeof(Guid) => new Guid(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11),
            _ when plain == typeof(ReadOnlyMemory<byte>) => new ReadOnlyMemory<byte>([7]),
            _ when plain == typeof(byte[]) => new byte[] { 7 },
            _ when plain.IsGenericType && plain.GetGenericTypeDefinition() == typeof(List<>) => OneItemList(plain),
            _ => null,
        };
        return Equals(candidate, current) && plain != typeof(bool) ? Different8(plain) : candidate;
    }

    private static object? Different8(Type type) =>
        type == typeof(int) ? 8 : type == typeof(long) ? 8L : type == typeof(short) ? (short)8 : type == typeof(sbyte) ? (sbyte)8 : type == typeof(string) ? "y" : null;

    private static IList? OneItemList(Type listType)
    {
        Type item = listType.GetGenericArguments()[0];
        object? element = typeof(IKafkaMessage).IsAssignableFrom(item) ? NewMessage(item) : Different(item, null);
        if (element is null)
        {
            return null;
        }

        var list = (IList)Activator.CreateInstance(listType)!;
        list.Add(element);
        return list;
    }
}
