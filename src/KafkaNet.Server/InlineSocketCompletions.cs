namespace KafkaNet.Server;

/// <summary>
/// kafkanet.socket.inline.completions: .NET's socket engine runs completions on its event threads
/// (one per core) when DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS is 1 as it starts, which it
/// does on the first socket. A value the operator already put in the environment wins.
/// </summary>
internal static class InlineSocketCompletions
{
    public const string Variable = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    /// <summary>Sets the variable; call before any socket is created.</summary>
    public static void Apply(bool enabled)
    {
        if (Environment.GetEnvironmentVariable(Variable) is null)
        {
            Environment.SetEnvironmentVariable(Variable, enabled ? "1" : "0");
        }
    }
}
