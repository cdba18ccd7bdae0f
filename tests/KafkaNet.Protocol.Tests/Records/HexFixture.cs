namespace KafkaNet.Protocol.Tests.Records;

/// <summary>Loads hex fixtures: '#' starts a comment line, whitespace is ignored.</summary>
internal static class HexFixture
{
    public static byte[] Load(string name) => Convert.FromHexString(string.Concat(Lines(name)));

    /// <summary>Each non-comment line decoded on its own.</summary>
    public static byte[][] LoadLines(string name) => Lines(name).Select(Convert.FromHexString).ToArray();

    private static IEnumerable<string> Lines(string name) =>
        File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Fixtures", name))
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#'));
}
