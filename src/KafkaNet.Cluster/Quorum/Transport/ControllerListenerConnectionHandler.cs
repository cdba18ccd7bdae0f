using System.Buffers;
using KafkaNet.Broker;
using KafkaNet.Broker.Network;
using Microsoft.AspNetCore.Connections;

namespace KafkaNet.Cluster.Quorum.Transport;

/// <summary>
/// Serves the controller listener, which carries both Raft and Kafka as in Kafka: a connection that opens
/// with the Raft preamble goes to the <see cref="RaftConnectionHub"/>, any other is a Kafka connection,
/// its first bytes left in the pipe for the Kafka session.
/// </summary>
public sealed class ControllerListenerConnectionHandler : ConnectionHandler
{
    private readonly RaftConnectionHub hub;
    private readonly KafkaConnectionHandler kafka;

    public ControllerListenerConnectionHandler(KafkaBroker broker, RaftConnectionHub hub)
    {
        ArgumentNullException.ThrowIfNull(broker);
        ArgumentNullException.ThrowIfNull(hub);
        this.hub = hub;
        kafka = new KafkaConnectionHandler(broker, controllerListener: true);
    }

    public override async Task OnConnectedAsync(ConnectionContext connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        bool? raft;
        try
        {
            raft = await StartsWithPreambleAsync(connection).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ConnectionResetException or ConnectionAbortedException)
        {
            raft = null;
        }

        switch (raft)
        {
            case true:
                // Without a Raft engine listening the connection just closes; the peer retries.
                await hub.TryAcceptAsync(connection, connection.ConnectionClosed).ConfigureAwait(false);
                break;
            case false:
                await kafka.ServeAsync(connection, allowDirectSocketReceive: false).ConfigureAwait(false);
                break;
            default:
                break; // closed before a byte told which protocol it speaks
        }
    }

    /// <summary>
    /// Reads until the first bytes match the whole preamble (consumed: true) or differ from it (left in the
    /// pipe: false); null when the peer closed first.
    /// </summary>
    private static async ValueTask<bool?> StartsWithPreambleAsync(ConnectionContext connection)
    {
        var input = connection.Transport.Input;
        while (true)
        {
            var result = await input.ReadAsync(connection.ConnectionClosed).ConfigureAwait(false);
            var buffer = result.Buffer;
            switch (Match(buffer))
            {
                case true:
                    input.AdvanceTo(buffer.GetPosition(RaftPreamble.Length));
                    return true;
                case false:
                    // Nothing examined, so the Kafka session's first read returns these bytes at once.
                    input.AdvanceTo(buffer.Start);
                    return false;
            }

            if (result.IsCompleted || result.IsCanceled)
            {
                input.AdvanceTo(buffer.Start);
                return buffer.IsEmpty ? null : false;
            }

            input.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    // true: the preamble is complete; false: a byte differs; null: a prefix of it so far.
    private static bool? Match(ReadOnlySequence<byte> buffer)
    {
        var length = (int)Math.Min(buffer.Length, RaftPreamble.Length);
        Span<byte> head = stackalloc byte[RaftPreamble.Length];
        buffer.Slice(0, length).CopyTo(head);
        if (!head[..length].SequenceEqual(RaftPreamble.Bytes[..length]))
            return false;
        return length == RaftPreamble.Length ? true : null;
    }
}
