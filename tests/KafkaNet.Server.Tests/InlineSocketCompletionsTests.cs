namespace KafkaNet.Server.Tests;

/// <summary>kafkanet.socket.inline.completions reaches .NET's socket engine through its environment variable.</summary>
[Collection(nameof(InlineSocketCompletionsTests))]
public sealed class InlineSocketCompletionsTests : IDisposable
{
    private readonly string? _saved = Environment.GetEnvironmentVariable(InlineSocketCompletions.Variable);

    [Theory]
    [InlineData(true, "1")]
    [InlineData(false, "0")]
    public void The_setting_becomes_the_variable_when_the_environment_has_none(bool enabled, string expected)
    {
        Environment.SetEnvironmentVariable(InlineSocketCompletions.Variable, null);
        InlineSocketCompletions.Apply(enabled);
        Assert.Equal(expected, Environment.GetEnvironmentVariable(InlineSocketCompletions.Variable));
    }

    [Fact]
    public void A_value_the_operator_set_wins()
    {
        Environment.SetEnvironmentVariable(InlineSocketCompletions.Variable, "0");
        InlineSocketCompletions.Apply(true);
        Assert.Equal("0", Environment.GetEnvironmentVariable(InlineSocketCompletions.Variable));
    }

    public void Dispose() => Environment.SetEnvironmentVariable(InlineSocketCompletions.Variable, _saved);
}
