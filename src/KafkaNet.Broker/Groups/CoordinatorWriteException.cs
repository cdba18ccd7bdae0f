using KafkaNet.Protocol;

namespace KafkaNet.Broker.Groups;

/// <summary>
/// A coordinator write that was appended but not replicated, or not appended because leadership moved. The error a
/// group request gets follows Kafka's mapping of a failed write: a lost leadership is NOT_COORDINATOR (the client
/// looks for the new coordinator), a timeout or too few replicas COORDINATOR_NOT_AVAILABLE (the client retries).
/// </summary>
public sealed class CoordinatorWriteException : Exception
{
    public CoordinatorWriteException()
    {
    }

    public CoordinatorWriteException(string message)
        : base(message)
    {
    }

    public CoordinatorWriteException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>A write that failed with <paramref name="writeError"/> (NOT_LEADER_OR_FOLLOWER, REQUEST_TIMED_OUT...).</summary>
    public CoordinatorWriteException(ErrorCode writeError)
        : base($"The coordinator write failed with {writeError}.") => Error = ClientError(writeError);

    /// <summary>The error the group request is answered with.</summary>
    public ErrorCode Error { get; } = ErrorCode.CoordinatorNotAvailable;

    private static ErrorCode ClientError(ErrorCode writeError) => writeError switch
    {
        ErrorCode.NotLeaderOrFollower or ErrorCode.NotCoordinator or ErrorCode.KafkaStorageError => ErrorCode.NotCoordinator,
        _ => ErrorCode.CoordinatorNotAvailable,
    };
}
