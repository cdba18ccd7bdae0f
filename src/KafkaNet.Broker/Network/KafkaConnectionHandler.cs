using System.IO.Pipelines;
using KafkaNet.Broker.Handlers;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.Extensions.Logging;

namespace KafkaNet.Broker.Network;

/// <summary>
/// Serves one Kafka connection: reads a frame, decodes the header with the header version the
/// API table gives, dispatches to the handler, writes the response. One request at a time per
/// connection, as Kafka does, so responses leave in request order.
/// Unknown API keys and unparseable headers or bodies close the connection, as Kafka does.
/// </summary>
public sealed class KafkaConnectionHandler : ConnectionHandler
{
    private readonly KafkaBroker _broker;
    private readonly ILogger _logger;

    public KafkaConnectionHandler(KafkaBroker broker)
    {
        ArgumentNullException.ThrowIfNull(broker);
        _broker = broker;
        _logger = broker.LoggerFactory.CreateLogger<KafkaConnectionHandler>();
    }

    public override async Task OnConnectedAsync(ConnectionContext connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var input = connection.Transport.Input;
        var output = connection.Transport.Output;
        var cancellation = connection.ConnectionClosed;
        // Writing to the socket directly is only right when nothing (TLS) sits between us and it.
        bool plaintext = connection.Features.Get<Microsoft.AspNetCore.Connections.Features.ITlsHandshakeFeature>() is null;
        var socket = _broker.Options.ZeroCopyFetch && plaintext ? connection.Features.Get<IConnectionSocketFeature>()?.Socket : null;
        using var sender = new ResponseSender(output, socket);
        Log.ConnectionOpened(_logger, connection.ConnectionId, connection.RemoteEndPoint?.ToString());
        string clientHost = ClientHost(connection.RemoteEndPoint);
        try
        {
            while (!cancellation.IsCancellationRequested)
            {
                using var frame = await FrameReader.ReadAsync(input, _broker.Options.SocketRequestMaxBytes, cancellation).ConfigureAwait(false);
                if (frame is null)
                {
                    break;
                }
                if (!await ProcessAsync(connection.ConnectionId, clientHost, frame.Memory, sender, cancellation).ConfigureAwait(false))
                {
                    break;
                }
            }
        }
        catch (InvalidFrameException e)
        {
            Log.ClosingConnection(_logger, connection.ConnectionId, e.Message);
        }
        catch (KafkaProtocolException e)
        {
            Log.ClosingConnection(_logger, connection.ConnectionId, e.Message);
        }
        catch (OperationCanceledException)
        {
            // The peer went away or the server is stopping.
        }
        catch (ConnectionResetException)
        {
            // The peer reset the connection.
        }
        catch (IOException)
        {
            // The socket failed under us; nothing to answer.
        }
        catch (System.Net.Sockets.SocketException)
        {
            // The peer went away while a response was being sent.
        }
#pragma warning disable CA1031 // A failure serving one connection closes that connection, never the broker.
        catch (Exception e)
        {
            Log.ConnectionFailed(_logger, e, connection.ConnectionId);
        }
#pragma warning restore CA1031
        finally
        {
            await input.CompleteAsync().ConfigureAwait(false);
            await output.CompleteAsync().ConfigureAwait(false);
            Log.ConnectionClosed(_logger, connection.ConnectionId);
        }
    }

    /// <summary>The peer's address as Kafka reports a member's client host: "/127.0.0.1".</summary>
    private static string ClientHost(System.Net.EndPoint? remote) =>
        remote is System.Net.IPEndPoint ip ? "/" + ip.Address : "/" + (remote?.ToString() ?? "unknown");

    /// <summary>Handles one frame; false means close the connection.</summary>
    private async ValueTask<bool> ProcessAsync(string connectionId, string clientHost, ReadOnlyMemory<byte> frame, ResponseSender output, CancellationToken cancellationToken)
    {
        var peek = new KafkaReader(frame);
        short apiKey = peek.ReadInt16();
        short version = peek.ReadInt16();
        var descriptor = ApiTable.Find(apiKey);
        var handler = _broker.Handlers.Find(apiKey);
        if (descriptor is null || handler is null)
        {
            Log.ClosingConnection(_logger, connectionId, $"unknown API key {apiKey}");
            return false;
        }

        var reader = new KafkaReader(frame);
        var header = RequestHeader.Read(ref reader, descriptor.RequestHeaderVersion(version));

        if (version < handler.LowestVersion || version > handler.HighestVersion)
        {
            return await AnswerUnsupportedVersionAsync(connectionId, descriptor, header, output, cancellationToken).ConfigureAwait(false);
        }

        var request = ApiTable.ReadRequest(apiKey, ref reader, version);
        var context = new RequestContext(_broker, header, connectionId) { ClientHost = clientHost };
        var response = await handler.HandleAsync(context, request, cancellationToken).ConfigureAwait(false);
        if (response is not null)
        {
            await output.SendAsync(header.CorrelationId, descriptor.ResponseHeaderVersion(version), response, version, cancellationToken).ConfigureAwait(false);
        }
        if (context.CloseConnection)
        {
            Log.ClosingConnection(_logger, connectionId, $"{descriptor.Name} v{version} asked to close the connection");
            return false;
        }
        return true;
    }

    /// <summary>
    /// ApiVersions gets a v0 response with UNSUPPORTED_VERSION and our ranges, so any client can
    /// read it and retry with a version we have. Other APIs get UNSUPPORTED_VERSION in their own
    /// response when that version has a top-level error code; otherwise the connection closes.
    /// </summary>
    private async ValueTask<bool> AnswerUnsupportedVersionAsync(string connectionId, ApiDescriptor descriptor, RequestHeader header, ResponseSender output, CancellationToken cancellationToken)
    {
        short version = header.RequestApiVersion;
        IKafkaMessage response;
        short responseVersion;
        if (descriptor.ApiKey == ApiVersionsRequest.ApiKey)
        {
            response = ApiVersionsHandler.Build(_broker.Handlers, ErrorCode.UnsupportedVersion);
            responseVersion = 0;
        }
        else if (descriptor.IsSupported(version) && ApiTable.CreateResponse(descriptor.ApiKey) is IHasErrorCode withError && withError.HasErrorCodeIn(version))
        {
            withError.ErrorCode = (short)ErrorCode.UnsupportedVersion;
            response = (IKafkaMessage)withError;
            responseVersion = version;
        }
        else
        {
            Log.ClosingConnection(_logger, connectionId, $"{descriptor.Name} v{version} is not supported");
            return false;
        }
        await output.SendAsync(header.CorrelationId, responseVersion == 0 ? (short)0 : descriptor.ResponseHeaderVersion(responseVersion), response, responseVersion, cancellationToken).ConfigureAwait(false);
        return true;
    }
}
