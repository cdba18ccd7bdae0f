using KafkaNet.Cli.Arguments;
using KafkaNet.Cluster.Network;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Cli.Admin;

/// <summary>
/// Requests the commands send with our own protocol types, for the calls Confluent.Kafka's admin client does not
/// have: every failure to get an answer, and every error answer, becomes a <see cref="CommandFailedException"/>.
/// </summary>
internal static class ProtocolRequests
{
    /// <summary>Sends a request and waits for its answer.</summary>
    /// <exception cref="CommandFailedException">No connection, no answer in time, or an answer that cannot be read.</exception>
    public static async Task<TResponse> SendAsync<TResponse>(NodeClient client, IKafkaMessage request, short apiKey, short version, CancellationToken cancellationToken)
        where TResponse : class, IKafkaMessage<TResponse>
    {
        ArgumentNullException.ThrowIfNull(client);
        try
        {
            return await client.SendAsync<TResponse>(request, apiKey, version, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is NodeUnreachableException or TimeoutException or KafkaProtocolException)
        {
            throw new CommandFailedException($"No answer from {client.Address.Host}:{client.Address.Port}: {e.Message}", e);
        }
    }

    /// <summary>Asks a node which versions of each request it serves; the answer also shows that it is reachable.</summary>
    public static Task<ApiVersionsResponse> ApiVersionsAsync(NodeClient client, CancellationToken cancellationToken) =>
        SendAsync<ApiVersionsResponse>(client, new ApiVersionsRequest(), ApiVersionsRequest.ApiKey, 0, cancellationToken);

    /// <summary>The highest version of a request both the node (as its ApiVersions answer says) and this tool speak.</summary>
    /// <exception cref="CommandFailedException">UNSUPPORTED_VERSION: the node serves no version this tool speaks.</exception>
    public static short Version(ApiVersionsResponse versions, short apiKey, short lowest, short highest, string requestName)
    {
        ArgumentNullException.ThrowIfNull(versions);
        var served = versions.ApiKeys.FirstOrDefault(k => k.ApiKey == apiKey);
        if (served is null || served.MaxVersion < lowest || served.MinVersion > highest)
        {
            throw new CommandFailedException($"UNSUPPORTED_VERSION: The node does not support {requestName} version {lowest} to {highest}.");
        }

        return Math.Min(served.MaxVersion, highest);
    }

    /// <summary>An error answer as the commands report it: Kafka's error name and the node's message.</summary>
    public static void ThrowOnError(short code, string? message)
    {
        if (code != (short)ErrorCode.None)
        {
            throw new CommandFailedException(ErrorText(code, message));
        }
    }

    /// <summary>"NOT_LEADER_OR_FOLLOWER" or "UNKNOWN_TOPIC_OR_PARTITION: Topic x does not exist".</summary>
    public static string ErrorText(short code, string? message)
    {
        string name = ErrorCodes.Name((ErrorCode)code);
        return string.IsNullOrEmpty(message) ? name : $"{name}: {message}";
    }
}
