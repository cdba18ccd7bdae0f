namespace KafkaNet.Broker.Groups.Consumer;

/// <summary>Conversions of <see cref="MemberState"/> to and from the stored byte.</summary>
public static class MemberStates
{
    /// <summary>The state for a stored byte; values this broker does not know are <see cref="MemberState.Unknown"/>.</summary>
    public static MemberState FromValue(sbyte value) => value switch
    {
        0 => MemberState.Stable,
        1 => MemberState.UnrevokedPartitions,
        2 => MemberState.UnreleasedPartitions,
        _ => MemberState.Unknown,
    };

    public static sbyte ToValue(this MemberState state) => (sbyte)state;
}
