namespace KafkaNet.Cluster.Quorum.Transport;

/// <summary>
/// The 8 bytes a Raft connection opens with on the controller listener. Read as a Kafka frame size they
/// are negative, so no valid Kafka request starts this way.
/// </summary>
internal static class RaftPreamble
{
    public const int Length = 8;

    public static ReadOnlySpan<byte> Bytes => [0x80, (byte)'K', (byte)'N', (byte)'R', (byte)'A', (byte)'F', (byte)'T', 0x01];
}
