using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;
using KafkaNet.WebConsole.Dispatch;

namespace KafkaNet.WebConsole.Kafka;

/// <summary>Finding a group's coordinator, and waiting for it, as a Kafka client does before its group requests.</summary>
internal static class GroupCoordinator
{
    // One key per request.
    private const short FindCoordinatorVersion = 3;
    private const int CoordinatorAttempts = 50;
    private static readonly TimeSpan CoordinatorRetryDelay = TimeSpan.FromMilliseconds(100);
    private static readonly HashSet<ErrorCode> CoordinatorNotReady =
        [ErrorCode.NotCoordinator, ErrorCode.CoordinatorNotAvailable, ErrorCode.CoordinatorLoadInProgress];

    /// <summary>
    /// Asks for the group's coordinator as a client does before its first group request (which creates the offsets
    /// topic on first use), waiting a bounded time while it is not available yet.
    /// </summary>
    /// <exception cref="ConsoleApiException">Another broker coordinates the group (NOT_COORDINATOR), or the coordinator stays unavailable.</exception>
    public static async Task AwaitCoordinatorAsync(this BrokerRequests kafka, string groupId, CancellationToken cancellationToken)
    {
        int coordinator = await RetryWhileLoadingAsync(async () =>
        {
            var response = await kafka.SendAsync<FindCoordinatorResponse>(FindCoordinatorRequest.ApiKey, FindCoordinatorVersion,
                new FindCoordinatorRequest { Key = groupId, KeyType = 0 }, cancellationToken).ConfigureAwait(false);
            ConsoleApiException.ThrowIfError(response.ErrorCode, response.ErrorMessage, groupId);
            return response.NodeId;
        }, cancellationToken).ConfigureAwait(false);
        if (coordinator != kafka.Broker.Options.NodeId)
        {
            throw new ConsoleApiException(ErrorCode.NotCoordinator, $"Group '{groupId}' is coordinated by broker {coordinator}: its console shows the group.");
        }
    }

    /// <summary>
    /// Runs a group request again while the coordinator is not ready: the coordinator of a group just created takes
    /// a moment to load its partition of the offsets topic, and clients retry meanwhile. Bounded in attempts.
    /// </summary>
    public static async Task<T> RetryWhileLoadingAsync<T>(Func<Task<T>> request, CancellationToken cancellationToken)
    {
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                return await request().ConfigureAwait(false);
            }
            catch (ConsoleApiException e) when (CoordinatorNotReady.Contains(e.Error) && attempt < CoordinatorAttempts)
            {
                await Task.Delay(CoordinatorRetryDelay, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
