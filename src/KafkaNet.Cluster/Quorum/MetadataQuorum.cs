using System.Net;
using System.Net.Sockets;
using DotNext.Net.Cluster.Consensus.Raft;
using DotNext.Net.Cluster.Consensus.Raft.Membership;
using DotNext.Net.Cluster.Consensus.Raft.StateMachine;
using KafkaNet.Broker;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace KafkaNet.Cluster.Quorum;

/// <summary>
/// One node of the metadata quorum (KRaft's role), run by DotNext's Raft over TCP (on its own listener,
/// or on the controller listener through <see cref="MetadataQuorumOptions.Transport"/>) with a persistent
/// write-ahead log and snapshots. Committed entries feed an <see cref="IMetadataLogApplier"/>.
/// </summary>
public sealed class MetadataQuorum : IAsyncDisposable
{
    // How long a new leader may take to commit and apply what its log holds before it answers requests.
    private static readonly TimeSpan CatchUpTimeout = TimeSpan.FromSeconds(10);

    private readonly MetadataQuorumOptions options;
    private readonly RaftCluster cluster;
    private readonly WriteAheadLog log;
    private readonly MetadataStateMachine stateMachine;
    private readonly Dictionary<EndPoint, int> nodeIds;
    private readonly ILogger logger;
    private int disposed;

    private MetadataQuorum(MetadataQuorumOptions options, RaftCluster cluster, WriteAheadLog log,
        MetadataStateMachine stateMachine, Dictionary<EndPoint, int> nodeIds, ILogger logger)
    {
        this.options = options;
        this.cluster = cluster;
        this.log = log;
        this.stateMachine = stateMachine;
        this.nodeIds = nodeIds;
        this.logger = logger;
    }

    /// <summary>Raised on every leadership change, on a Raft engine thread.</summary>
    public event Action<QuorumLeadership>? LeadershipChanged;

    /// <summary>This node's id.</summary>
    public int NodeId => options.NodeId;

    /// <summary>The leader this node knows of, or null.</summary>
    public int? LeaderId => cluster.Leader is { } leader && nodeIds.TryGetValue(leader.EndPoint, out var id) ? id : null;

    /// <summary>Whether this node leads the quorum now.</summary>
    public bool IsLeader => !cluster.LeadershipToken.IsCancellationRequested;

    /// <summary>The current Raft term, which plays the leader epoch.</summary>
    public long Epoch => cluster.AuditTrail.Term;

    /// <summary>The index of the last entry known committed by a majority.</summary>
    public long CommittedIndex => log.LastCommittedEntryIndex;

    /// <summary>The index of the last entry handed to the applier.</summary>
    public long AppliedIndex => log.LastAppliedIndex;

    /// <summary>
    /// Starts this node: restores the last snapshot, replays the committed log after it into the applier,
    /// and joins the quorum. A single voter leads at once.
    /// </summary>
    public static async Task<MetadataQuorum> StartAsync(MetadataQuorumOptions options, IMetadataLogApplier applier,
        ILoggerFactory? loggerFactory = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(applier);
        options.Validate();
        loggerFactory ??= NullLoggerFactory.Instance;

        var nodeIds = new Dictionary<EndPoint, int>();
        IPEndPoint? local = null;
        foreach (var voter in options.Voters)
        {
            var endPoint = await ResolveAsync(voter, cancellationToken).ConfigureAwait(false);
            nodeIds.Add(endPoint, voter.NodeId);
            if (voter.NodeId == options.NodeId)
                local = endPoint;
        }

        var stateMachine = new MetadataStateMachine(
            new DirectoryInfo(Path.Combine(options.DataDirectory, "snapshots")), applier, options.SnapshotIntervalEntries);
        WriteAheadLog? log = null;
        RaftCluster? cluster = null;
        try
        {
            await stateMachine.RestoreAsync(cancellationToken).ConfigureAwait(false);
            log = new MetadataWriteAheadLog(
                new WriteAheadLog.Options { Location = Path.Combine(options.DataDirectory, "log") },
                stateMachine);
            var configuration = CreateConfiguration(options, local!, loggerFactory);
            var storage = configuration.ConfigurationStorage as InMemoryClusterConfigurationStorage<EndPoint>
                          ?? throw new InvalidOperationException("The Raft engine did not supply an in-memory membership storage.");
            var members = storage.CreateInitialConfigurationBuilder();
            foreach (var endPoint in nodeIds.Keys)
                members.Add(endPoint);
            members.Build();

            cluster = new RaftCluster(configuration) { AuditTrail = log };

            var quorum = new MetadataQuorum(options, cluster, log, stateMachine, nodeIds,
                loggerFactory.CreateLogger<MetadataQuorum>());
            cluster.LeaderChanged += quorum.OnLeaderChanged;
            await cluster.StartAsync(cancellationToken).ConfigureAwait(false);
            QuorumLog.Started(quorum.logger, options.NodeId, local!.ToString(), options.Voters.Count);
            return quorum;
        }
        catch
        {
            await DisposeAllAsync(cluster, log, stateMachine).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Appends an entry on the leader and returns its log index once a majority committed it and this node
    /// applied it.
    /// </summary>
    /// <exception cref="NotControllerException">This node is not the leader, or lost leadership meanwhile.</exception>
    public async Task<long> AppendAsync(ReadOnlyMemory<byte> entry, CancellationToken cancellationToken)
    {
        // The log engine drops empty payloads before the applier, so they could never be confirmed.
        if (entry.IsEmpty)
            throw new ArgumentException("A metadata log entry cannot be empty.", nameof(entry));
        ObjectDisposedException.ThrowIf(Volatile.Read(ref disposed) != 0, this);
        if (!IsLeader)
            throw new NotControllerException(LeaderId);

        if (options.Voters.Count > 1)
            await ConfirmLeaseAsync(cancellationToken).ConfigureAwait(false);
        var ticket = new AppendTicket();
        try
        {
            await cluster.ReplicateAsync(
                new BinaryLogEntry { Content = entry, Term = Epoch, Context = ticket }, cancellationToken).ConfigureAwait(false);
        }
        catch (NotLeaderException e)
        {
            throw new NotControllerException(LeaderId, e);
        }

        return ticket.Index is > 0 and var index
            ? index
            : throw new NotControllerException(LeaderId);
    }

    /// <summary>
    /// Waits until this leader's lease (a majority heard from within it) is valid. A leader past its lease, a process
    /// that was paused say, may have been replaced: an entry it appended now could sit in its log among the new
    /// leader's, so it appends only once a round of replication confirmed it, and otherwise learns it lost.
    /// </summary>
    private async Task ConfirmLeaseAsync(CancellationToken cancellationToken)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            if (!cluster.TryGetLeaseToken(out var lease) || !IsLeader)
                throw new NotControllerException(LeaderId);
            if (!lease.IsCancellationRequested)
                return;
            if (clock.Elapsed > options.RequestTimeout + options.ElectionTimeoutMax)
                throw new NotControllerException(LeaderId);
            await Task.Delay(5, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Completes once every entry this node's log holds now has been committed and applied. On a new leader
    /// that covers all its predecessor wrote (Raft's leader holds every committed entry), so what it decides next
    /// starts from the latest image.
    /// </summary>
    /// <exception cref="NotControllerException">This node is not the leader, or lost leadership meanwhile.</exception>
    /// <exception cref="TimeoutException">Not applied within 10 s.</exception>
    public async Task CatchUpAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref disposed) != 0, this);
        long target = log.LastEntryIndex;
        if (log.LastAppliedIndex >= target)
            return;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (log.LastAppliedIndex < target)
        {
            if (!IsLeader)
                throw new NotControllerException(LeaderId);
            if (clock.Elapsed > CatchUpTimeout)
                throw new TimeoutException($"The metadata log was applied to {log.LastAppliedIndex}, not {target}, within {CatchUpTimeout}.");
            // Rare and short (right after an election), so a poll serves.
            await Task.Delay(5, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Waits until some leader is known.</summary>
    /// <exception cref="TimeoutException">No leader was elected in time.</exception>
    public async Task WaitForLeaderAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var leader = await cluster.WaitForLeaderAsync(timeout, cancellationToken).ConfigureAwait(false);
        if (leader is null)
            throw new TimeoutException($"No metadata quorum leader was elected within {timeout}.");
    }

    /// <summary>
    /// What DescribeQuorum reports. The Raft engine does not expose its per-follower replication index or
    /// contact times, so followers show -1 for those; the leader reports itself with the current time.
    /// </summary>
    public QuorumDescription Describe()
    {
        var leaderId = LeaderId ?? -1;
        var self = options.NodeId;
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        // Offsets as Kafka reports them: one past the last entry. The Raft engine keeps other voters' progress to
        // itself, so theirs read -1.
        var voters = new List<QuorumReplicaState>(options.Voters.Count);
        foreach (var voter in options.Voters)
        {
            voters.Add(voter.NodeId == self
                ? new QuorumReplicaState(self, log.LastEntryIndex + 1, leaderId == self ? now : -1, leaderId == self ? now : -1)
                : new QuorumReplicaState(voter.NodeId, -1, -1, -1));
        }

        return new QuorumDescription(leaderId, Epoch, CommittedIndex + 1, voters, []);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
            return;
        cluster.LeaderChanged -= OnLeaderChanged;
        await DisposeAllAsync(cluster, log, stateMachine).ConfigureAwait(false);
    }

    private static async ValueTask DisposeAllAsync(RaftCluster? cluster, WriteAheadLog? log, MetadataStateMachine stateMachine)
    {
        if (cluster is not null)
        {
            await cluster.StopAsync(CancellationToken.None).ConfigureAwait(false);
            await cluster.DisposeAsync().ConfigureAwait(false);
        }

        if (log is not null)
            await log.DisposeAsync().ConfigureAwait(false);
        await stateMachine.DisposeAsync().ConfigureAwait(false);
    }

    private void OnLeaderChanged(RaftCluster<RaftClusterMember> sender, RaftClusterMember? leader)
    {
        int? leaderId = leader is not null && nodeIds.TryGetValue(leader.EndPoint, out var id) ? id : null;
        var epoch = Epoch;
        if (leaderId is { } known)
            QuorumLog.LeaderChanged(logger, known, epoch);
        try
        {
            LeadershipChanged?.Invoke(new QuorumLeadership(leaderId, epoch));
        }
#pragma warning disable CA1031 // a faulty listener must not break the Raft engine's state transition
        catch (Exception e)
#pragma warning restore CA1031
        {
            QuorumLog.ListenerFailed(logger, e);
        }
    }

    // null storage selects the engine's in-memory one, seeded by the caller with the static voter set
    private static RaftCluster.NodeConfiguration CreateConfiguration(MetadataQuorumOptions options, IPEndPoint local, ILoggerFactory loggerFactory)
        => options.Transport is { } hub
            ? new RaftCluster.CustomTransportConfiguration(local, hub, hub)
            {
                ConfigurationStorage = null,
                LowerElectionTimeout = (int)options.ElectionTimeoutMin.TotalMilliseconds,
                UpperElectionTimeout = (int)options.ElectionTimeoutMax.TotalMilliseconds,
                RequestTimeout = options.RequestTimeout,
                ConnectTimeout = options.RequestTimeout,
                ColdStart = false,
                IsLeaderLeaseEnabled = true,
                LoggerFactory = loggerFactory,
            }
            : new RaftCluster.TcpConfiguration(local)
            {
                ConfigurationStorage = null,
                LowerElectionTimeout = (int)options.ElectionTimeoutMin.TotalMilliseconds,
                UpperElectionTimeout = (int)options.ElectionTimeoutMax.TotalMilliseconds,
                RequestTimeout = options.RequestTimeout,
                ColdStart = false,
                IsLeaderLeaseEnabled = true,
                LoggerFactory = loggerFactory,
            };

    private static async ValueTask<IPEndPoint> ResolveAsync(ControllerQuorumVoter voter, CancellationToken cancellationToken)
    {
        if (IPAddress.TryParse(voter.Host, out var address))
            return new IPEndPoint(address, voter.Port);

        var addresses = await Dns.GetHostAddressesAsync(voter.Host, cancellationToken).ConfigureAwait(false);
        var chosen = addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork)
                     ?? addresses.FirstOrDefault()
                     ?? throw new ArgumentException($"Voter host '{voter.Host}' does not resolve.", nameof(voter));
        return new IPEndPoint(chosen, voter.Port);
    }
}
