using System.Text.Json;

namespace KafkaNet.Cli.Output;

/// <summary>The one JSON document a command prints with --output json: camelCase names, indented, stable order.</summary>
internal static class JsonOutput
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
    };

    public static string Serialize<T>(T document) => JsonSerializer.Serialize(document, Options);
}
