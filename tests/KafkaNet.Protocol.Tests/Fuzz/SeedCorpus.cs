using KafkaNet.Protocol.Messages;

namespace KafkaNet.Protocol.Tests.Fuzz;

/// <summary>Loads the captured frames copied next to the test assembly and splits each into header and body.</summary>
internal static class SeedCorpus
{
    private static readonly Lazy<IReadOnlyList<CorpusFrame>> Frames = new(Load);

    public static IReadOnlyList<CorpusFrame> All => Frames.Value;

    public static string Directory => Path.Combine(AppContext.BaseDirectory, "fuzz-corpus");

    public static IEnumerable<CorpusFrame> For(short apiKey, short version) =>
        All.Where(f => f.ApiKey == apiKey && f.Version == version);

    /// <summary>Reads the header the way the broker does: its version follows from the API key and version.</summary>
    public static CorpusFrame Parse(string name, byte[] frame)
    {
        var reader = new KafkaReader(frame);
        short apiKey = reader.ReadInt16();
        short version = reader.ReadInt16();
        var descriptor = ApiTable.Find(apiKey) ?? throw new InvalidDataException($"{name}: unknown API key {apiKey}");
        reader = new KafkaReader(frame);
        RequestHeader.Read(ref reader, descriptor.RequestHeaderVersion(version));
        return new CorpusFrame(name, apiKey, version, frame, reader.Position);
    }

    private static IReadOnlyList<CorpusFrame> Load()
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            return [];
        }
        return System.IO.Directory.GetFiles(Directory, "*.bin", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .Select(path => Parse(Path.GetRelativePath(Directory, path), File.ReadAllBytes(path)))
            .ToList();
    }
}
