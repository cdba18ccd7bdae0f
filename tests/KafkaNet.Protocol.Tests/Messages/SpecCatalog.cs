using System.Text.Json;

namespace KafkaNet.Protocol.Tests.Messages;

/// <summary>Reads protocol-spec/ independently of the generator, so tests can check generated code against the data.</summary>
internal static class SpecCatalog
{
    private static readonly Lazy<IReadOnlyList<JsonElement>> Specs = new(Load);

    public static IReadOnlyList<JsonElement> All => Specs.Value;

    public static JsonElement ByName(string name) => All.Single(s => s.GetProperty("name").GetString() == name);

    public static (short Lowest, short Highest) Range(string text)
    {
        text = text.Trim();
        if (text == "none")
        {
            return (1, 0);
        }
        if (text.EndsWith('+'))
        {
            return (short.Parse(text[..^1]), short.MaxValue);
        }
        int dash = text.IndexOf('-');
        if (dash > 0)
        {
            return (short.Parse(text[..dash]), short.Parse(text[(dash + 1)..]));
        }
        short v = short.Parse(text);
        return (v, v);
    }

    public static bool InRange(JsonElement element, string property, short version)
    {
        if (!element.TryGetProperty(property, out var value))
        {
            return false;
        }
        var (lo, hi) = Range(value.GetString()!);
        return version >= lo && version <= hi;
    }

    public static bool IsFlexible(JsonElement spec, short version) => InRange(spec, "flexibleVersions", version);

    /// <summary>Finds the field list of a struct type, inline anywhere in the message or common.</summary>
    public static JsonElement StructFields(JsonElement spec, string structName)
    {
        if (spec.TryGetProperty("structs", out var structs))
        {
            foreach (var s in structs.EnumerateArray())
            {
                if (s.GetProperty("name").GetString() == structName)
                {
                    return s.GetProperty("fields");
                }
            }
        }
        return FindInline(spec.GetProperty("fields"), structName)
            ?? (spec.TryGetProperty("structs", out var common)
                ? common.EnumerateArray().Select(s => FindInline(s.GetProperty("fields"), structName)).FirstOrDefault(f => f is not null)
                : null)
            ?? throw new InvalidOperationException($"struct {structName} not found");
    }

    private static JsonElement? FindInline(JsonElement fields, string structName)
    {
        foreach (var f in fields.EnumerateArray())
        {
            if (!f.TryGetProperty("fields", out var nested))
            {
                continue;
            }
            if (f.GetProperty("type").GetString()!.Replace("[]", "", StringComparison.Ordinal) == structName)
            {
                return nested;
            }
            var found = FindInline(nested, structName);
            if (found is not null)
            {
                return found;
            }
        }
        return null;
    }

    private static IReadOnlyList<JsonElement> Load()
    {
        string dir = Path.Combine(AppContext.BaseDirectory, "protocol-spec");
        return Directory.GetFiles(dir, "*.json")
            .OrderBy(p => p, StringComparer.Ordinal)
            .Select(p => JsonDocument.Parse(File.ReadAllText(p)).RootElement.Clone())
            .ToList();
    }
}
