using System.Collections;
using System.Reflection;
using System.Text.Json;

namespace KafkaNet.Protocol.Tests.Messages;

/// <summary>
/// Fills a generated message with seeded random values for one version, guided by the spec:
/// nulls only where the version allows them, tagged fields sometimes left at their default,
/// and unknown tagged fields added wherever the version is flexible.
/// </summary>
internal sealed class RandomMessageBuilder
{
    private static readonly string[] SampleStrings = ["", "a", "topic-1", "ünïcödé ☃", "x.y_z-0", "with space"];

    private readonly Random _random;
    private readonly JsonElement _spec;
    private readonly short _version;
    private readonly bool _flexible;

    public RandomMessageBuilder(JsonElement spec, short version, int seed)
    {
        _spec = spec;
        _version = version;
        _flexible = SpecCatalog.IsFlexible(spec, version);
        _random = new Random(seed);
    }

    public object Build(Type type) => Fill(type, _spec.GetProperty("fields"), depth: 0);

    private object Fill(Type type, JsonElement fields, int depth)
    {
        object target = Activator.CreateInstance(type)!;
        foreach (var field in fields.EnumerateArray())
        {
            if (!SpecCatalog.InRange(field, "versions", _version))
            {
                continue;
            }
            bool tagged = field.TryGetProperty("tag", out _) && SpecCatalog.InRange(field, "taggedVersions", _version);
            if (tagged && _random.Next(3) == 0)
            {
                // Keep the initializer's default: a tagged field equal to its default is not written.
                continue;
            }
            var property = PropertyOf(type, field.GetProperty("name").GetString()!);
            property.SetValue(target, Value(property.PropertyType, field, depth));
        }
        var unknown = type.GetProperty("UnknownTaggedFields");
        if (unknown is not null && _flexible && _random.Next(3) == 0)
        {
            var list = new List<RawTaggedField>();
            int tag = 90 + _random.Next(5);
            for (int i = 0; i < 1 + _random.Next(2); i++)
            {
                list.Add(new RawTaggedField(tag, RandomBytes(_random.Next(0, 6))));
                tag += 1 + _random.Next(300);
            }
            unknown.SetValue(target, list);
        }
        return target;
    }

    public static PropertyInfo PropertyOf(Type type, string fieldName) =>
        type.GetProperty(fieldName) is { } p && p.CanWrite ? p
            : type.GetProperty(fieldName + "Value") ?? throw new InvalidOperationException($"{type.Name} has no property for {fieldName}");

    private object? Value(Type propertyType, JsonElement field, int depth)
    {
        bool nullable = SpecCatalog.InRange(field, "nullableVersions", _version);
        if (nullable && _random.Next(4) == 0)
        {
            return null;
        }
        string type = field.GetProperty("type").GetString()!;
        if (type.StartsWith("[]", StringComparison.Ordinal))
        {
            var elementType = propertyType.GetGenericArguments()[0];
            var list = (IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(elementType))!;
            int count = depth > 3 ? 0 : _random.Next(0, 3);
            for (int i = 0; i < count; i++)
            {
                list.Add(Scalar(type[2..], elementType, field, depth));
            }
            return list;
        }
        return Scalar(type, Nullable.GetUnderlyingType(propertyType) ?? propertyType, field, depth);
    }

    private object Scalar(string type, Type clrType, JsonElement field, int depth) => type switch
    {
        "bool" => _random.Next(2) == 1,
        "int8" => (sbyte)_random.Next(sbyte.MinValue, sbyte.MaxValue + 1),
        "int16" => (short)_random.Next(short.MinValue, short.MaxValue + 1),
        "uint16" => (ushort)_random.Next(0, ushort.MaxValue + 1),
        "int32" => _random.Next(int.MinValue, int.MaxValue),
        "uint32" => (uint)_random.NextInt64(0, uint.MaxValue),
        "int64" => _random.NextInt64(long.MinValue, long.MaxValue),
        "float64" => _random.NextDouble() * 1000,
        "uuid" => new Guid(RandomBytes(16)),
        "string" => SampleStrings[_random.Next(SampleStrings.Length)] + (_random.Next(2) == 0 ? "" : _random.Next(1000).ToString()),
        "bytes" or "records" => (ReadOnlyMemory<byte>)RandomBytes(_random.Next(0, 20)),
        _ => Fill(clrType, field.TryGetProperty("fields", out var inline) ? inline : SpecCatalog.StructFields(_spec, type), depth + 1),
    };

    private byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        _random.NextBytes(bytes);
        return bytes;
    }
}
