using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using KafkaNet.Broker;
using KafkaNet.Broker.Handlers;
using KafkaNet.Broker.Security;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;
using Microsoft.AspNetCore.Connections;

namespace KafkaNet.Cluster.Quorum.Transport;

/// <summary>
/// The server side of the SASL login a Raft connection makes on a SASL controller listener, right after its preamble:
/// SaslHandshake v1 and SaslAuthenticate requests, answered by the same handlers and mechanism servers as any Kafka
/// connection of the listener. Nothing else is accepted before the login succeeds.
/// </summary>
internal static class RaftSaslLogin
{
    // A login's requests are small: a bigger frame is no login.
    private const int MaxFrameBytes = 64 * 1024;
    private static readonly SaslHandshakeHandler Handshake = new();
    private static readonly SaslAuthenticateHandler Authenticate = new();

    /// <returns>The principal logged in; null when the login failed or the peer left (the connection is to be closed).</returns>
    public static async Task<string?> RunAsync(ConnectionContext connection, KafkaBroker broker, SaslListenerSettings settings, string clientHost)
    {
        var state = new SaslConnectionState(settings);
        var input = connection.Transport.Input;
        var output = connection.Transport.Output;
        var closed = connection.ConnectionClosed;
        while (!state.IsAuthenticated)
        {
            var frame = await ReadFrameAsync(input, closed).ConfigureAwait(false);
            if (frame is null)
            {
                return null;
            }
            var reader = new KafkaReader(frame);
            short apiKey = BinaryPrimitives.ReadInt16BigEndian(frame.AsSpan());
            short version = BinaryPrimitives.ReadInt16BigEndian(frame.AsSpan(2));
            IApiHandler? handler = apiKey switch
            {
                SaslHandshakeRequest.ApiKey when version == 1 => Handshake,
                SaslAuthenticateRequest.ApiKey when version >= Authenticate.LowestVersion && version <= Authenticate.HighestVersion => Authenticate,
                _ => null,
            };
            if (handler is null)
            {
                return null;
            }
            var descriptor = ApiTable.Find(apiKey)!;
            RequestHeader header;
            IKafkaMessage request;
            try
            {
                header = RequestHeader.Read(ref reader, descriptor.RequestHeaderVersion(version));
                request = ApiTable.ReadRequest(apiKey, ref reader, version);
            }
#pragma warning disable CA1031 // The generated readers signal malformed input with several exception types: no login either way.
            catch (Exception)
#pragma warning restore CA1031
            {
                return null;
            }
            var context = new RequestContext(broker, header, connection.ConnectionId) { ClientHost = clientHost, Sasl = state };
            var response = await handler.HandleAsync(context, request, closed).ConfigureAwait(false);
            await WriteAsync(output, header.CorrelationId, descriptor.ResponseHeaderVersion(version), response!, version, closed).ConfigureAwait(false);
            if (context.CloseConnection)
            {
                return null;
            }
        }
        return state.Principal;
    }

    private static async Task<byte[]?> ReadFrameAsync(PipeReader input, CancellationToken cancellationToken)
    {
        var sizeBytes = new byte[4];
        while (true)
        {
            var result = await input.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            if (buffer.Length >= 4)
            {
                buffer.Slice(0, 4).CopyTo(sizeBytes);
                int size = BinaryPrimitives.ReadInt32BigEndian(sizeBytes);
                if (size < 4 || size > MaxFrameBytes)
                {
                    input.AdvanceTo(buffer.Start);
                    return null;
                }
                if (buffer.Length >= 4 + size)
                {
                    var frame = buffer.Slice(4, size).ToArray();
                    // Consumed up to the frame's end only: Raft's first bytes may follow it in the pipe.
                    input.AdvanceTo(buffer.GetPosition(4 + size));
                    return frame;
                }
            }
            if (result.IsCompleted || result.IsCanceled)
            {
                input.AdvanceTo(buffer.End);
                return null;
            }
            input.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private static async Task WriteAsync(PipeWriter output, int correlationId, short headerVersion, IKafkaMessage body, short version, CancellationToken cancellationToken)
    {
        int headerSize = headerVersion >= 1 ? 5 : 4;
        int bodySize = body.Size(version);
        var frame = new byte[4 + headerSize + bodySize];
        BinaryPrimitives.WriteInt32BigEndian(frame, headerSize + bodySize);
        BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(4), correlationId);
        // A flexible header's tagged fields: none (the byte is already 0).
        var writer = new KafkaWriter(frame.AsSpan(4 + headerSize));
        body.Write(ref writer, version);
        await output.WriteAsync(frame, cancellationToken).ConfigureAwait(false);
    }
}
