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
/// The voters are either configured statically (controller.quorum.voters) or, in a dynamic quorum (KIP-853),
/// start from the format's initial set and change one at a time through <see cref="AddVoterAsync"/> and
/// <see cref="RemoveVoterAsync"/>.
/// </summary>
public sealed class MetadataQuorum : IAsyncDisposable
{
    // How long a new leader may take to commit and apply what its log holds before it answers requests.
    private static readonly TimeSpan CatchUpTimeout = TimeSpan.FromSeconds(10);

    private readonly MetadataQuorumOptions options;
    private readonly RaftCluster cluster;
    private readonly WriteAheadLog log;
    private readonly MetadataStateMachine stateMachine;
    private readonly QuorumVoterRegistry registry;
    private readonly IClusterConfigurationStorage<EndPoint> membership;
    private readonly ReplicationProgress progress;
    private readonly ILogger logger;
    private int disposed;

    // The term this node leads in, as of the leadership change that made it leader; -1 while another node leads.
    private long leaderTerm = -1;

    private MetadataQuorum(MetadataQuorumOptions options, RaftCluster cluster, WriteAheadLog log,
        MetadataStateMachine stateMachine, QuorumVoterRegistry registry, IClusterConfigurationStorage<EndPoint> membership,
        ReplicationProgress progress, ILogger logger)
    {
        this.progress = progress;
        this.options = options;
        this.cluster = cluster;
        this.log = log;
        this.stateMachine = stateMachine;
        this.registry = registry;
        this.membership = membership;
        this.logger = logger;
    }

    /// <summary>Raised on every leadership change, on a Raft engine thread.</summary>
    public event Action<QuorumLeadership>? LeadershipChanged;

    /// <summary>This node's id.</summary>
    public int NodeId => options.NodeId;

    /// <summary>The leader this node knows of, or null.</summary>
    public int? LeaderId => cluster.Leader is { } leader ? registry.IdOf(leader.EndPoint) : null;

    /// <summary>True for a dynamic quorum (kraft.version 1), whose voters change through AddRaftVoter and RemoveRaftVoter.</summary>
    public bool IsDynamic => options.Dynamic;

    /// <summary>
    /// The voters now: the configured ones in a static quorum; in a dynamic quorum the Raft engine's members, each
    /// with the id it was added under (a member whose id this node has not learned yet is left out).
    /// </summary>
    public IReadOnlyList<ControllerQuorumVoter> Voters
    {
        get
        {
            if (!options.Dynamic)
                return options.Voters;
            var voters = new List<ControllerQuorumVoter>();
            foreach (var member in cluster.Members)
            {
                if (registry.Find(member.EndPoint) is { NodeId: >= 0 } voter)
                    voters.Add(voter);
            }
            voters.Sort((a, b) => a.NodeId.CompareTo(b.NodeId));
            return voters;
        }
    }

    /// <summary>True when every member the Raft engine has is in <see cref="Voters"/>, its id known here.</summary>
    public bool VotersFullyKnown => !options.Dynamic || Voters.Count == cluster.Members.Count;

    /// <summary>The voter with this id among the current voters, or null.</summary>
    public ControllerQuorumVoter? FindVoter(int nodeId)
    {
        foreach (var voter in Voters)
        {
            if (voter.NodeId == nodeId)
                return voter;
        }
        return null;
    }

    /// <summary>Whether this node leads the quorum now.</summary>
    public bool IsLeader => !cluster.LeadershipToken.IsCancellationRequested;

    /// <summary>The current Raft term, which plays the leader epoch.</summary>
    public long Epoch => cluster.AuditTrail.Term;

    /// <summary>The Raft engine's log (tests).</summary>
    internal WriteAheadLog Log => log;

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
        // The engine hands out followers' progress only through its log events.
        var progress = new ReplicationProgress(loggerFactory);

        var registry = new QuorumVoterRegistry();
        var initial = options.Dynamic
            ? QuorumMembershipFile.Read(options.DataDirectory) ?? throw new InvalidOperationException(
                $"The metadata log in {options.DataDirectory} is not formatted for a dynamic quorum: format it with --standalone, --initial-controllers or --no-initial-controllers.")
            : options.Voters;
        var initialMembers = new List<EndPoint>(initial.Count);
        foreach (var voter in initial)
        {
            var endPoint = await ResolveAsync(voter, options.Transport, cancellationToken).ConfigureAwait(false);
            initialMembers.Add(endPoint);
            if (voter.NodeId >= 0)
                registry.Learn(voter, endPoint);
        }
        var self = options.LocalVoter;
        var local = await ResolveAsync(self, options.Transport, cancellationToken).ConfigureAwait(false);
        registry.Learn(self, local);

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
            var configuration = CreateConfiguration(options, local, progress);
            var storage = configuration.ConfigurationStorage as InMemoryClusterConfigurationStorage<EndPoint>
                          ?? throw new InvalidOperationException("The Raft engine did not supply an in-memory membership storage.");
            var members = storage.CreateInitialConfigurationBuilder();
            foreach (var endPoint in initialMembers)
                members.Add(endPoint);
            members.Build();

            cluster = new RaftCluster(configuration) { AuditTrail = log };

            var quorum = new MetadataQuorum(options, cluster, log, stateMachine, registry, storage, progress,
                loggerFactory.CreateLogger<MetadataQuorum>());
            cluster.LeaderChanged += quorum.OnLeaderChanged;
            if (options.Dynamic)
                storage.ConfigurationChanged += quorum.OnMembershipChangedAsync;
            await cluster.StartAsync(cancellationToken).ConfigureAwait(false);
            QuorumLog.Started(quorum.logger, options.NodeId, local.ToString(), initial.Count);
            return quorum;
        }
        catch
        {
            await DisposeAllAsync(cluster, log, stateMachine).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Remembers the id behind each address a VotersRecord names, so a voter added elsewhere is known here.</summary>
    public async ValueTask LearnVotersAsync(IEnumerable<ControllerQuorumVoter> voters, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(voters);
        foreach (var voter in voters)
            registry.Learn(voter, await ResolveAsync(voter, options.Transport, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>
    /// Adds a voter to a dynamic quorum on its leader: the Raft engine brings the new member's log up to date, then
    /// commits the new membership. False when the member did not catch up or the change was not committed.
    /// </summary>
    /// <exception cref="NotControllerException">This node is not the leader.</exception>
    /// <exception cref="OperationCanceledException">Cancelled, or leadership moved meanwhile.</exception>
    public async Task<bool> AddVoterAsync(ControllerQuorumVoter voter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(voter);
        RequireDynamic();
        var endPoint = await ResolveAsync(voter, options.Transport, cancellationToken).ConfigureAwait(false);
        registry.Learn(voter, endPoint);
        try
        {
            return await cluster.AddMemberAsync(endPoint, cancellationToken).ConfigureAwait(false);
        }
        catch (NotLeaderException e)
        {
            throw new NotControllerException(LeaderId, e);
        }
    }

    /// <summary>Removes a voter from a dynamic quorum on its leader. False when the change was not committed.</summary>
    /// <exception cref="NotControllerException">This node is not the leader.</exception>
    public async Task<bool> RemoveVoterAsync(int nodeId, CancellationToken cancellationToken)
    {
        RequireDynamic();
        var endPoint = registry.EndPointOf(nodeId) ?? throw new ArgumentException($"Node {nodeId} is not a known voter.", nameof(nodeId));
        try
        {
            return await cluster.RemoveMemberAsync(endPoint, cancellationToken).ConfigureAwait(false);
        }
        catch (NotLeaderException e)
        {
            throw new NotControllerException(LeaderId, e);
        }
    }

    private void RequireDynamic()
    {
        if (!options.Dynamic)
            throw new InvalidOperationException("The voters of a static quorum are fixed by controller.quorum.voters.");
    }

    // The engine keeps membership in memory only: each committed change is written down for the next start.
    private ValueTask OnMembershipChangedAsync(IClusterConfiguration<EndPoint> configuration, CancellationToken cancellationToken)
    {
        SaveMembership(configuration.Members);
        return ValueTask.CompletedTask;
    }

    private void SaveMembership(IEnumerable<EndPoint> members)
    {
        var voters = new List<ControllerQuorumVoter>();
        foreach (var endPoint in members)
        {
            voters.Add(registry.Find(endPoint)
                ?? (endPoint is IPEndPoint ip ? new ControllerQuorumVoter(-1, ip.Address.ToString(), ip.Port) : null)
                ?? throw new InvalidOperationException($"A quorum member at {endPoint} has no IP address."));
        }
        lock (registry)
            QuorumMembershipFile.Write(options.DataDirectory, voters);
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
        _ = LeaderTerm();

        if ((options.Dynamic ? cluster.Members.Count : options.Voters.Count) > 1)
            await ConfirmLeaseAsync(cancellationToken).ConfigureAwait(false);
        long term = LeaderTerm();
        // Stamped with the term this node leads in, not the engine's current term: a leader that was paused hears of
        // the newer term before it steps down, and an entry it appends meanwhile must be one the new leader replaces.
        var ticket = new AppendTicket(term);
        try
        {
            await cluster.ReplicateAsync(
                new BinaryLogEntry { Content = entry, Term = term, Context = ticket }, cancellationToken).ConfigureAwait(false);
        }
        catch (NotLeaderException e)
        {
            throw new NotControllerException(LeaderId, e);
        }

        return ticket.Index is > 0 and var index
            ? index
            : throw new NotControllerException(LeaderId);
    }

    /// <summary>The term this node leads in.</summary>
    /// <exception cref="NotControllerException">It does not lead, or the engine has taken a newer term: it is deposed.</exception>
    private long LeaderTerm()
    {
        long term = Volatile.Read(ref leaderTerm);
        if (!IsLeader || term < 0 || Epoch != term)
            throw new NotControllerException(LeaderId);
        return term;
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
    /// What DescribeQuorum reports, as the leader sees it: each voter's log end offset (one past the last entry it
    /// holds), when it last answered the leader, and when it last had all the leader had. A node that does not lead
    /// knows only itself; the others read -1.
    /// </summary>
    public QuorumDescription Describe()
    {
        var leaderId = LeaderId ?? -1;
        var self = options.NodeId;
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        bool leading = leaderId == self;
        var current = Voters;
        var voters = new List<QuorumReplicaState>(current.Count);
        foreach (var voter in current)
        {
            QuorumReplicaState state;
            if (voter.NodeId == self)
                state = new QuorumReplicaState(self, log.LastEntryIndex + 1, leading ? now : -1, leading ? now : -1);
            else if (leading && registry.EndPointOf(voter.NodeId) is { } endPoint
                     && progress.TryGet(endPoint, out var replicated, out var contact, out var caughtUp))
                state = new QuorumReplicaState(voter.NodeId, replicated + 1, contact, caughtUp);
            else
                state = new QuorumReplicaState(voter.NodeId, -1, -1, -1);
            voters.Add(state with { DirectoryId = voter.DirectoryId });
        }

        return new QuorumDescription(leaderId, Epoch, CommittedIndex + 1, voters, []);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
            return;
        cluster.LeaderChanged -= OnLeaderChanged;
        if (options.Dynamic)
            membership.ConfigurationChanged -= OnMembershipChangedAsync;
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
        int? leaderId = leader is not null ? registry.IdOf(leader.EndPoint) : null;
        // Progress is what this node saw as leader; a new term starts it afresh.
        progress.Clear();
        var epoch = Epoch;
        // Raised as the engine takes the new state, before any newer term can be adopted.
        Volatile.Write(ref leaderTerm, leader is { IsRemote: false } ? epoch : -1);
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

    // The transport learns the host name behind each address, so TLS checks the certificate against the voter's name.
    private static async ValueTask<IPEndPoint> ResolveAsync(ControllerQuorumVoter voter, Transport.RaftConnectionHub? transport, CancellationToken cancellationToken)
    {
        if (IPAddress.TryParse(voter.Host, out var address))
            return new IPEndPoint(address, voter.Port);

        var addresses = await Dns.GetHostAddressesAsync(voter.Host, cancellationToken).ConfigureAwait(false);
        var chosen = addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork)
                     ?? addresses.FirstOrDefault()
                     ?? throw new ArgumentException($"Voter host '{voter.Host}' does not resolve.", nameof(voter));
        var endPoint = new IPEndPoint(chosen, voter.Port);
        transport?.NameHost(endPoint, voter.Host);
        return endPoint;
    }
}
