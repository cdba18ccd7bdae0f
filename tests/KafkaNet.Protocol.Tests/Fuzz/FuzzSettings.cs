namespace KafkaNet.Protocol.Tests.Fuzz;

/// <summary>
/// Fixed seeds so every run tries the same inputs, and a multiplier for long runs:
/// KAFKANET_FUZZ_ITERATIONS=50 tries fifty times as many mutations per case.
/// </summary>
internal static class FuzzSettings
{
    public const int BaseSeed = 20261204;

    /// <summary>How long one test may fuzz before it is taken for a hang.</summary>
    public static readonly TimeSpan HangLimit = TimeSpan.FromMinutes(10);

    public static int Multiplier { get; } = ReadMultiplier();

    public static int Scaled(int iterations) => checked(iterations * Multiplier);

    private static int ReadMultiplier()
    {
        string? text = Environment.GetEnvironmentVariable("KAFKANET_FUZZ_ITERATIONS");
        return int.TryParse(text, out int value) && value > 0 ? value : 1;
    }
}
