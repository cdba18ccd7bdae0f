namespace KafkaNet.Protocol.Tests.Fuzz;

/// <summary>Formats a failing input so it reproduces: what was decoded, from which seed and iteration, and the bytes in hex.</summary>
internal static class FuzzFailure
{
    public static string Describe(string what, string origin, IReadOnlyList<string> steps, byte[] input, string problem) =>
        $"{what}: {problem}{Environment.NewLine}"
        + $"  seed input: {origin}{Environment.NewLine}"
        + $"  mutations: {(steps.Count == 0 ? "none" : string.Join(", ", steps))}{Environment.NewLine}"
        + $"  base seed {FuzzSettings.BaseSeed}, multiplier {FuzzSettings.Multiplier}{Environment.NewLine}"
        + $"  input ({input.Length} bytes): {Convert.ToHexString(input)}";
}
