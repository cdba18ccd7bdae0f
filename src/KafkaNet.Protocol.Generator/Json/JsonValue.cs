using System.Collections.Generic;

namespace KafkaNet.Protocol.Generator.Json;

internal enum JsonKind
{
    Object,
    Array,
    String,
    Number,
    True,
    False,
    Null,
}

/// <summary>One parsed JSON value; the line lets diagnostics point into the spec file.</summary>
internal sealed class JsonValue
{
    public JsonValue(JsonKind kind, string? text, int line)
    {
        Kind = kind;
        Text = text;
        Line = line;
    }

    public JsonValue(List<KeyValuePair<string, JsonValue>> members, int line)
    {
        Kind = JsonKind.Object;
        Members = members;
        Line = line;
    }

    public JsonValue(List<JsonValue> items, int line)
    {
        Kind = JsonKind.Array;
        Items = items;
        Line = line;
    }

    public JsonKind Kind { get; }

    public string? Text { get; }

    public int Line { get; }

    public List<KeyValuePair<string, JsonValue>>? Members { get; }

    public List<JsonValue>? Items { get; }

    public JsonValue? Get(string name)
    {
        if (Members == null)
        {
            return null;
        }
        foreach (var member in Members)
        {
            if (member.Key == name)
            {
                return member.Value;
            }
        }
        return null;
    }
}
