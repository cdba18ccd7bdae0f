using System.Buffers;
using System.Net;
using KafkaNet.Broker;
using KafkaNet.Broker.Network;
using KafkaNet.Broker.Security.Authorization;
using KafkaNet.Broker.Security.Tls;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;

namespace KafkaNet.Cluster.Quorum.Transport;

/// <summary>
/// Serves the controller listener, which carries both Raft and Kafka as in Kafka: a connection that opens
/// with the Raft preamble goes to the <see cref="RaftConnectionHub"/>, any other is a Kafka connection,
/// its first bytes left in the pipe for the Kafka session. A Raft connection is a peer controller: on a SASL listener
/// it logs in first, and with an authorizer its principal needs CLUSTER_ACTION on the cluster, as Kafka's controllers
/// require of Vote, BeginQuorumEpoch, EndQuorumEpoch and Fetch.
/// </summary>
public sealed partial class ControllerListenerConnectionHandler : ConnectionHandler
{
    private readonly KafkaBroker broker;
    private readonly RaftConnectionHub hub;
    private readonly ControllerListenerAuthentication authentication;
    private readonly KafkaConnectionHandler kafka;
    private readonly ILogger logger;

    public ControllerListenerConnectionHandler(KafkaBroker broker, RaftConnectionHub hub)
        : this(broker, hub, new ControllerListenerAuthentication())
    {
    }

    public ControllerListenerConnectionHandler(KafkaBroker broker, RaftConnectionHub hub, ControllerListenerAuthentication authentication)
    {
        ArgumentNullException.ThrowIfNull(broker);
        ArgumentNullException.ThrowIfNull(hub);
        ArgumentNullException.ThrowIfNull(authentication);
        this.broker = broker;
        this.hub = hub;
        this.authentication = authentication;
        kafka = new KafkaConnectionHandler(broker, controllerListener: true)
        {
            ListenerName = authentication.ListenerName,
            Sasl = authentication.Sasl,
            SslPrincipals = authentication.SslPrincipals,
        };
        logger = broker.LoggerFactory.CreateLogger<ControllerListenerConnectionHandler>();
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
                if (await IsPeerControllerAsync(connection).ConfigureAwait(false))
                {
                    // Without a Raft engine listening the connection just closes; the peer retries.
                    await hub.TryAcceptAsync(connection, connection.ConnectionClosed).ConfigureAwait(false);
                }
                break;
            case false:
                await kafka.ServeAsync(connection, allowDirectSocketReceive: false).ConfigureAwait(false);
                break;
            default:
                break; // closed before a byte told which protocol it speaks
        }
    }

    /// <summary>Logs a Raft connection in (SASL listeners) and checks its principal may act as a controller.</summary>
    private async Task<bool> IsPeerControllerAsync(ConnectionContext connection)
    {
        string host = (connection.RemoteEndPoint as IPEndPoint)?.Address.ToString() ?? "unknown";
        string? principal;
        try
        {
            principal = authentication.Sasl is { } sasl
                ? await RaftSaslLogin.RunAsync(connection, broker, sasl, "/" + host).ConfigureAwait(false)
                : authentication.SslPrincipals?.Build(connection.Features.Get<TlsClientCertificateFeature>()?.Certificate) ?? SslPrincipalBuilder.Anonymous;
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ConnectionResetException or ConnectionAbortedException
            or KafkaNet.Protocol.KafkaProtocolException or NoMatchingSslPrincipalRuleException)
        {
            Log.RaftRefused(logger, connection.ConnectionId, host, e.Message);
            return false;
        }
        if (principal is null)
        {
            Log.RaftRefused(logger, connection.ConnectionId, host, "the SASL login failed");
            return false;
        }
        if (broker.Authorizer?.Authorize(principal, host, AclOperation.ClusterAction, AclResourceType.Cluster, AclValidation.ClusterResourceName) == false)
        {
            broker.Audit.Denied(principal, host, AclOperation.ClusterAction, AclResourceType.Cluster, AclValidation.ClusterResourceName, "Raft");
            Log.RaftRefused(logger, connection.ConnectionId, host, $"principal {principal} lacks CLUSTER_ACTION on the cluster");
            return false;
        }
        return true;
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

    private static partial class Log
    {
        [LoggerMessage(EventId = 431, Level = LogLevel.Warning, Message = "Raft connection {ConnectionId} from {Host} refused on the controller listener: {Reason}")]
        public static partial void RaftRefused(ILogger logger, string connectionId, string host, string reason);
    }
}
