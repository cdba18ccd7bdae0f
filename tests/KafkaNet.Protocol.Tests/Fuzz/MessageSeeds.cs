using System.Collections.Concurrent;
using System.Text.Json;
using KafkaNet.Protocol.Tests.Messages;

namespace KafkaNet.Protocol.Tests.Fuzz;

/// <summary>
/// Valid encodings to mutate for one API key, version and direction: a few random messages built
/// from the spec, and for requests every captured frame of that key and version.
/// </summary>
internal static class MessageSeeds
{
    private const int RandomSeedsPerVersion = 4;

    private static readonly ConcurrentDictionary<(short, short, bool), IReadOnlyList<Seed>> Cache = new();

    public static IReadOnlyList<Seed> For(short apiKey, short version, bool request) =>
        Cache.GetOrAdd((apiKey, version, request), _ => Build(apiKey, version, request));

    public static JsonElement? Spec(short apiKey, bool request)
    {
        string kind = request ? "request" : "response";
        foreach (var spec in SpecCatalog.All)
        {
            if (spec.GetProperty("kind").GetString() == kind && spec.TryGetProperty("apiKey", out var key) && key.GetInt32() == apiKey)
            {
                return spec;
            }
        }
        return null;
    }

    private static IReadOnlyList<Seed> Build(short apiKey, short version, bool request)
    {
        var seeds = new List<Seed>();
        if (Spec(apiKey, request) is { } spec)
        {
            var type = MessageCodec.GeneratedType(spec.GetProperty("name").GetString()!);
            for (int i = 0; i < RandomSeedsPerVersion; i++)
            {
                int seed = FuzzSettings.BaseSeed + apiKey * 1009 + version * 31 + i;
                var message = (IKafkaMessage)new RandomMessageBuilder(spec, version, seed).Build(type);
                seeds.Add(new Seed($"random message, builder seed {seed}", MessageCodec.Encode(message, version)));
            }
        }
        if (request)
        {
            foreach (var frame in SeedCorpus.For(apiKey, version))
            {
                seeds.Add(new Seed($"captured frame {frame.Name}", frame.Body));
            }
        }
        return seeds;
    }

    internal sealed record Seed(string Origin, byte[] Bytes);
}
