using System.Buffers.Binary;
using System.Text.Json;

namespace KafkaNet.Protocol.Tests.Messages;

/// <summary>
/// An independent, spec-driven reading of encoded bytes: it walks the spec's fields for a version
/// and steps over each value without the generated code. If the generated encoder disagrees with
/// the spec (a missing field, a wrong width, a compact length where a fixed one belongs), the
/// walk ends at a different offset than the encoding does.
/// </summary>
internal sealed class SpecWalker
{
    private readonly JsonElement _spec;
    private readonly short _version;
    private readonly bool _flexible;
    private readonly byte[] _bytes;
    private int _pos;

    private SpecWalker(JsonElement spec, short version, byte[] bytes)
    {
        _spec = spec;
        _version = version;
        _flexible = SpecCatalog.IsFlexible(spec, version);
        _bytes = bytes;
    }

    /// <summary>Walks a whole message and returns the number of bytes the spec says it spans.</summary>
    public static int Walk(JsonElement spec, short version, byte[] bytes)
    {
        var walker = new SpecWalker(spec, version, bytes);
        walker.Struct(spec.GetProperty("fields"));
        return walker._pos;
    }

    private void Struct(JsonElement fields)
    {
        foreach (var f in fields.EnumerateArray())
        {
            if (!SpecCatalog.InRange(f, "versions", _version))
            {
                continue;
            }
            if (_flexible && f.TryGetProperty("tag", out _) && SpecCatalog.InRange(f, "taggedVersions", _version))
            {
                continue;
            }
            bool compact = _flexible && !(f.TryGetProperty("flexibleVersions", out var fv) && fv.GetString() == "none");
            Field(f, compact);
        }
        if (_flexible)
        {
            int count = (int)UVarInt();
            for (int i = 0; i < count; i++)
            {
                UVarInt();
                int size = (int)UVarInt();
                _pos += size;
            }
        }
    }

    private void Field(JsonElement f, bool compact)
    {
        string type = f.GetProperty("type").GetString()!;
        bool nullable = SpecCatalog.InRange(f, "nullableVersions", _version);
        if (type.StartsWith("[]", StringComparison.Ordinal))
        {
            int count = compact ? (int)UVarInt() - 1 : Int32();
            for (int i = 0; i < count; i++)
            {
                Element(type[2..], f, compact, nullable: false);
            }
            return;
        }
        Element(type, f, compact, nullable);
    }

    private void Element(string type, JsonElement f, bool compact, bool nullable)
    {
        switch (type)
        {
            case "bool":
            case "int8": _pos += 1; return;
            case "int16":
            case "uint16": _pos += 2; return;
            case "int32":
            case "uint32": _pos += 4; return;
            case "int64":
            case "float64": _pos += 8; return;
            case "uuid": _pos += 16; return;
            case "string":
            {
                int length = compact ? (int)UVarInt() - 1 : BinaryPrimitives.ReadInt16BigEndian(Take(2));
                _pos += Math.Max(0, length);
                return;
            }
            case "bytes":
            case "records":
            {
                int length = compact ? (int)UVarInt() - 1 : Int32();
                _pos += Math.Max(0, length);
                return;
            }
            default:
                if (nullable && (sbyte)Take(1)[0] < 0)
                {
                    return;
                }
                Struct(f.TryGetProperty("fields", out var inline) ? inline : SpecCatalog.StructFields(_spec, type));
                return;
        }
    }

    private int Int32() => BinaryPrimitives.ReadInt32BigEndian(Take(4));

    private uint UVarInt()
    {
        uint value = 0;
        for (int shift = 0; ; shift += 7)
        {
            byte b = Take(1)[0];
            value |= (uint)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return value;
            }
        }
    }

    private ReadOnlySpan<byte> Take(int n)
    {
        var span = _bytes.AsSpan(_pos, n);
        _pos += n;
        return span;
    }
}
