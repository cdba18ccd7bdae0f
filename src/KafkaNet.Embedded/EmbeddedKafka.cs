using KafkaNet.Broker;
using KafkaNet.Broker.Topics;
using KafkaNet.Cluster.Node;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace KafkaNet.Embedded;

/// <summary>
/// A broker running inside the current process on a free loopback port, for tests:
/// <code>await using var kafka = await EmbeddedKafka.StartAsync();</code>
/// then point any Kafka client at <see cref="BootstrapServers"/>. It is what kafkanet-server runs: a node
/// with the combined roles that is its metadata quorum's only voter, so a test sees the production path.
/// </summary>
public sealed class EmbeddedKafka : IAsyncDisposable
{
    private static readonly TimeSpan CreateWait = TimeSpan.FromSeconds(30);
    private readonly bool _ownsDataDirectory;

    private EmbeddedKafka(KafkaNode node, BrokerFaults faults, bool ownsDataDirectory)
    {
        Node = node;
        Faults = faults;
        _ownsDataDirectory = ownsDataDirectory;
    }

    /// <summary>host:port of the broker, as a client's bootstrap.servers wants it.</summary>
    public string BootstrapServers => Broker.Options.AdvertisedEndpoint.ToString();

    public int Port => Broker.Options.AdvertisedEndpoint.Port;

    /// <summary>The node: broker, controller and metadata quorum.</summary>
    public KafkaNode Node { get; }

    /// <summary>Where /metrics and the health endpoints are served; null unless <see cref="EmbeddedKafkaOptions.MetricsListener"/> is set.</summary>
    public Uri? MetricsEndpoint => Node.MetricsEndpoint;

    public KafkaBroker Broker => Node.Broker;

    public string DataDirectory => Broker.Options.DataDirectory;

    /// <summary>Dropped, delayed or failed responses to chosen requests, for testing clients' retries.</summary>
    public BrokerFaults Faults { get; }

    /// <summary>Starts the node and returns once its broker is registered, caught up and serving clients.</summary>
    public static async Task<EmbeddedKafka> StartAsync(EmbeddedKafkaOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new EmbeddedKafkaOptions();
        var (brokerOptions, ownsDataDirectory) = EmbeddedSetup.BrokerOptionsFor(options);
        brokerOptions.Cluster.NodeId = brokerOptions.NodeId;
        if (brokerOptions.Cluster.Voters.Count == 0)
        {
            // Its own quorum, entirely in the process: no controller listener is needed.
            brokerOptions.Cluster.Voters = [new ControllerQuorumVoter(brokerOptions.NodeId, "127.0.0.1", 0)];
        }
        var loggerFactory = options.LoggerFactory ?? NullLoggerFactory.Instance;
        var (handlers, faults) = EmbeddedSetup.WithFaults(options, brokerOptions, loggerFactory);
        var node = await KafkaNode.StartAsync(new KafkaNodeOptions
        {
            Broker = brokerOptions,
            ClientListenHost = "127.0.0.1",
            ClientPort = 0,
            ListenForControllers = false,
            Handlers = handlers,
            MetricsListener = options.MetricsListener,
            WebConsole = options.WebConsole,
        }, loggerFactory, cancellationToken).ConfigureAwait(false);
        try
        {
            await node.Ready.WaitAsync(options.StartTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await node.KillAsync().ConfigureAwait(false);
            throw;
        }
        return new EmbeddedKafka(node, faults, ownsDataDirectory);
    }

    /// <summary>
    /// Creates a topic through the controller, as a CreateTopics request does, and returns once this broker has it.
    /// A replication factor or partition count of -1 takes the broker default.
    /// </summary>
    public async Task<TopicResult> CreateTopicAsync(TopicSpec spec, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var request = new CreateTopicsRequest { TimeoutMs = (int)CreateWait.TotalMilliseconds };
        var topic = new CreateTopicsRequest.CreatableTopic { Name = spec.Name, NumPartitions = spec.PartitionCount, ReplicationFactor = spec.ReplicationFactor };
        foreach (var (name, value) in spec.Configs)
        {
            topic.Configs.Add(new() { Name = name, Value = value });
        }
        request.Topics.Add(topic);
        var controller = Broker.Controller ?? throw new InvalidOperationException("The broker is stopping.");
        var response = await controller.SendAsync<CreateTopicsResponse>(request, CreateTopicsRequest.ApiKey, 7, cancellationToken).ConfigureAwait(false);
        var result = response.Topics.Single();
        if (result.ErrorCode != 0)
        {
            return TopicResult.Failed(new ApiError((ErrorCode)result.ErrorCode, result.ErrorMessage));
        }
        await UntilAsync(() => Broker.Topics.Find(spec.Name)?.TopicId == result.TopicId, cancellationToken).ConfigureAwait(false);
        return TopicResult.Ok(Broker.Topics.Find(spec.Name)!);
    }

    /// <summary>Grows a topic to <paramref name="count"/> partitions through the controller; returns once this broker has them.</summary>
    public async Task CreatePartitionsAsync(string topic, int count, CancellationToken cancellationToken = default)
    {
        var request = new CreatePartitionsRequest { TimeoutMs = (int)CreateWait.TotalMilliseconds };
        request.Topics.Add(new() { Name = topic, Count = count, Assignments = null });
        var controller = Broker.Controller ?? throw new InvalidOperationException("The broker is stopping.");
        var response = await controller.SendAsync<CreatePartitionsResponse>(request, CreatePartitionsRequest.ApiKey, 3, cancellationToken).ConfigureAwait(false);
        var result = response.Results.Single();
        if (result.ErrorCode != 0)
        {
            throw new InvalidOperationException($"CreatePartitions failed: {(ErrorCode)result.ErrorCode} {result.ErrorMessage}");
        }
        await UntilAsync(() => Broker.Topics.Find(topic)?.PartitionCount == count, cancellationToken).ConfigureAwait(false);
    }

    /// <summary><see cref="CreateTopicAsync"/> for synchronous callers.</summary>
    public TopicResult CreateTopic(TopicSpec spec) => Task.Run(() => CreateTopicAsync(spec)).GetAwaiter().GetResult();

    /// <summary>
    /// Returns once this broker coordinates <paramref name="groupId"/> with the group's state loaded. As a client's
    /// first FindCoordinator does, it asks the controller for __consumer_offsets when the topic does not exist yet.
    /// </summary>
    public Task WaitForGroupCoordinatorAsync(string groupId, CancellationToken cancellationToken = default) =>
        UntilAsync(() => Broker.Groups.FindCoordinator(groupId, Broker.Controller, Broker.Cluster.Brokers.Count, out _) == ErrorCode.None
            && Broker.Groups.TryGetShard(groupId, out _) == ErrorCode.None, cancellationToken);

    /// <summary>As <see cref="WaitForGroupCoordinatorAsync"/>, for a transactional id and __transaction_state.</summary>
    public Task WaitForTransactionCoordinatorAsync(string transactionalId, CancellationToken cancellationToken = default) =>
        UntilAsync(() => Broker.Transactions.EnsureCoordinator(transactionalId, out _) == ErrorCode.None
            && Broker.Transactions.ServingState(transactionalId) == ErrorCode.None, cancellationToken);

    // The controller answers once the change is committed; this broker applies it a moment later.
    private static async Task UntilAsync(Func<bool> applied, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(CreateWait);
        while (!applied())
        {
            await Task.Delay(5, deadline.Token).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Node.StopAsync(controlled: false).ConfigureAwait(false);
        EmbeddedSetup.DeleteIfOwned(DataDirectory, _ownsDataDirectory);
    }
}
