using KafkaNet.Broker;
using KafkaNet.Broker.Metadata;
using KafkaNet.Cluster.Quorum;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;
using KafkaNet.Protocol.Metadata;

namespace KafkaNet.Cluster.Controller;

// Voter changes of a dynamic metadata quorum (KIP-853): AddRaftVoter and RemoveRaftVoter, one at a time, with the
// voter set recorded in the metadata log (VotersRecord) so every node can name the members the Raft engine knows by address.
public sealed partial class QuorumController
{
    // Kafka's bound when the request names none.
    private static readonly TimeSpan DefaultVoterChangeTimeout = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim _voterChange = new(1, 1);

    /// <summary>The quorum member this controller runs beside; voter changes go through it. Set once the quorum has started.</summary>
    public MetadataQuorum? Quorum { get; set; }

    /// <summary>The listener controllers are reached on (the first of controller.listener.names); a new voter must name it.</summary>
    public string ControllerListenerName { get; set; } = "CONTROLLER";

    public async Task<AddRaftVoterResponse> AddRaftVoterAsync(AddRaftVoterRequest request, short version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (Refusal(request.ClusterId, "adding") is { } refused)
        {
            return new AddRaftVoterResponse { ErrorCode = (short)refused.Code, ErrorMessage = refused.Message };
        }
        var listener = request.Listeners.FirstOrDefault(l => l.Name == ControllerListenerName);
        if (listener is null || request.VoterDirectoryId == Guid.Empty || request.VoterId < 0)
        {
            return new AddRaftVoterResponse
            {
                ErrorCode = (short)ErrorCode.InvalidRequest,
                ErrorMessage = listener is null
                    ? $"Provided listeners do not contain a listener for {ControllerListenerName}"
                    : "A voter needs a node id and a directory id",
            };
        }
        var (code, message) = await ChangeVotersAsync(async (quorum, timeout) =>
        {
            var current = quorum.Voters;
            if (current.Any(v => v.NodeId == request.VoterId))
            {
                return (ErrorCode.DuplicateVoter, $"The voter id {request.VoterId} is already part of the set of voters {string.Join(',', current.Select(v => v.NodeId))}.");
            }
            var voter = new ControllerQuorumVoter(request.VoterId, listener.Host, listener.Port, request.VoterDirectoryId);
            // Named in the log first, so that every node knows whose address the new member is when it arrives.
            var written = await WriteVotersAsync([.. current, voter], cancellationToken).ConfigureAwait(false);
            if (written != ErrorCode.None)
            {
                return (written, null);
            }
            if (!await quorum.AddVoterAsync(voter, timeout).ConfigureAwait(false))
            {
                await WriteVotersAsync(current, cancellationToken).ConfigureAwait(false);
                return (ErrorCode.RequestTimedOut, $"Aborted add voter operation for {voter.NodeId} since it did not catch up");
            }
            // The Raft engine takes a membership into use where it is applied, not where it is appended: until the
            // others learn that the change committed, losing this leader would leave them on the old membership,
            // unable to elect anyone. One more committed entry carries the commit to a majority of the new one.
            var settled = await RunAsync(
                _ => new Plan<ErrorCode>([MetadataRecord.Latest(new NoOpRecord())], _ => ErrorCode.None),
                (code, _) => code == ErrorCode.NotController ? ErrorCode.NotLeaderOrFollower : code,
                timeout).ConfigureAwait(false);
            return (settled, null);
        }, request.TimeoutMs, cancellationToken).ConfigureAwait(false);
        return new AddRaftVoterResponse { ErrorCode = (short)code, ErrorMessage = message };
    }

    public async Task<RemoveRaftVoterResponse> RemoveRaftVoterAsync(RemoveRaftVoterRequest request, short version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (Refusal(request.ClusterId, "removing") is { } refused)
        {
            return new RemoveRaftVoterResponse { ErrorCode = (short)refused.Code, ErrorMessage = refused.Message };
        }
        var (code, message) = await ChangeVotersAsync(async (quorum, timeout) =>
        {
            var current = quorum.Voters;
            var target = current.FirstOrDefault(v => v.NodeId == request.VoterId && v.DirectoryId == request.VoterDirectoryId);
            // As Kafka's voter set: the last voter cannot go, and an id with another directory id is another replica.
            if (target is null || current.Count == 1)
            {
                return (ErrorCode.VoterNotFound, $"Cannot remove voter {request.VoterId} from the set of voters {string.Join(',', current.Select(v => v.NodeId))}");
            }
            if (!await quorum.RemoveVoterAsync(target.NodeId, timeout).ConfigureAwait(false))
            {
                return (ErrorCode.RequestTimedOut, $"The removal of voter {target.NodeId} was not committed in time");
            }
            // A leader that removed itself hands over; the next one records the set on taking office.
            await WriteVotersAsync([.. current.Where(v => v != target)], cancellationToken).ConfigureAwait(false);
            return (ErrorCode.None, null);
        }, 0, cancellationToken).ConfigureAwait(false);
        return new RemoveRaftVoterResponse { ErrorCode = (short)code, ErrorMessage = message };
    }

    /// <summary>
    /// On a dynamic quorum's new leader: writes the voter set when the log's differs from the Raft engine's (a fresh
    /// quorum's first leader, or a change whose record its predecessor did not get to write).
    /// </summary>
    private async Task RecordVotersOnLeadershipAsync()
    {
        if (Quorum is not { IsDynamic: true } quorum)
        {
            return;
        }
        try
        {
            await _voterChange.WaitAsync(_stopping.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        try
        {
            await _writer.CatchUpAsync(_stopping.Token).ConfigureAwait(false);
            var voters = quorum.Voters;
            // A member whose id this node has not learned would drop out of the record; leave that to a leader that knows it.
            if (voters.Count > 0 && quorum.VotersFullyKnown && !SameVoters(Image.Voters, voters))
            {
                await WriteVotersAsync(voters, _stopping.Token).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or NotControllerException or TimeoutException)
        {
            // Stopping or no longer leading: the next leader checks again.
        }
        finally
        {
            _voterChange.Release();
        }
    }

    private (ErrorCode Code, string Message)? Refusal(string? clusterId, string operation)
    {
        if (Quorum is not { } quorum || !quorum.IsLeader)
        {
            return (ErrorCode.NotLeaderOrFollower, "This controller is not the quorum leader.");
        }
        if (clusterId is not null && _options.ClusterId is not null && clusterId != _options.ClusterId)
        {
            return (ErrorCode.InconsistentClusterId, $"The request is for cluster {clusterId}, this is cluster {_options.ClusterId}.");
        }
        if (!quorum.IsDynamic)
        {
            return (ErrorCode.UnsupportedVersion, $"Cluster doesn't support {operation} voter because the kraft.version feature is 0");
        }
        return null;
    }

    // One voter change at a time, as Kafka: a second one meanwhile is told to come back later.
    private async Task<(ErrorCode, string?)> ChangeVotersAsync(Func<MetadataQuorum, CancellationToken, Task<(ErrorCode, string?)>> change,
        int timeoutMs, CancellationToken cancellationToken)
    {
        if (!await _voterChange.WaitAsync(0, cancellationToken).ConfigureAwait(false))
        {
            return (ErrorCode.RequestTimedOut, "Request timed out waiting for leader to handle previous voter change");
        }
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(timeoutMs > 0 ? TimeSpan.FromMilliseconds(timeoutMs) : DefaultVoterChangeTimeout);
            return await change(Quorum!, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (ErrorCode.RequestTimedOut, "The voter change did not complete in time");
        }
        catch (NotControllerException)
        {
            return (ErrorCode.NotLeaderOrFollower, "This controller lost the quorum leadership.");
        }
        finally
        {
            _voterChange.Release();
        }
    }

    private Task<ErrorCode> WriteVotersAsync(IReadOnlyList<ControllerQuorumVoter> voters, CancellationToken cancellationToken) =>
        RunAsync(
            image => SameVoters(image.Voters, voters)
                ? Plan<ErrorCode>.Answer(ErrorCode.None)
                : new Plan<ErrorCode>([MetadataRecord.Latest(VotersRecords.ToRecord(voters, ControllerListenerName))], _ => ErrorCode.None),
            (code, _) => code == ErrorCode.NotController ? ErrorCode.NotLeaderOrFollower : code,
            cancellationToken);

    private static bool SameVoters(IReadOnlyList<ControllerQuorumVoter> a, IReadOnlyList<ControllerQuorumVoter> b) =>
        a.Count == b.Count && a.All(b.Contains);
}
